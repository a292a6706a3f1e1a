package org.btcpeer.peer;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Core's {@code FeeFilterRounder} (policy/fees/block_policy_estimator.cpp): quantises the feefilter we
 * send so it does not reveal our exact mempool minimum. The buckets are 0 and
 * {@code max(1, incremental / 2) × 1.1^k} up to {@value #MAX_FILTER_FEERATE}
 * ({@code FEE_FILTER_SPACING}, {@code MAX_FILTER_FEERATE}); a fee rate goes to the first bucket at or
 * above it, and with probability 2/3 one bucket lower (never below the first, and always lower past
 * the last bucket).
 *
 * <p>Thread-safe: draws happen inside {@code synchronized (random)}, as everywhere in btcpeer.
 */
public final class FeeFilterRounder {

    /** Core's {@code FeeFilterRounder::MAX_FILTER_FEERATE}. */
    public static final double MAX_FILTER_FEERATE = 1e7;
    /** Core's {@code FeeFilterRounder::FEE_FILTER_SPACING}. */
    public static final double FEE_FILTER_SPACING = 1.1;

    private final double[] buckets;
    private final RandomGenerator random;

    /**
     * A rounder for an incremental relay fee.
     *
     * @param incrementalRelayFee sat/kvB (Core v30: 100)
     * @param random              randomness for the downward step
     */
    public FeeFilterRounder(long incrementalRelayFee, RandomGenerator random) {
        this.random = random;
        double[] b = new double[512];
        int n = 0;
        b[n++] = 0;
        // MakeFeeSet: doubles, multiplied exactly as Core does, so the buckets match bit for bit.
        for (double boundary = Math.max(1, incrementalRelayFee / 2); boundary <= MAX_FILTER_FEERATE;
             boundary *= FEE_FILTER_SPACING) {
            b[n++] = boundary;
        }
        this.buckets = Arrays.copyOf(b, n);
    }

    /**
     * Rounds a minimum fee rate (Core's {@code FeeFilterRounder::round}).
     *
     * @param currentMinFee sat/kvB
     * @return the quantised rate (the bucket's value truncated to whole satoshis)
     */
    public long round(long currentMinFee) {
        int i = lowerBound(currentMinFee);
        if (i == buckets.length || (i != 0 && draw() % 3 != 0)) {
            i--;
        }
        return (long) buckets[i];
    }

    /** The largest value {@link #round} can return: what a feefilter of {@code MAX_MONEY} becomes. */
    public long maxFilter() {
        return (long) buckets[buckets.length - 1];
    }

    private int lowerBound(double value) {
        int lo = 0;
        int hi = buckets.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (buckets[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int draw() {
        synchronized (random) {
            return random.nextInt(3);
        }
    }
}
