package org.btcpeer.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.btcpeer.examples.Connections;
import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.crawl.CrawlResult;
import org.btcpeer.examples.crawl.Crawler;
import org.btcpeer.peer.addr.SeedResolver;
import org.btcpeer.wire.message.VersionMessage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code btcpeer crawl}: walk getaddr answers breadth-first from seed addresses and/or DNS seeds. */
@Command(name = "crawl", mixinStandardHelpOptions = true,
        description = "Walk the network breadth-first from seed addresses (and/or the network's DNS seeds): connect, "
                + "handshake, ask getaddr, follow the answers. Prints each reachable peer with its version and services.")
public final class CrawlCommand extends BaseCommand {

    @Mixin
    ConnectOptions connect;

    @Option(names = "--dns-seeds", description = "Start from the network's DNS seeds too (resolved locally).")
    boolean dnsSeeds;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8",
            description = "Connections at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--max-peers", paramLabel = "N", defaultValue = "100",
            description = "Addresses visited at most (default: ${DEFAULT-VALUE}).")
    int maxPeers;

    @Option(names = "--max-depth", paramLabel = "D", defaultValue = "3",
            description = "Hops from the seeds at most; 0 visits the seeds only (default: ${DEFAULT-VALUE}).")
    int maxDepth;

    @Parameters(arity = "0..*", paramLabel = "HOST[:PORT]", description = "Seed addresses; the port defaults to the network's.")
    List<String> seeds = new ArrayList<>();

    /** Creates the command; picocli injects the fields. */
    public CrawlCommand() {
    }

    @Override
    protected Outcome execute() throws Exception {
        if (concurrency < 1 || maxPeers < 1 || maxDepth < 0) {
            throw new CommandFailure("--concurrency and --max-peers must be at least 1, --max-depth at least 0");
        }
        List<HostPort> start = new ArrayList<>();
        for (String s : seeds) {
            start.add(connect.target(s));
        }
        if (dnsSeeds) {
            start.addAll(resolveSeeds());
        }
        if (start.isEmpty()) {
            throw new CommandFailure("nothing to start from: give seed addresses or --dns-seeds"
                    + (dnsSeeds ? " (the " + connect.network().name() + " DNS seeds returned nothing)" : ""));
        }
        Crawler crawler = new Crawler(connect.network(), connect.transport(), Connections.dialer(connect.proxy()),
                connect.timeout(), concurrency, maxPeers, maxDepth, runtime());
        PrintWriter out = out();
        ProgressLine progress = new ProgressLine(err(), !json() && ProgressLine.interactive());
        long t0 = System.nanoTime();
        List<CrawlResult> results = crawler.crawl(start, r -> {
            if (!r.reachable()) {
                return;
            }
            progress.clear();
            out.println(json() ? line(r).toString() : human(r));
            out.flush();
        }, (done, known) -> progress.update("crawl", done, known));
        progress.clear();
        long reachable = results.stream().filter(CrawlResult::reachable).count();
        long learned = results.stream().mapToLong(r -> r.learned().size()).sum();
        double seconds = (System.nanoTime() - t0) / 1e9;
        String summary = "crawled " + results.size() + " addresses: " + reachable + " reachable, "
                + (results.size() - reachable) + " unreachable, " + learned + " addresses learned, "
                + String.format("%.2f s", seconds);
        if (!json()) {
            err().println(summary);
            err().flush();
        }
        Json j = new Json().put("network", connect.network().name()).put("visited", results.size())
                .put("reachable", reachable).put("unreachable", results.size() - reachable)
                .put("addresses_learned", learned).put("elapsed_ms", seconds * 1000, 1);
        return new Outcome("", j);
    }

    private List<HostPort> resolveSeeds() {
        List<HostPort> out = new ArrayList<>();
        for (String seed : connect.network().dnsSeeds()) {
            try {
                for (InetAddress ip : SeedResolver.system().resolve(seed)) {
                    out.add(new HostPort(ip.getHostAddress(), connect.network().defaultPort()));
                }
            } catch (IOException e) {
                err().println("btcpeer crawl: DNS seed " + seed + " failed: " + e.getMessage());
            }
        }
        return out;
    }

    private static String human(CrawlResult r) {
        VersionMessage v = r.version().orElseThrow();
        return String.format("%-28s depth %d  %s  %d  %s  height %d  [%s]  %d addrs", r.address(), r.depth(),
                r.transport().orElse("?"), v.version(), v.userAgent(), v.startHeight(),
                String.join(" ", v.services().names()), r.learned().size());
    }

    private static Json line(CrawlResult r) {
        VersionMessage v = r.version().orElseThrow();
        return new Json().put("peer", r.address().toString()).put("depth", r.depth())
                .put("transport", r.transport().orElse(null)).put("version", v.version())
                .put("user_agent", v.userAgent()).put("services", new ArrayList<>(v.services().names()))
                .put("services_bits", v.services().bits()).put("start_height", v.startHeight())
                .put("addresses", r.learned().size());
    }
}
