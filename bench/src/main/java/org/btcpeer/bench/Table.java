package org.btcpeer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table printed by the harness commands, with the machine's load average alongside. */
public final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * Starts a table.
     *
     * @param columns the column titles
     */
    public Table(String... columns) {
        this.header = List.of(columns);
    }

    /**
     * Adds a row.
     *
     * @param cells one cell per column
     */
    public void row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(String.valueOf(c));
        }
        rows.add(r);
    }

    /** The table as Markdown. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            sb.append("---|");
        }
        sb.append('\n');
        for (List<String> r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * The 1-minute load average from {@code /proc/loadavg}, or "?" where there is none.
     *
     * @return the load average
     */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /**
     * The CPU time this process has used so far, all threads.
     *
     * @return nanoseconds
     */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Formats a number with a fixed number of significant figures, thousands separated.
     *
     * @param v the value
     * @return the text
     */
    public static String num(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * A ratio as {@code 0.83x}.
     *
     * @param v the ratio
     * @return the text
     */
    public static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2fx", v);
    }
}
