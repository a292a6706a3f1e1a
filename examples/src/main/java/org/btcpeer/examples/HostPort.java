package org.btcpeer.examples;

import java.net.InetSocketAddress;
import java.util.Objects;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;

/**
 * A {@code HOST[:PORT]} argument: a host name, an IPv4 address, or an IPv6 address in brackets
 * ({@code [::1]:18444}); a bare IPv6 address without brackets is taken as a host with no port.
 *
 * @param host the host, without brackets
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {

    /**
     * Validates the fields.
     *
     * @param host a non-empty host
     * @param port 1 to 65535
     */
    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Parses {@code HOST[:PORT]} with Guava's {@link HostAndPort}: a host name (onion and I2P names
     * included), an IPv4 address, or an IPv6 address, in brackets when a port follows
     * ({@code [::1]:18444}). A host with colons must be an IPv6 address, so a typo such as
     * {@code 127.0.0.1:19571:5} is an error here rather than an "unknown host" later.
     *
     * @param text        the argument
     * @param defaultPort the port when none is given
     * @return the host and port
     * @throws IllegalArgumentException if the text is malformed; the message says what is wrong
     */
    public static HostPort parse(String text, int defaultPort) {
        HostAndPort hp;
        try {
            hp = HostAndPort.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        String host = checkHost(hp.getHost(), text);
        int port = hp.getPortOrDefault(defaultPort);
        if (port < 1) {
            throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
        }
        return new HostPort(host, port);
    }

    /**
     * Checks the host part of a {@code HOST[:PORT]} argument.
     *
     * @param host the host, without brackets
     * @param text the whole argument, for the message
     * @return {@code host}
     * @throws IllegalArgumentException if it is empty, a malformed IPv6 address or not a host name
     */
    public static String checkHost(String host, String text) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in '" + text + "'");
        }
        if (host.indexOf(':') >= 0 && !InetAddresses.isInetAddress(host)) {
            throw new IllegalArgumentException("'" + text + "' is neither HOST:PORT nor an IPv6 address"
                    + " (write IPv6 with a port as [ADDRESS]:PORT)");
        }
        if (!InetAddresses.isInetAddress(host) && !InternetDomainName.isValid(host)) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or IP address");
        }
        return host;
    }

    /**
     * The address to bind or connect to. A literal IP address is parsed, never looked up in DNS;
     * a name is resolved by the JDK.
     *
     * @return the socket address
     */
    public InetSocketAddress toSocketAddress() {
        return socketAddress(host, port);
    }

    /**
     * A socket address for {@code host}: a literal IP address is parsed (Guava's
     * {@link InetAddresses}), never looked up in DNS; a name is resolved by the JDK.
     *
     * @param host a host name or IP address, without brackets
     * @param port 0 to 65535
     * @return the socket address
     */
    public static InetSocketAddress socketAddress(String host, int port) {
        return InetAddresses.isInetAddress(host) ? new InetSocketAddress(InetAddresses.forString(host), port)
                : new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
