package org.btcpeer.node.compact;

import org.btcpeer.peer.Peer;

/**
 * Receives the {@link CompactBlockReport}s of a {@link CompactBlockReceiver}. Called without locks
 * held, on the reader thread of the peer whose message completed the step, or on a virtual thread
 * for a timeout. Must not block for long.
 */
@FunctionalInterface
public interface CompactBlockListener {

    /**
     * One step of one block.
     *
     * @param peer   the peer that sent the compact block
     * @param report what happened
     */
    void onReport(Peer peer, CompactBlockReport report);
}
