package org.btcpeer.examples.cli;

import java.io.PrintWriter;
import java.util.List;

import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.node.InboundServer;
import org.btcpeer.examples.node.MessageSummary;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.UserAgent;
import org.btcpeer.wire.NetworkParameters;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code btcpeer listen}: accept inbound peers and print one line per message they send. */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = "Accept inbound peers and print a one-line summary of every message received, until "
                + "interrupted. With --json, stdout gets one object (the listening address) and the summaries go to stderr.")
public final class ListenCommand extends BaseCommand {

    @Option(names = "--network", paramLabel = "NET", defaultValue = "regtest", converter = Converters.Network.class,
            description = "Network: main, test, testnet4, signet, regtest (default: ${DEFAULT-VALUE}, the same for every command).")
    NetworkParameters network;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "Listen address (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", paramLabel = "P", converter = Converters.ListenPort.class, description = "Listen port; 0 picks a free one (default: the network's).")
    Integer port;

    @Option(names = "--transport", paramLabel = "T", defaultValue = TransportOption.DEFAULT_LABEL,
            converter = Converters.Transport.class,
            description = "Transport: v1, v2 or v2-preferred (default: ${DEFAULT-VALUE}).")
    TransportOption transport;

    @Mixin
    InboundCliOptions inbound;

    @Mixin
    StatusOption status;

    /** Creates the command; picocli injects the fields. */
    public ListenCommand() {
    }

    @Override
    protected Outcome execute() throws Exception {
        PrintWriter lines = json() ? err() : out();
        PeerConfig config = PeerConfig.builder()
                .network(network)
                .userAgent(UserAgent.of("btcpeer-listen", UserAgent.LIBRARY_VERSION, List.of()))
                .listeners(PeerListeners.builder().onAny((peer, m) -> say(lines, peer + " <- " + MessageSummary.of(m))).build())
                .build();
        int p = port == null ? network.defaultPort() : port;
        try (InboundServer server = InboundServer.start(bind, p, transport, config, runtime(), inbound.toOptions(),
                peer -> peer.disconnected().thenAccept(d -> say(lines, peer + " disconnected: " + d)),
                line -> say(lines, line))) {
            if (json()) {
                out().println(new Json().put("ok", true).put("command", "listen").put("listening", new Json()
                        .put("network", network.name()).put("bind", bind).put("port", server.port())
                        .put("transport", transport.label())));
            } else {
                out().println("listening on " + bind + ":" + server.port() + " (" + network.name() + ", "
                        + transport.label() + "); Ctrl-C to stop");
            }
            out().flush();
            AutoCloseable statusLines = status.start(lines, () -> server.peers().stream().map(Peer::stats).toList(),
                    server::refusedCount);
            ShutdownHook hook = ShutdownHook.install("btcpeer-listen-shutdown", server::close);
            try {
                server.closed().get();
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            } finally {
                statusLines.close();
                hook.close();
            }
            return Outcome.PRINTED;
        }
    }

    /** One line; PrintWriter.println holds its own lock for the whole line. */
    private static void say(PrintWriter w, String line) {
        w.println(line);
        w.flush();
    }
}
