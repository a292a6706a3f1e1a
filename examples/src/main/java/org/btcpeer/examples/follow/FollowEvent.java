package org.btcpeer.examples.follow;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.btcpeer.node.compact.FallbackReason;
import org.btcpeer.wire.Hash256;

/**
 * What a {@link Follower} reports, one event per fact: peers coming and going, header sync
 * progress, each new block with how it arrived, each transaction seen. Peers are named by their
 * address ({@code host:port}) and the peer id of this process.
 */
public sealed interface FollowEvent {

    /**
     * A peer's handshake completed.
     *
     * @param peer        its address
     * @param id          its peer id
     * @param transport   {@code v1} or {@code v2}
     * @param userAgent   its user agent
     * @param startHeight the height its version announced
     */
    record Connected(String peer, long id, String transport, String userAgent, int startHeight) implements FollowEvent {
    }

    /**
     * A connected peer went away.
     *
     * @param peer   its address
     * @param id     its peer id
     * @param reason why, as the peer layer says it
     */
    record Disconnected(String peer, long id, String reason) implements FollowEvent {
    }

    /**
     * Header sync progress, after each headers message of the initial sync.
     *
     * @param height       the best header's height
     * @param targetHeight the highest height a peer announced
     */
    record HeadersProgress(int height, int targetHeight) implements FollowEvent {
    }

    /**
     * The initial header sync caught up; from now on new blocks are followed.
     *
     * @param height the best header's height
     * @param hash   its hash
     */
    record Synced(int height, Hash256 hash) implements FollowEvent {
    }

    /**
     * A peer was asked to announce new blocks with cmpctblock right away (BIP-152 high bandwidth).
     *
     * @param peer  its address
     * @param peers every high-bandwidth peer now, the longest-standing first
     */
    record HighBandwidth(String peer, List<String> peers) implements FollowEvent {
        /**
         * Copies the list.
         *
         * @param peer  the peer
         * @param peers the peers
         */
        public HighBandwidth {
            peers = List.copyOf(peers);
        }
    }

    /**
     * A block on the best chain arrived and matched its header (merkle root, witness commitment).
     *
     * @param height       its height
     * @param hash         its hash
     * @param peer         who sent it
     * @param arrival      how it arrived
     * @param transactions its transaction count
     */
    record NewTip(int height, Hash256 hash, String peer, Arrival arrival, int transactions) implements FollowEvent {
        /**
         * Checks the fields.
         *
         * @param height       height
         * @param hash         hash
         * @param peer         peer
         * @param arrival      arrival
         * @param transactions count
         */
        public NewTip {
            Objects.requireNonNull(arrival, "arrival");
        }
    }

    /**
     * A transaction not seen before arrived; it was queued for the other peers.
     *
     * @param txid      its txid
     * @param wtxid     its wtxid
     * @param peer      who sent it
     * @param relayedTo how many other peers it was queued for
     */
    record TxSeen(Hash256 txid, Hash256 wtxid, String peer, int relayedTo) implements FollowEvent {
    }

    /**
     * A block that did not match its header, or whose header broke a rule; its sender is disconnected.
     *
     * @param hash    the block's hash
     * @param peer    who sent it
     * @param problem what is wrong
     */
    record BlockRejected(Hash256 hash, String peer, String problem) implements FollowEvent {
    }

    /** How a block arrived. */
    sealed interface Arrival {
    }

    /**
     * Rebuilt from a cmpctblock.
     *
     * @param prefilled transactions sent in the cmpctblock
     * @param fromPool  transactions found in the pool
     * @param fetched   transactions fetched with getblocktxn (0: no round trip)
     */
    record Reconstructed(int prefilled, int fromPool, int fetched) implements Arrival {
    }

    /**
     * Received as a full block.
     *
     * @param fallback why the compact block could not be used, or empty if the full block was asked
     *                 for directly (a peer without compact blocks)
     */
    record FullBlock(Optional<FallbackReason> fallback) implements Arrival {
        /**
         * Checks the field.
         *
         * @param fallback the reason
         */
        public FullBlock {
            Objects.requireNonNull(fallback, "fallback");
        }
    }
}
