package org.btcpeer.chain.sync;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.HeaderRule;

/**
 * What a {@link HeaderSync} reports, in order, on its own thread (never while it holds a lock). A
 * listener must return quickly: the sync processes nothing while it runs.
 */
public sealed interface HeaderSyncEvent {

    /**
     * The initial sync moved to a peer (the first one, or the next after a stall or disconnect).
     *
     * @param peerId      the new sync peer
     * @param replacedId  the peer it replaces, if any
     */
    record SyncPeerChosen(long peerId, Optional<Long> replacedId) implements HeaderSyncEvent {
        /**
         * Checks the fields.
         *
         * @param peerId     peer
         * @param replacedId replaced
         */
        public SyncPeerChosen {
            Objects.requireNonNull(replacedId, "replacedId");
        }
    }

    /**
     * Progress of the initial sync, after each headers message of the sync peer.
     *
     * @param height           the best chain's height
     * @param targetHeight     the highest start height a peer announced in its version (an estimate)
     * @param headersPerSecond headers added per second over the sync so far
     * @param eta              the time left at that rate, if the rate is known and the target above us
     */
    record Progress(int height, int targetHeight, double headersPerSecond, Optional<Duration> eta)
            implements HeaderSyncEvent {
        /**
         * Checks the fields.
         *
         * @param height           height
         * @param targetHeight     target height
         * @param headersPerSecond rate
         * @param eta              eta
         */
        public Progress {
            Objects.requireNonNull(eta, "eta");
        }
    }

    /**
     * The initial sync caught up: a sync peer answered with fewer than 2,000 headers (it had
     * nothing more). From now on every peer is asked and may announce.
     *
     * @param tip the best header
     */
    record Synced(ChainHeader tip) implements HeaderSyncEvent {
        /**
         * Checks the fields.
         *
         * @param tip tip
         */
        public Synced {
            Objects.requireNonNull(tip, "tip");
        }
    }

    /**
     * After the initial sync, the best chain grew (an announcement by headers or by inv).
     *
     * @param tip    the new tip
     * @param peerId the peer whose headers made it
     */
    record NewTip(ChainHeader tip, long peerId) implements HeaderSyncEvent {
        /**
         * Checks the fields.
         *
         * @param tip    tip
         * @param peerId peer
         */
        public NewTip {
            Objects.requireNonNull(tip, "tip");
        }
    }

    /**
     * The best chain switched to a fork with more work (the chain's
     * {@link org.btcpeer.chain.headers.HeaderChainListener} tells each header).
     *
     * @param oldTip the tip before
     * @param fork   the last header both chains share
     * @param newTip the tip now
     * @param peerId the peer whose headers made it
     */
    record Reorg(ChainHeader oldTip, ChainHeader fork, ChainHeader newTip, long peerId) implements HeaderSyncEvent {
        /**
         * Checks the fields.
         *
         * @param oldTip old tip
         * @param fork   fork point
         * @param newTip new tip
         * @param peerId peer
         */
        public Reorg {
            Objects.requireNonNull(oldTip, "oldTip");
            Objects.requireNonNull(fork, "fork");
            Objects.requireNonNull(newTip, "newTip");
        }
    }

    /**
     * A peer sent headers Core punishes; it was handed to the {@link MisbehaviorReporter}.
     *
     * @param peerId the peer
     * @param rule   the header rule broken, or empty for a message-level fault (not continuous)
     * @param detail what it did
     */
    record PeerMisbehaved(long peerId, Optional<HeaderRule> rule, String detail) implements HeaderSyncEvent {
        /**
         * Checks the fields.
         *
         * @param peerId peer
         * @param rule   rule
         * @param detail detail
         */
        public PeerMisbehaved {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
