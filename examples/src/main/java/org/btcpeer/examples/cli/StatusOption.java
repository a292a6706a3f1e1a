package org.btcpeer.examples.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.btcpeer.peer.PeerStats;
import picocli.CommandLine.Option;

/** {@code --status-interval SECONDS}, shared by the long-running commands: a {@link StatusLine} every N seconds. */
public final class StatusOption {

    @Option(names = "--status-interval", paramLabel = "SECONDS", defaultValue = "0", converter = Converters.StatusSeconds.class,
            description = "Print a one-line status (peers in/out, v1/v2, bytes/s, refused) every SECONDS; 0 (default) never.")
    int seconds;

    /** Creates the option; picocli injects the field. */
    public StatusOption() {
    }

    /**
     * Starts printing status lines until the returned handle is closed (nothing when the option is 0).
     *
     * @param to      where the lines go
     * @param peers   the connected peers' statistics
     * @param refused connections refused so far
     * @return closing it stops the lines
     */
    public AutoCloseable start(PrintWriter to, Supplier<List<PeerStats>> peers, LongSupplier refused) {
        if (seconds == 0) {
            return () -> { };
        }
        Duration every = Duration.ofSeconds(seconds);
        Thread t = Thread.ofVirtual().name("btcpeer-status").start(() -> {
            StatusLine previous = null;
            try {
                while (true) {
                    Thread.sleep(every); // a wall-clock period for a human reader, not a protocol timeout
                    StatusLine now = StatusLine.of(peers.get(), refused.getAsLong());
                    to.println(now.format(previous, seconds));
                    to.flush();
                    previous = now;
                }
            } catch (InterruptedException stop) {
                // closed
            }
        });
        return t::interrupt;
    }
}
