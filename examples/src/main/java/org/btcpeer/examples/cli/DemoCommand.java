package org.btcpeer.examples.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.sync.HeaderSync;
import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.examples.node.ServeNode;
import org.btcpeer.examples.sync.BlockFetcher;
import org.btcpeer.examples.sync.ClientSession;
import org.btcpeer.examples.sync.HeadersDownload;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code btcpeer demo}: fully offline. A {@link ServeNode} with a fresh regtest chain listens on
 * 127.0.0.1; a client connects, syncs the headers and every block, verifies linkage, proof of work
 * and merkle roots, pings, announces a few transactions and checks the node received them, then
 * prints a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Offline demo: serve a fresh regtest chain on 127.0.0.1, sync its headers and blocks over a "
                + "real socket, verify everything, ping, announce transactions, and print a summary.")
public final class DemoCommand extends BaseCommand {

    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

    /** How many transactions the client announces. */
    static final int ANNOUNCEMENTS = 3;

    @Option(names = "--blocks", paramLabel = "N", defaultValue = "300", description = "Blocks to generate (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + RegtestChainGenerator.DEFAULT_SEED, description = "Seed of the generated chain (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--window", paramLabel = "W", defaultValue = "" + BlockFetcher.DEFAULT_WINDOW,
            description = "Blocks in flight during the download (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--transport", paramLabel = "T", defaultValue = TransportOption.DEFAULT_LABEL,
            converter = Converters.Transport.class,
            description = "Transport: v1, v2 or v2-preferred (default: ${DEFAULT-VALUE}).")
    TransportOption transport;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", converter = Converters.Seconds.class,
            description = "Limit for each step (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** Creates the command; picocli injects the fields. */
    public DemoCommand() {
    }

    @Override
    protected Outcome execute() throws Exception {
        if (blocks < ANNOUNCEMENTS) {
            throw new CommandFailure("--blocks must be at least " + ANNOUNCEMENTS);
        }
        if (window < 1) {
            throw new CommandFailure("--window must be at least 1");
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        long start = System.nanoTime();
        ProgressLine progress = new ProgressLine(err(), !json() && ProgressLine.interactive());
        MemoryChain chain = RegtestChainGenerator.withSeed(seed).generate(blocks);
        Duration generated = Duration.ofNanos(System.nanoTime() - start);

        // The node gets its own runtime, as a separate process would: one runtime's self-connection
        // check would otherwise see the client's version nonce arrive inbound and refuse it.
        HeaderChain headers = HeaderChain.builder(ConsensusParams.REGTEST).expectedHeaders(blocks + 1).build();
        try (ServeNode node = ServeNode.start(chain, "127.0.0.1", 0, transport, PeerRuntime.create(), line -> log.debug(line));
             HeaderSync sync = HeaderSync.builder(headers).time(runtime().time()).start();
             ClientSession s = ClientSession.connect(new HostPort("127.0.0.1", node.port()), NetworkParameters.REGTEST,
                     transport, Optional.empty(), timeout, runtime(),
                     b -> b.outboundTrickleInterval(Duration.ofMillis(20)), sync.listeners())) {
            ChainHeader tip = HeadersDownload.run(s, sync, Integer.MAX_VALUE, timeout, h -> progress.update("headers", h, blocks));
            if (tip.height() != chain.height() || !tip.hash().equals(chain.tip().hash())) {
                throw new CommandFailure("header sync ended at height " + tip.height() + " (" + tip.hash()
                        + "), the node's tip is " + chain.height() + " (" + chain.tip().hash() + ")");
            }
            BlockFetcher.Result fetched = BlockFetcher.fetch(s, HeadersDownload.headersUpTo(headers, tip), window, b -> { },
                    d -> progress.update("blocks ", d, blocks));
            progress.clear();
            Duration rtt = s.ping();

            List<Transaction> txs = new ArrayList<>();
            for (int h = 1; h <= ANNOUNCEMENTS; h++) {
                Transaction tx = RegtestChainGenerator.spendCoinbase(chain.block(h), 1_000);
                txs.add(tx);
                s.peer().announceTransaction(tx.txid(), tx.wtxid(), -1);
            }
            boolean wtxid = s.peer().features().wtxidRelay();
            if (!node.awaitInventory(ANNOUNCEMENTS, timeout)) {
                throw new CommandFailure("the node received " + node.receivedInventory().size() + " of " + ANNOUNCEMENTS
                        + " announced transactions within " + timeout.toSeconds() + " s");
            }
            Set<Hash256> seen = new HashSet<>();
            for (InventoryVector v : node.receivedInventory()) {
                seen.add(v.hash());
            }
            for (Transaction tx : txs) {
                if (!seen.contains(wtxid ? tx.wtxid() : tx.txid())) {
                    throw new CommandFailure("the node did not receive the announcement of " + tx.txid());
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            String transportName = s.peer().connection().version().toString();
            Optional<String> sessionId = s.peer().connection().sessionIdHex();

            StringBuilder h = new StringBuilder();
            h.append("btcpeer demo: ").append(chain.height()).append(" regtest blocks served on 127.0.0.1:")
                    .append(node.port()).append(", synced over a real socket\n\n");
            Format.row(h, 13, "transport", transportName);
            Format.row(h, 13, "session id", sessionId.orElse("-"));
            Format.row(h, 13, "ping rtt", Format.millis(rtt));
            Format.row(h, 13, "headers", headers.height() + " (validated from genesis: proof of work, difficulty, time, version)");
            Format.row(h, 13, "blocks", fetched.blocks() + " (merkle roots valid)");
            Format.row(h, 13, "tip", headers.tip().hash());
            Format.row(h, 13, "bytes", Format.bytes(fetched.bytes()));
            Format.row(h, 13, "throughput", Format.rate(fetched.megabytesPerSecond()) + " (blocks over "
                    + Format.seconds(fetched.elapsed()) + ", window " + window + ")");
            Format.row(h, 13, "announced", ANNOUNCEMENTS + " tx (" + (wtxid ? "wtxid" : "txid") + "), all received by the node");
            Format.row(h, 13, "elapsed", Format.seconds(elapsed) + " (chain generated in " + Format.seconds(generated) + ")");
            h.append("\nall verified\n");

            Json j = new Json()
                    .put("network", "regtest")
                    .put("port", node.port())
                    .put("transport", transportName)
                    .put("session_id", sessionId)
                    .put("rtt_ms", Format.millisValue(rtt), 3)
                    .put("headers", headers.height())
                    .put("blocks", fetched.blocks())
                    .put("tip_hash", headers.tip().hash().toString())
                    .put("bytes", fetched.bytes())
                    .put("mb_per_s", fetched.megabytesPerSecond(), 2)
                    .put("fetch_ms", Format.millisValue(fetched.elapsed()), 1)
                    .put("announced", ANNOUNCEMENTS)
                    .put("announcements_received", ANNOUNCEMENTS)
                    .put("elapsed_ms", Format.millisValue(elapsed), 1)
                    .put("verified", true);
            return new Outcome(h.toString(), j);
        } finally {
            progress.clear();
        }
    }
}
