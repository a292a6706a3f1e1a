package org.btcpeer.peer;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongUnaryOperator;

/**
 * When to send one peer our feefilter, and what: Core's {@code MaybeSendFeefilter} as a sans-I/O
 * state machine over a nanosecond clock.
 *
 * <pre>
 * poll(now):  current = supplier (MAX_MONEY in IBD)
 *             sent the IBD value before and out of IBD now  ─► due at once
 *             due (first poll, or now past the next send):
 *                 value = max(round(current), minRelayFee); send it if it differs from the last sent
 *                 next send = now + Exp(AVG_FEEFILTER_BROADCAST_INTERVAL)
 *             else if the next send is more than MAX_FEEFILTER_CHANGE_DELAY away and current is
 *             outside [3/4, 4/3] of the last sent:  next send = now + Uniform[0, MAX_FEEFILTER_CHANGE_DELAY)
 * </pre>
 *
 * Core re-evaluates the second rule on every pass of its message handler; we check it every
 * {@link #CHANGE_CHECK_INTERVAL} while the next send is further away than the change delay, and
 * for the end of initial block download while the peer has our IBD value (see {@link #nextWake}).
 */
final class FeeFilterSchedule {

    /** Core's {@code AVG_FEEFILTER_BROADCAST_INTERVAL}. */
    static final Duration AVG_FEEFILTER_BROADCAST_INTERVAL = Duration.ofMinutes(10);
    /** Core's {@code MAX_FEEFILTER_CHANGE_DELAY}. */
    static final Duration MAX_FEEFILTER_CHANGE_DELAY = Duration.ofMinutes(5);
    /** How often a big change of the mempool minimum is looked for between sends (Core: every handler pass). */
    static final Duration CHANGE_CHECK_INTERVAL = Duration.ofSeconds(10);

    private final FeeFilter.Mempool policy;
    private final FeeFilterRounder rounder;
    private final LongUnaryOperator exponentialDelay;
    private final LongUnaryOperator uniformDelay;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean due = true;       // Core's m_next_send_feefilter = 0: the first poll sends
    private long nextSend;
    private long sent;                // Core's m_fee_filter_sent, 0 at start

    /**
     * A schedule for one peer.
     *
     * @param policy           the supplier and fee floors
     * @param rounder          the privacy rounding (shared by all peers, as Core's one rounder)
     * @param exponentialDelay mean in nanos to an exponentially distributed delay
     * @param uniformDelay     bound in nanos to a uniform delay in {@code [0, bound)}
     */
    FeeFilterSchedule(FeeFilter.Mempool policy, FeeFilterRounder rounder, LongUnaryOperator exponentialDelay,
                      LongUnaryOperator uniformDelay) {
        this.policy = policy;
        this.rounder = rounder;
        this.exponentialDelay = exponentialDelay;
        this.uniformDelay = uniformDelay;
    }

    /**
     * Evaluates the schedule.
     *
     * @param now the clock in nanos
     * @return the feefilter to send now, if any
     */
    OptionalLong poll(long now) {
        long current = Math.min(Math.max(0, policy.currentMinFee().getAsLong()), FeeFilter.MAX_MONEY);
        boolean ibd = current >= FeeFilter.IN_INITIAL_BLOCK_DOWNLOAD;
        lock.lock();
        try {
            if (!ibd && sent == rounder.maxFilter()) {
                due = true; // left IBD: replace the "send me nothing" filter at once
            }
            if (due || now - nextSend > 0) {
                due = false;
                nextSend = now + exponentialDelay.applyAsLong(AVG_FEEFILTER_BROADCAST_INTERVAL.toNanos());
                long value = Math.max(rounder.round(current), policy.minRelayFee());
                if (value != sent) {
                    sent = value;
                    return OptionalLong.of(value);
                }
                return OptionalLong.empty();
            }
            if (nextSend - now > MAX_FEEFILTER_CHANGE_DELAY.toNanos()
                    && (current < 3 * sent / 4 || current > 4 * sent / 3)) {
                nextSend = now + uniformDelay.applyAsLong(MAX_FEEFILTER_CHANGE_DELAY.toNanos());
            }
            return OptionalLong.empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * When {@link #poll} should run next: just after the next send, or sooner to look for a big
     * change while the next send is more than {@link #MAX_FEEFILTER_CHANGE_DELAY} away, and for the
     * end of initial block download while the IBD value is what the peer has.
     *
     * @param now the clock in nanos
     * @return a time in nanos
     */
    long nextWake(long now) {
        lock.lock();
        try {
            if (due) {
                return now;
            }
            long afterSend = nextSend + 1; // Core's condition is "now > next send"
            if (nextSend - now > MAX_FEEFILTER_CHANGE_DELAY.toNanos() || sent == rounder.maxFilter()) {
                // a big change, or the end of IBD (sent at once), can bring the send forward
                return Math.min(afterSend, now + CHANGE_CHECK_INTERVAL.toNanos());
            }
            return afterSend;
        } finally {
            lock.unlock();
        }
    }

    /** The last value sent (0 before the first). */
    long lastSent() {
        lock.lock();
        try {
            return sent;
        } finally {
            lock.unlock();
        }
    }
}
