package org.btcpeer.examples.cli;

import java.util.List;
import java.util.Locale;

import org.btcpeer.peer.PeerStats;
import org.btcpeer.transport.TransportVersion;

/**
 * The one-line status a long-running command prints every {@code --status-interval} seconds, the
 * way long-running node tools do: peers in and out, how many speak v1 and v2, bytes per second
 * each way since the previous line, and connections refused so far.
 *
 * @param inbound       connected inbound peers
 * @param outbound      connected outbound peers
 * @param v1            peers on v1
 * @param v2            peers on v2
 * @param bytesIn       bytes received by the connected peers, in all
 * @param bytesOut      bytes sent to the connected peers, in all
 * @param refused       connections refused by limits so far
 */
public record StatusLine(int inbound, int outbound, int v1, int v2, long bytesIn, long bytesOut, long refused) {

    /**
     * Counts the connected peers.
     *
     * @param peers   their statistics
     * @param refused connections refused so far
     * @return the counts
     */
    public static StatusLine of(List<PeerStats> peers, long refused) {
        int in = 0;
        int v2 = 0;
        long bytesIn = 0;
        long bytesOut = 0;
        for (PeerStats s : peers) {
            in += s.inbound() ? 1 : 0;
            v2 += s.transport() == TransportVersion.V2 ? 1 : 0;
            bytesIn += s.bytesReceived();
            bytesOut += s.bytesSent();
        }
        return new StatusLine(in, peers.size() - in, peers.size() - v2, v2, bytesIn, bytesOut, refused);
    }

    /**
     * The line, with rates against {@code previous} over {@code seconds} (a peer that left takes
     * its bytes with it, so a rate never goes below zero).
     *
     * @param previous the line printed before, or null for the first
     * @param seconds  the time between the two
     * @return e.g. {@code status: peers 3 (in 3, out 0; v1 1, v2 2), in 12.3 kB/s, out 1.1 kB/s, refused 0}
     */
    public String format(StatusLine previous, double seconds) {
        double rateIn = previous == null ? 0 : Math.max(0, bytesIn - previous.bytesIn) / seconds;
        double rateOut = previous == null ? 0 : Math.max(0, bytesOut - previous.bytesOut) / seconds;
        return String.format(Locale.ROOT, "status: peers %d (in %d, out %d; v1 %d, v2 %d), in %.1f kB/s, out %.1f kB/s, refused %d",
                inbound + outbound, inbound, outbound, v1, v2, rateIn / 1000, rateOut / 1000, refused);
    }
}
