package org.btcpeer.peer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Core's adaptive block-stalling timeout ({@code m_block_stalling_timeout}), shared by a runtime's
 * peers: it starts at {@code BLOCK_STALLING_TIMEOUT_DEFAULT}, doubles (up to
 * {@code BLOCK_STALLING_TIMEOUT_MAX}) each time a staller is disconnected, so that our own slow
 * link does not make us drop peer after peer, and shrinks to 85 % (in whole seconds, never below
 * the default) with every requested block that arrives. Core shrinks it in {@code BlockConnected},
 * once per block connected to its chain; the peer layer has no chain, so a received block stands in.
 */
final class BlockStallingTimeout {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong nanos = new AtomicLong(); // 0 means "the default"

    /** The timeout now, within {@code [defaultNanos, maxNanos]}. */
    long current(long defaultNanos, long maxNanos) {
        return Math.min(maxNanos, Math.max(defaultNanos, nanos.get()));
    }

    /** A staller was disconnected: the next peer gets twice as long (Core, in {@code SendMessages}). */
    void stallerDisconnected(long defaultNanos, long maxNanos) {
        nanos.updateAndGet(n -> Math.min(maxNanos, 2 * Math.max(defaultNanos, n)));
    }

    /**
     * A block arrived: 85 % of the timeout, cut to whole seconds, at least the default (Core:
     * {@code max(duration_cast<seconds>(timeout * 0.85), BLOCK_STALLING_TIMEOUT_DEFAULT)}).
     */
    void blockReceived(long defaultNanos) {
        nanos.updateAndGet(n -> n <= defaultNanos ? n : Math.max(defaultNanos, (long) (n / (double) SECOND * 0.85) * SECOND));
    }
}
