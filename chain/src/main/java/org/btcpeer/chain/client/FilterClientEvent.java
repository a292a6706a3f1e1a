package org.btcpeer.chain.client;

import org.btcpeer.chain.filter.BlockFilter;
import org.btcpeer.peer.Peer;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;

/** What a {@link FilterClient} reports while it scans, in order, on the scan's thread. */
public sealed interface FilterClientEvent {

    /**
     * The filter headers up to a height are agreed by every remaining peer (and checked against
     * their checkpoints).
     *
     * @param height the last verified height
     * @param peers  how many peers agree
     */
    record HeadersVerified(int height, int peers) implements FilterClientEvent {
    }

    /**
     * One filter was verified against the agreed filter-header chain and matched.
     *
     * @param height    the block height
     * @param header    the block's filter header
     * @param filter    the filter
     * @param matched   whether it matched a watched script
     * @param toHeight  the scan's last height, for progress
     */
    record FilterVerified(int height, Hash256 header, BlockFilter filter, boolean matched, int toHeight)
            implements FilterClientEvent {
    }

    /**
     * A block whose filter matched was downloaded.
     *
     * @param height the height
     * @param block  the block
     */
    record BlockMatched(int height, Block block) implements FilterClientEvent {
    }

    /**
     * A peer was disconnected for sending filter data the evidence proves false.
     *
     * @param peer     the peer
     * @param evidence what it sent and why it is false
     */
    record PeerDropped(Peer peer, String evidence) implements FilterClientEvent {
    }
}
