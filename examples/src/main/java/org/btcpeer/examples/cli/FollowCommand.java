package org.btcpeer.examples.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.follow.FollowEvent;
import org.btcpeer.examples.follow.Follower;
import org.btcpeer.peer.Peer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code btcpeer follow}: a small live node ({@link Follower}) that prints one line, or one JSON
 * object, per event until Ctrl-C, {@code --max-seconds} or {@code --until-height}, then a summary.
 */
@Command(name = "follow", mixinStandardHelpOptions = true,
        description = "Connect to all given peers, sync headers, then follow the tip with compact blocks in "
                + "high-bandwidth mode (reconstructed from the transactions peers relayed, each block checked against "
                + "its header) and relay transactions to the other peers. Prints one line per event (peer "
                + "connected/disconnected, headers, new tip and how it arrived, tx seen) until Ctrl-C, --max-seconds "
                + "or --until-height, then a summary.")
public final class FollowCommand extends BaseCommand {

    @Mixin
    ConnectOptions connect;

    @Mixin
    StatusOption status;

    @Option(names = "--max-seconds", paramLabel = "N", defaultValue = "0", converter = Converters.StatusSeconds.class,
            description = "Stop after N seconds; 0 (default) runs until Ctrl-C.")
    int maxSeconds;

    @Option(names = "--until-height", paramLabel = "H", description = "Stop once the followed tip reaches height H.")
    Integer untilHeight;

    @Parameters(arity = "1..*", paramLabel = "HOST[:PORT]", description = "The peers; the port defaults to the network's.")
    List<String> targets;

    private final ReentrantLock printLock = new ReentrantLock();
    private final CompletableFuture<String> stop = new CompletableFuture<>();
    private final CompletableFuture<Void> printed = new CompletableFuture<>();
    private final AtomicLong reconstructed = new AtomicLong();
    private final AtomicLong fullBlocks = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private volatile Follower follower;
    /** Set under the print lock once the summary is out: later events (the peers closing) are not printed. */
    private boolean summaryPrinted;

    /** Creates the command; picocli injects the fields. */
    public FollowCommand() {
    }

    @Override
    protected Outcome execute() throws Exception {
        if (untilHeight != null && untilHeight < 0) {
            throw CommandFailure.badInput("--until-height must not be negative");
        }
        List<HostPort> to = new ArrayList<>();
        for (String t : targets) {
            to.add(connect.target(t));
        }
        long start = System.nanoTime();
        try (Follower f = Follower.start(connect.network(), runtime(), this::onEvent)) {
            follower = f;
            connectAll(f, to);
            PrintWriter statusTo = json() ? err() : out();
            AutoCloseable statusLines = status.start(statusTo, () -> f.peers().stream().map(Peer::stats).toList(), () -> 0);
            ShutdownHook hook = ShutdownHook.install("btcpeer-follow-shutdown", () -> {
                stop.complete("interrupted");
                try {
                    printed.get(5, TimeUnit.SECONDS); // let the summary out before the JVM exits
                } catch (Exception e) {
                    // exiting anyway
                }
            });
            String why;
            try {
                why = maxSeconds == 0 ? stop.get() : stop.get(maxSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                why = "max-seconds";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the way to stop it in-process
                why = "interrupted";
            } catch (ExecutionException e) {
                throw (Exception) e.getCause();
            } finally {
                statusLines.close();
                hook.close();
            }
            printSummary(why, f, System.nanoTime() - start);
            return Outcome.PRINTED;
        }
    }

    /** Connects to every target at once; fails with one line if none can be reached. */
    private void connectAll(Follower f, List<HostPort> to) throws Exception {
        List<CompletableFuture<String>> attempts = new ArrayList<>();
        for (HostPort target : to) {
            CompletableFuture<String> error = new CompletableFuture<>();
            attempts.add(error);
            Thread.ofVirtual().name("btcpeer-follow-connect").start(() -> {
                try {
                    f.connect(target, connect.transport(), connect.proxy(), connect.timeout());
                    error.complete(null);
                } catch (Exception e) {
                    error.complete(e.getMessage() == null ? e.toString() : e.getMessage());
                }
            });
        }
        List<String> errors = new ArrayList<>();
        for (CompletableFuture<String> a : attempts) {
            String e = a.get();
            if (e != null) {
                errors.add(e);
            }
        }
        if (errors.size() == to.size()) {
            throw new CommandFailure("no peer reachable: " + String.join("; ", errors));
        }
        for (String e : errors) {
            print("unreachable: " + e, new Json().put("event", "unreachable").put("error", e), false);
        }
    }

    private void onEvent(FollowEvent e) {
        print(FollowEventFormat.human(e), FollowEventFormat.json(e), false);
        switch (e) {
            case FollowEvent.Synced s -> reached(s.height());
            case FollowEvent.NewTip t -> {
                (t.arrival() instanceof FollowEvent.Reconstructed ? reconstructed : fullBlocks).incrementAndGet();
                reached(t.height());
            }
            case FollowEvent.TxSeen t -> transactions.incrementAndGet();
            case FollowEvent.Disconnected d -> {
                Follower f = follower;
                if (f != null && f.peers().isEmpty()) {
                    stop.completeExceptionally(new CommandFailure("every peer disconnected (the last: " + d.peer() + ", "
                            + d.reason() + ")"));
                }
            }
            case FollowEvent.Connected c -> {
            }
            case FollowEvent.HeadersProgress p -> {
            }
            case FollowEvent.HighBandwidth h -> {
            }
            case FollowEvent.BlockRejected r -> {
            }
        }
    }

    private void reached(int height) {
        if (untilHeight != null && height >= untilHeight) {
            stop.complete("until-height");
        }
    }

    private void print(String human, Json json, boolean summary) {
        printLock.lock();
        try {
            if (summaryPrinted) {
                return;
            }
            summaryPrinted = summary;
            out().println(json() ? json.toString() : human);
            out().flush();
        } finally {
            printLock.unlock();
        }
    }

    /** The last line: why it stopped, where the tip is, what arrived (with --json the command's object, "ok":true). */
    private void printSummary(String why, Follower f, long nanos) {
        ChainHeader tip = f.chain().tip();
        String human = "stopped (" + why + ") at height " + tip.height() + " " + tip.hash() + ": "
                + (reconstructed.get() + fullBlocks.get()) + " new blocks (" + reconstructed.get() + " reconstructed, "
                + fullBlocks.get() + " full), " + transactions.get() + " transactions seen, " + f.peers().size()
                + " peers connected";
        Json j = new Json()
                .put("ok", true)
                .put("command", "follow")
                .put("stopped", why)
                .put("height", tip.height())
                .put("hash", tip.hash().toString())
                .put("blocks", reconstructed.get() + fullBlocks.get())
                .put("reconstructed", reconstructed.get())
                .put("full_blocks", fullBlocks.get())
                .put("transactions_seen", transactions.get())
                .put("peers", f.peers().size())
                .put("elapsed_ms", Format.millisValue(Duration.ofNanos(nanos)), 1);
        print(human, j, true);
        printed.complete(null);
    }
}
