package org.btcpeer.transport.dial;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A SOCKS5 username and password (RFC 1929). Each is 1 to 255 bytes of UTF-8.
 *
 * <p>Tor isolates streams by these credentials ({@code IsolateSOCKSAuth}, on by default): two
 * connections with different credentials never share a circuit. {@link #random} makes a fresh pair
 * per connection, as Bitcoin Core's {@code -proxyrandomize} (default on) does.
 *
 * @param username the user name
 * @param password the password
 */
public record Socks5Credentials(String username, String password) {

    /**
     * Validates the lengths.
     *
     * @param username 1 to 255 bytes of UTF-8
     * @param password 1 to 255 bytes of UTF-8
     */
    public Socks5Credentials {
        check("username", username);
        check("password", password);
    }

    private static void check(String what, String value) {
        Objects.requireNonNull(value, what);
        int n = value.getBytes(StandardCharsets.UTF_8).length;
        if (n < 1 || n > 255) {
            throw new IllegalArgumentException("SOCKS5 " + what + " must have 1 to 255 bytes (RFC 1929), got " + n);
        }
    }

    /**
     * A random pair, 16 hex digits each, for stream isolation.
     *
     * @param random the randomness
     * @return the credentials
     */
    public static Socks5Credentials random(RandomGenerator random) {
        byte[] b = new byte[16];
        synchronized (random) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) random.nextInt(256);
            }
        }
        HexFormat hex = HexFormat.of();
        return new Socks5Credentials(hex.formatHex(b, 0, 8), hex.formatHex(b, 8, 16));
    }

    /** Hides the password. */
    @Override
    public String toString() {
        return "Socks5Credentials[username=" + username + ", password=***]";
    }
}
