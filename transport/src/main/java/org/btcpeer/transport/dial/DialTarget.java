package org.btcpeer.transport.dial;

import java.util.Locale;
import java.util.Objects;

import org.btcpeer.wire.NetAddress;

/**
 * Where a {@link Dialer} connects: a decoded {@link NetAddress} (IPv4, IPv6, CJDNS, Tor v3, I2P) or
 * a host name with a port. A host name is resolved by whoever dials: the local resolver for
 * {@link DirectDialer}, the proxy for {@link Socks5Dialer} (so no DNS query leaves this machine).
 */
public sealed interface DialTarget permits DialTarget.Address, DialTarget.Host {

    /**
     * A target given as a network address.
     *
     * @param address the address
     */
    record Address(NetAddress address) implements DialTarget {

        /**
         * Validates the field.
         *
         * @param address the address, not null
         */
        public Address {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public int port() {
            return address.port();
        }

        @Override
        public boolean needsProxy() {
            return address.toInetSocketAddress().isEmpty();
        }

        @Override
        public String toString() {
            return address.toString();
        }
    }

    /**
     * A target given as a host name (or an IP literal) and a port.
     *
     * @param host a DNS name, an IPv4 literal, a bracket-free IPv6 literal, or a {@code .onion} /
     *             {@code .i2p} name; at most 255 bytes (the SOCKS5 domain-name limit)
     * @param port 1 to 65535
     */
    record Host(String host, int port) implements DialTarget {

        /**
         * Validates the fields.
         *
         * @param host non-empty, at most 255 characters
         * @param port 1 to 65535
         */
        public Host {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty() || host.length() > 255) {
                throw new IllegalArgumentException("host name must have 1 to 255 characters: '" + host + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        @Override
        public boolean needsProxy() {
            String h = host.toLowerCase(Locale.ROOT);
            return h.endsWith(".onion") || h.endsWith(".i2p");
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** The port to connect to. */
    int port();

    /** Whether only a proxy can reach this target (Tor v3 and I2P addresses, {@code .onion} and {@code .i2p} names). */
    boolean needsProxy();

    /**
     * A target from a network address.
     *
     * @param address the address
     * @return the target
     */
    static DialTarget of(NetAddress address) {
        return new Address(address);
    }

    /**
     * A target from a host name and port.
     *
     * @param host the host name or IP literal
     * @param port the port
     * @return the target
     */
    static DialTarget host(String host, int port) {
        return new Host(host, port);
    }
}
