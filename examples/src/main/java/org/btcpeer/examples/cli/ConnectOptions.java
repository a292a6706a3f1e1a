package org.btcpeer.examples.cli;

import java.time.Duration;
import java.util.Optional;

import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.wire.NetworkParameters;

import picocli.CommandLine.Option;

/** The options of the commands that connect to a peer: network, transport, timeout, proxy. */
public final class ConnectOptions {

    @Option(names = "--network", paramLabel = "NET", defaultValue = "regtest", converter = Converters.Network.class,
            description = "Network: main, test, testnet4, signet, regtest (default: ${DEFAULT-VALUE}, the same for every command).")
    NetworkParameters network;

    @Option(names = "--transport", paramLabel = "T", defaultValue = TransportOption.DEFAULT_LABEL, converter = Converters.Transport.class,
            description = "Transport: v1, v2 or v2-preferred (default: ${DEFAULT-VALUE}).")
    TransportOption transport;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", converter = Converters.Seconds.class,
            description = "Limit for connecting, the handshake and each awaited answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--proxy", paramLabel = "HOST:PORT", converter = Converters.Proxy.class,
            description = "Connect through a SOCKS5 proxy (Tor, I2P, microsocks); it resolves host names and reaches Tor "
                    + "(onion) and I2P addresses. Each connection gets random credentials, so Tor isolates it on its own circuit.")
    HostPort proxy;

    /** Creates the options; picocli injects the fields. */
    public ConnectOptions() {
    }

    /** The network. */
    public NetworkParameters network() {
        return network;
    }

    /** The transport. */
    public TransportOption transport() {
        return transport;
    }

    /** The SOCKS5 proxy to connect through, if any. */
    public Optional<HostPort> proxy() {
        return Optional.ofNullable(proxy);
    }

    /** The timeout. */
    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    /**
     * Parses a {@code HOST[:PORT]} argument, defaulting the port to the network's.
     *
     * @param target the argument
     * @return host and port
     * @throws CommandFailure if malformed (a usage error, exit status 2)
     */
    public HostPort target(String target) throws CommandFailure {
        try {
            return HostPort.parse(target, network.defaultPort());
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput("bad address '" + target + "': " + e.getMessage());
        }
    }
}
