package org.btcpeer.examples.cli;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.proxy.UpgradingProxy;
import org.btcpeer.wire.NetworkParameters;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code btcpeer proxy}: a v1-to-v2 upgrading proxy for software that only speaks v1. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Accept v1 connections on --listen and relay each to --to over BIP-324 v2 (falling back to v1 "
                + "as Core does), every message both ways, unknown commands included. Runs until interrupted.")
public final class ProxyCommand extends BaseCommand {

    @Option(names = "--listen", paramLabel = "HOST:PORT", required = true, converter = Converters.Listen.class,
            description = "Where legacy v1 software connects (a port of 0 picks a free one).")
    ListenAddress listen;

    @Option(names = "--to", paramLabel = "HOST[:PORT]", required = true,
            description = "The upstream node (port defaults to the network's).")
    String to;

    @Option(names = "--network", paramLabel = "NET", defaultValue = "regtest", converter = Converters.Network.class,
            description = "Network: main, test, testnet4, signet, regtest (default: ${DEFAULT-VALUE}, the same for every command).")
    NetworkParameters network;

    @Option(names = "--transport", paramLabel = "T", defaultValue = TransportOption.DEFAULT_LABEL,
            converter = Converters.Transport.class,
            description = "Transport to the upstream node: v1, v2 or v2-preferred (default: ${DEFAULT-VALUE}).")
    TransportOption transport;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", converter = Converters.Seconds.class,
            description = "Upstream connect and handshake timeout, at least 1 (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** Creates the command; picocli injects the fields. */
    public ProxyCommand() {
    }

    @Override
    protected Outcome execute() throws Exception {
        ListenAddress listenAt = listen;
        HostPort upstream;
        try {
            upstream = HostPort.parse(to, network.defaultPort());
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput("bad --to '" + to + "': " + e.getMessage());
        }
        InetSocketAddress bind = listenAt.toSocketAddress();
        try (UpgradingProxy proxy = UpgradingProxy.start(bind, upstream, network, transport,
                Duration.ofSeconds(timeoutSeconds), line -> say(line))) {
            if (json()) {
                out().println(new Json().put("ok", true).put("command", "proxy").put("listening", new Json()
                        .put("network", network.name()).put("bind", listenAt.host()).put("port", proxy.port())
                        .put("upstream", upstream.toString()).put("transport", transport.label())));
            } else {
                out().println("proxy listening on " + listenAt.host() + ":" + proxy.port() + " (v1) -> " + upstream
                        + " (" + transport.label() + ", " + network.name() + "); Ctrl-C to stop");
            }
            out().flush();
            ShutdownHook hook = ShutdownHook.install("btcpeer-proxy-shutdown", proxy::close);
            try {
                new java.util.concurrent.CountDownLatch(1).await(); // until interrupted
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            } finally {
                hook.close();
            }
            return Outcome.PRINTED;
        }
    }

    /**
     * A listen address: like {@link HostPort} but port 0 (pick a free one) is allowed and the port
     * is required ({@link Converters.Listen} parses it).
     *
     * @param host the host, without brackets
     * @param port 0 to 65535
     */
    record ListenAddress(String host, int port) {

        /** The address to bind; a literal IP is parsed, never looked up in DNS. */
        InetSocketAddress toSocketAddress() {
            return HostPort.socketAddress(host, port);
        }
    }

    private void say(String line) {
        (json() ? err() : out()).println("proxy: " + line);
    }
}
