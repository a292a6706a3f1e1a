package org.btcpeer.peer;

import java.util.List;

import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.BlockTxnMessage;
import org.btcpeer.wire.message.CmpctBlockMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.MerkleBlockMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.TxMessage;

/**
 * Recognizes answers to our getdata and getheaders requests (blocks, transactions, merkleblocks,
 * compact blocks, headers) and records them as progress for stall detection; also raises the
 * peer's known last block and known inventory.
 */
final class ChainResponses {

    private ChainResponses() {
    }

    static void onResponse(Peer peer, Message m, long now) {
        switch (m) {
            case BlockMessage b -> {
                peer.requests.dataReceived(List.of(b.block().hash()), now);
                peer.knownInventory.add(b.block().hash());
            }
            case TxMessage t -> {
                // Known inventory holds the id announcements use (BIP-339); the other id of a segwit
                // tx costs a second SHA-256d pass, computed only while requests wait for an answer
                // (a request may have named the tx by either id).
                boolean byWtxid = peer.features().wtxidRelay();
                peer.knownInventory.add(byWtxid ? t.transaction().wtxid() : t.transaction().txid());
                if (peer.requests.outstandingCount() > 0) {
                    peer.requests.dataReceived(List.of(t.transaction().txid(), t.transaction().wtxid()), now);
                }
            }
            case MerkleBlockMessage mb -> peer.requests.dataReceived(List.of(mb.header().hash()), now);
            case CmpctBlockMessage cb -> {
                peer.requests.dataReceived(List.of(cb.compactBlock().header().hash()), now);
                peer.knownInventory.add(cb.compactBlock().header().hash());
            }
            case BlockTxnMessage bt -> peer.requests.dataReceived(List.of(bt.transactions().blockHash()), now);
            case HeadersMessage h -> {
                peer.requests.headersReceived();
                h.headers().forEach(header -> peer.knownInventory.add(header.hash()));
            }
            default -> {
                // not an answer to a tracked request
            }
        }
    }
}
