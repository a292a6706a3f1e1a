package org.btcpeer.bench.e2e;

import java.util.Locale;

/**
 * A measured transfer: how many messages in how long, and how much CPU the whole process used
 * meanwhile (both ends live in this process), to tell CPU-bound runs from waiting ones.
 *
 * @param count    messages
 * @param nanos    wall time
 * @param cpuNanos process CPU time, all threads
 */
record Rate(long count, long nanos, long cpuNanos) {

    double perSecond() {
        return count / (nanos / 1e9);
    }

    /** The cores busy on average, as " (1.4 cores)". */
    String cpu() {
        return String.format(Locale.ROOT, " (%.1f cores)", (double) cpuNanos / nanos);
    }
}
