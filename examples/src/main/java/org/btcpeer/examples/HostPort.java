package org.btcpeer.examples;

import java.util.Objects;

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
     * Parses {@code HOST[:PORT]}.
     *
     * @param text        the argument
     * @param defaultPort the port when none is given
     * @return the host and port
     * @throws IllegalArgumentException if the text is malformed
     */
    public static HostPort parse(String text, int defaultPort) {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in '" + text + "'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':PORT' after ']' in '" + text + "'");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && colon == text.lastIndexOf(':')) {
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            }
        }
        if (port == null) {
            return new HostPort(host, defaultPort);
        }
        try {
            return new HostPort(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + port + "' in '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
