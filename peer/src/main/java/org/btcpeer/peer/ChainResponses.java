package org.btcpeer.peer;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.BlockTxnMessage;
import org.btcpeer.wire.message.CmpctBlockMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.MerkleBlockMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.TxMessage;

/**
 * Recognizes answers to our getdata requests (blocks, transactions, merkleblocks, compact blocks,
 * block transactions) and completes the matching requests in the {@link RequestTracker}; also
 * raises the peer's known inventory.
 */
final class ChainResponses {

    private ChainResponses() {
    }

    static void onResponse(Peer peer, Message m, long now) {
        switch (m) {
            case BlockMessage b -> {
                block(peer, b.block().hash(), now);
                peer.knownInventory.add(b.block().hash());
            }
            case TxMessage t -> {
                // Known inventory holds the id announcements use (BIP-339); the other id of a segwit
                // tx costs a second SHA-256d pass, computed only while requests wait for an answer
                // (a request may have named the tx by either id).
                boolean byWtxid = peer.features().wtxidRelay();
                peer.knownInventory.add(byWtxid ? t.transaction().wtxid() : t.transaction().txid());
                if (peer.requests.awaitingTransactions()) {
                    peer.requests.txReceived(t.transaction().txid(), t.transaction().wtxid());
                }
            }
            case MerkleBlockMessage mb -> block(peer, mb.header().hash(), now);
            case CmpctBlockMessage cb -> {
                block(peer, cb.compactBlock().header().hash(), now);
                peer.knownInventory.add(cb.compactBlock().header().hash());
            }
            case BlockTxnMessage bt -> block(peer, bt.transactions().blockHash(), now);
            case HeadersMessage h -> h.headers().forEach(header -> peer.knownInventory.add(header.hash()));
            default -> {
                // not an answer to a tracked request
            }
        }
    }

    private static void block(Peer peer, Hash256 hash, long now) {
        if (peer.requests.blockReceived(hash, now)) {
            RequestTimeouts t = peer.config().requestTimeouts();
            peer.runtime().blockStalling().blockReceived(t.blockStallingDefault().toNanos());
        }
    }
}
