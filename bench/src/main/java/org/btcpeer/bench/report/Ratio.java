package org.btcpeer.bench.report;

import java.util.Locale;

/**
 * A ratio of two measured times with its range: the point estimate and the interval that the two
 * JMH confidence intervals (99.9 %, over every fork's iterations) allow. A target is "met" only if
 * the whole range meets it, "missed" only if none of it does, and "inconclusive" when the range
 * straddles it: a verdict never rests on point estimates whose error bars overlap.
 *
 * @param point the ratio of the two scores
 * @param low   the smallest ratio within both intervals
 * @param high  the largest ratio within both intervals (infinite if the denominator's interval reaches 0)
 */
public record Ratio(double point, double low, double high) {

    /**
     * {@code a / b} for scores {@code a ± errA} and {@code b ± errB}; a missing error counts as 0.
     *
     * @param a    the numerator's score
     * @param errA its error
     * @param b    the denominator's score
     * @param errB its error
     * @return the ratio and its range
     */
    public static Ratio of(double a, double errA, double b, double errB) {
        double ea = Double.isNaN(errA) ? 0 : errA;
        double eb = Double.isNaN(errB) ? 0 : errB;
        double low = Math.max(0, a - ea) / (b + eb);
        double high = b - eb <= 0 ? Double.POSITIVE_INFINITY : (a + ea) / (b - eb);
        return new Ratio(a / b, low, high);
    }

    /** {@code b / a}: the same comparison the other way round ("times faster"). */
    public Ratio inverse() {
        return new Ratio(1 / point, high == 0 ? Double.POSITIVE_INFINITY : 1 / high, low == 0 ? Double.POSITIVE_INFINITY : 1 / low);
    }

    /** Whether the range is known: both scores were measured. */
    public boolean known() {
        return !Double.isNaN(point);
    }

    /**
     * The verdict on "at most {@code limit}".
     *
     * @param limit the target
     * @return met, missed or inconclusive
     */
    public String atMost(double limit) {
        return !known() ? "n/a" : high <= limit ? "met" : low > limit ? "**missed**" : "inconclusive";
    }

    /**
     * The verdict on "at least {@code limit}".
     *
     * @param limit the target
     * @return met, missed or inconclusive
     */
    public String atLeast(double limit) {
        return !known() ? "n/a" : low >= limit ? "met" : high < limit ? "**missed**" : "inconclusive";
    }

    /** As "0.62x [0.55–0.70]". */
    @Override
    public String toString() {
        if (!known()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx [%.2f–%s]", point, low,
                Double.isInfinite(high) ? "∞" : String.format(Locale.ROOT, "%.2f", high));
    }
}
