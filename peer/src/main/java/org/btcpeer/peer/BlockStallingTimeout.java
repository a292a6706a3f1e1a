package org.btcpeer.peer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Core's adaptive block-stalling timeout ({@code m_block_stalling_timeout}), shared by a runtime's
 * peers: it starts at {@code BLOCK_STALLING_TIMEOUT_DEFAULT}, doubles (up to
 * {@code BLOCK_STALLING_TIMEOUT_MAX}) each time a staller is disconnected, so that our own slow
 * link does not make us drop peer after peer, and shrinks by 15% towards the default with every
 * block that arrives.
 */
final class BlockStallingTimeout {

    private final AtomicLong nanos = new AtomicLong(); // 0 means "the default"

    /** The timeout now, within {@code [defaultNanos, maxNanos]}. */
    long current(long defaultNanos, long maxNanos) {
        return Math.min(maxNanos, Math.max(defaultNanos, nanos.get()));
    }

    /** A staller was disconnected: the next peer gets twice as long (Core, in {@code SendMessages}). */
    void stallerDisconnected(long defaultNanos, long maxNanos) {
        nanos.updateAndGet(n -> Math.min(maxNanos, 2 * Math.max(defaultNanos, n)));
    }

    /** A block arrived: shrink by 15% towards the default (Core, on a received block). */
    void blockReceived(long defaultNanos) {
        nanos.updateAndGet(n -> n <= defaultNanos ? n : Math.max(defaultNanos, (long) (n * 0.85)));
    }
}
