package org.btcpeer.examples.cli;

import java.time.Duration;
import java.util.Locale;

/** Number formats shared by the commands' human output. */
public final class Format {

    private Format() {
    }

    /**
     * Milliseconds with two decimals.
     *
     * @param d a duration
     * @return for example {@code 0.42 ms}
     */
    public static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
    }

    /**
     * Milliseconds as a number, for JSON.
     *
     * @param d a duration
     * @return fractional milliseconds
     */
    public static double millisValue(Duration d) {
        return d.toNanos() / 1e6;
    }

    /**
     * Seconds with two decimals.
     *
     * @param d a duration
     * @return for example {@code 1.25 s}
     */
    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }

    /**
     * A byte count with thousands separators.
     *
     * @param bytes the count
     * @return for example {@code 63,912 B}
     */
    public static String bytes(long bytes) {
        return String.format(Locale.ROOT, "%,d B", bytes);
    }

    /**
     * A throughput in MB/s (10^6 bytes).
     *
     * @param mbPerSecond the rate
     * @return for example {@code 12.3 MB/s}
     */
    public static String rate(double mbPerSecond) {
        return String.format(Locale.ROOT, "%.1f MB/s", mbPerSecond);
    }

    /**
     * Two aligned columns: a label padded to {@code width}, then the value.
     *
     * @param sb    the output
     * @param width the label column width
     * @param label the label
     * @param value the value
     */
    public static void row(StringBuilder sb, int width, String label, Object value) {
        sb.append("  ").append(label);
        sb.append(" ".repeat(Math.max(1, width - label.length())));
        sb.append(value).append('\n');
    }
}
