package org.btcpeer.examples.cli;

import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.examples.node.ServeNode;
import org.btcpeer.peer.Peer;
import org.btcpeer.wire.NetworkParameters;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code btcpeer serve}: generate a regtest chain and serve it to inbound peers until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Generate a regtest chain and serve it (headers, blocks, addr) to inbound peers until "
                + "interrupted. Prints its address first, then logs one line per peer event to stderr.")
public final class ServeCommand extends BaseCommand {

    @Option(names = "--network", paramLabel = "NET", defaultValue = "regtest", converter = Converters.Network.class,
            description = "Network; only regtest can be generated (default: ${DEFAULT-VALUE}).")
    NetworkParameters network;

    @Option(names = "--blocks", paramLabel = "N", defaultValue = "300", description = "Blocks to generate (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + RegtestChainGenerator.DEFAULT_SEED, description = "Seed of the generated chain (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "Listen address (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", paramLabel = "P", converter = Converters.ListenPort.class, description = "Listen port; 0 picks a free one (default: the network's, 18444).")
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
    public ServeCommand() {
    }

    @Override
    protected Outcome execute() throws Exception {
        if (!network.equals(NetworkParameters.REGTEST)) {
            throw new CommandFailure("serve generates regtest blocks only; use --network regtest");
        }
        if (blocks < 0) {
            throw new CommandFailure("--blocks must not be negative");
        }
        MemoryChain chain = RegtestChainGenerator.withSeed(seed).generate(blocks);
        int p = port == null ? network.defaultPort() : port;
        try (ServeNode node = ServeNode.start(chain, bind, p, transport, runtime(), inbound.toOptions())) {
            ShutdownHook hook = ShutdownHook.install("btcpeer-serve-shutdown", node::close);
            Json j = new Json()
                    .put("network", network.name())
                    .put("bind", bind)
                    .put("port", node.port())
                    .put("transport", transport.label())
                    .put("blocks", chain.height())
                    .put("tip_hash", chain.tip().hash().toString())
                    .put("genesis_hash", network.genesisHash().toString());
            if (json()) {
                out().println(new Json().put("ok", true).put("command", "serve").put("listening", j));
            } else {
                out().println("serving " + chain.height() + " regtest blocks (tip " + chain.tip().hash() + ") on "
                        + bind + ":" + node.port() + " via " + transport.label() + "; Ctrl-C to stop");
            }
            out().flush();
            AutoCloseable statusLines = status.start(json() ? err() : out(),
                    () -> node.peers().stream().map(Peer::stats).toList(), node.server()::refusedCount);
            try {
                node.closed().get();
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt(); // the way to stop it in-process; the node closes below
            } finally {
                statusLines.close();
                hook.close();
            }
            return Outcome.PRINTED;
        }
    }
}
