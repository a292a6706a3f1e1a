package org.btcpeer.peer;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What our feefilter messages (BIP-133) tell a peer: "do not announce transactions paying less than
 * this fee rate" (sat/kvB). Sent only to peers at 70013+ ({@code FEEFILTER_VERSION}) and never on a
 * connection whose version said relay=false (block-relay-only, blocks-only), as Core's
 * {@code MaybeSendFeefilter}.
 *
 * <ul>
 *   <li>{@link #NONE}: no feefilter (a client without a mempool; the default).</li>
 *   <li>{@link #fixed}: one value, sent once right after the handshake, as given (no rounding, no
 *       refresh): the simple path for applications and tests with a constant floor.</li>
 *   <li>{@link #mempool}: Core's behaviour. The supplier gives the mempool's current minimum fee
 *       rate, or {@link #IN_INITIAL_BLOCK_DOWNLOAD} while the node is in initial block download
 *       (txs would be discarded anyway). The value is rounded with {@link FeeFilterRounder} (privacy),
 *       raised to the minimum relay fee, and sent after the handshake, then on a Poisson timer
 *       averaging {@link FeeFilterSchedule#AVG_FEEFILTER_BROADCAST_INTERVAL} when it changed; a change
 *       beyond 3/4..4/3 of the last value sent brings the next send within
 *       {@link FeeFilterSchedule#MAX_FEEFILTER_CHANGE_DELAY}.</li>
 * </ul>
 */
public sealed interface FeeFilter {

    /** Core's {@code MAX_MONEY} (21 million BTC in satoshis). */
    long MAX_MONEY = 21_000_000L * 100_000_000L;

    /** What a {@link #mempool} supplier returns while in initial block download: Core sends {@code MAX_MONEY} (rounded). */
    long IN_INITIAL_BLOCK_DOWNLOAD = MAX_MONEY;

    /** Core v30's {@code DEFAULT_MIN_RELAY_TX_FEE}: 100 sat/kvB (0.1 sat/vB); a feefilter is never below it. */
    long DEFAULT_MIN_RELAY_FEE = 100;

    /** Core v30's {@code DEFAULT_INCREMENTAL_RELAY_FEE}: 100 sat/kvB; the rounder's buckets start at half of it. */
    long DEFAULT_INCREMENTAL_RELAY_FEE = 100;

    /** No feefilter is sent. */
    FeeFilter NONE = new None();

    /**
     * A constant feefilter, sent once after the handshake exactly as given.
     *
     * @param satPerKvB the fee rate, not negative
     * @return the setting
     */
    static FeeFilter fixed(long satPerKvB) {
        return new Fixed(satPerKvB);
    }

    /**
     * Core's refreshed feefilter, with Core v30's minimum relay and incremental relay fees.
     *
     * @param currentMinFee the mempool's minimum fee rate in sat/kvB, or {@link #IN_INITIAL_BLOCK_DOWNLOAD};
     *                      called on the scheduler thread, so it must be cheap and never block
     * @return the setting
     */
    static FeeFilter mempool(LongSupplier currentMinFee) {
        return new Mempool(currentMinFee, DEFAULT_MIN_RELAY_FEE, DEFAULT_INCREMENTAL_RELAY_FEE);
    }

    /** No feefilter. */
    record None() implements FeeFilter {
    }

    /**
     * A constant feefilter sent once.
     *
     * @param satPerKvB the fee rate
     */
    record Fixed(long satPerKvB) implements FeeFilter {
        /**
         * Validates the rate.
         *
         * @param satPerKvB not negative, at most {@link FeeFilter#MAX_MONEY}
         */
        public Fixed {
            if (satPerKvB < 0 || satPerKvB > MAX_MONEY) {
                throw new IllegalArgumentException("fee rate out of range: " + satPerKvB);
            }
        }
    }

    /**
     * Core's refreshed, rounded feefilter.
     *
     * @param currentMinFee       the mempool's minimum fee rate (sat/kvB), or {@link FeeFilter#IN_INITIAL_BLOCK_DOWNLOAD}
     * @param minRelayFee         the floor of what is sent ({@code -minrelaytxfee})
     * @param incrementalRelayFee sets the rounder's buckets ({@code -incrementalrelayfee})
     */
    record Mempool(LongSupplier currentMinFee, long minRelayFee, long incrementalRelayFee) implements FeeFilter {
        /**
         * Validates the fields.
         *
         * @param currentMinFee       not null
         * @param minRelayFee         not negative
         * @param incrementalRelayFee not negative
         */
        public Mempool {
            Objects.requireNonNull(currentMinFee, "currentMinFee");
            if (minRelayFee < 0 || incrementalRelayFee < 0) {
                throw new IllegalArgumentException("fees must not be negative");
            }
        }
    }
}
