package org.btcpeer.examples.cli;

import java.io.PrintWriter;

/**
 * A one-line progress display redrawn with {@code \r}, for interactive terminals only (a redirected
 * or JSON run shows nothing). Written by hand rather than with a progress-bar library: one line of
 * text needs no dependency, no terminal detection library and no extra thread.
 */
public final class ProgressLine {

    private static final int BAR = 30;
    private static final long REDRAW_NANOS = 50_000_000L;

    private final PrintWriter out;
    private final boolean enabled;
    private long lastDraw;
    private int lastLength;

    /**
     * A progress line.
     *
     * @param out     where to draw (stderr)
     * @param enabled false to draw nothing
     */
    public ProgressLine(PrintWriter out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /**
     * Redraws the line: the first time, then at most every 50 ms, and always at completion.
     *
     * @param label what is counted
     * @param done  how many are done
     * @param total how many in all (0 if unknown)
     */
    public void update(String label, long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && lastLength > 0 && now - lastDraw < REDRAW_NANOS) { // the first draw is never skipped
            return;
        }
        lastDraw = now;
        StringBuilder sb = new StringBuilder("\r").append(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(BAR, done * BAR / total);
            sb.append('[').append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ")
                    .append(done).append('/').append(total).append(' ').append(done * 100 / total).append('%');
        } else {
            sb.append(done);
        }
        int length = sb.length();
        if (length < lastLength) {
            sb.append(" ".repeat(lastLength - length));
        }
        lastLength = length;
        out.print(sb);
        out.flush();
    }

    /** Clears the line. */
    public void clear() {
        if (enabled && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            out.flush();
            lastLength = 0;
        }
    }

    /**
     * Whether the process talks to an interactive terminal: a console exists and, on JDK 22 and
     * later, {@code Console.isTerminal()} says so (looked up reflectively: the code targets 21).
     *
     * @return true for a terminal
     */
    public static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a non-null console is a terminal
        }
    }
}
