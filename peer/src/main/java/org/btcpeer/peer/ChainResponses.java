package org.btcpeer.peer;

import org.btcpeer.wire.message.Message;

/**
 * Recognizes answers to our getdata/getheaders requests (blocks, transactions, merkleblocks,
 * compact blocks, headers) and records them as progress for stall detection.
 */
final class ChainResponses {

    private ChainResponses() {
    }

    static void onResponse(Peer peer, Message m, long now) {
        // Filled in with the chain message types (block, tx, headers, merkleblock, cmpctblock).
    }
}
