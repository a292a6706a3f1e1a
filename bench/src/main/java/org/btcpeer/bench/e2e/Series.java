package org.btcpeer.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.btcpeer.bench.Table;

/**
 * The rounds of one side of a comparison, measured alternately with the other side's rounds so
 * that both see the same machine state (the same warm-up before, the same load during). The rate
 * is the total over all rounds; the range is the slowest and fastest round; a ratio to another
 * series pairs round {@code i} with round {@code i}.
 */
final class Series {

    private final List<Rate> rounds = new ArrayList<>();

    void add(Rate r) {
        rounds.add(r);
    }

    /** Messages per second over every round together. */
    double perSecond() {
        long count = 0;
        long nanos = 0;
        for (Rate r : rounds) {
            count += r.count();
            nanos += r.nanos();
        }
        return count / (nanos / 1e9);
    }

    private double min() {
        return rounds.stream().mapToDouble(Rate::perSecond).min().orElse(Double.NaN);
    }

    private double max() {
        return rounds.stream().mapToDouble(Rate::perSecond).max().orElse(Double.NaN);
    }

    private String cpu() {
        long cpu = 0;
        long nanos = 0;
        for (Rate r : rounds) {
            cpu += r.cpuNanos();
            nanos += r.nanos();
        }
        return String.format(Locale.ROOT, " (%.1f cores)", (double) cpu / nanos);
    }

    /**
     * As "812 [790–830] (1.4 cores)", every rate multiplied by {@code scale} (bytes per message / 1e6 for MB/s).
     *
     * @param scale the unit conversion
     * @return the text
     */
    String text(double scale) {
        return Table.num(perSecond() * scale) + " [" + Table.num(min() * scale) + "–" + Table.num(max() * scale) + "]" + cpu();
    }

    /**
     * This series' rate over {@code other}'s: the total ratio, and the range of the per-round ratios.
     *
     * @param other the baseline, measured in alternation with this one
     * @return as "0.62x [0.55–0.70]"
     */
    String ratioTo(Series other) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int i = 0; i < Math.min(rounds.size(), other.rounds.size()); i++) {
            double r = rounds.get(i).perSecond() / other.rounds.get(i).perSecond();
            lo = Math.min(lo, r);
            hi = Math.max(hi, r);
        }
        return String.format(Locale.ROOT, "%.2fx [%.2f–%.2f]", perSecond() / other.perSecond(), lo, hi);
    }
}
