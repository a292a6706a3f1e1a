package org.btcpeer.transport.dial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.btcpeer.transport.dial.DialException.Reason;
import org.btcpeer.wire.NetAddress;

/**
 * Connects through a SOCKS5 proxy (RFC 1928), such as Tor, an I2P router's SOCKS port or
 * microsocks: the CONNECT command, with no authentication or username/password (RFC 1929).
 *
 * <pre>
 * greeting   -&gt; [05][n][methods: 00 no auth, 02 username/password]
 *            &lt;- [05][chosen method | FF none acceptable]
 * RFC 1929   -&gt; [01][ulen][username][plen][password]      (only if 02 was chosen)
 *            &lt;- [01][00 success | other: refused]
 * connect    -&gt; [05][01 CONNECT][00][atyp][address][port BE]
 *            &lt;- [05][rep][00][atyp][bound address][port BE]
 * atyp:  01 IPv4 (4 B) | 03 domain name (1 B length + name) | 04 IPv6 (16 B)
 * </pre>
 *
 * <p>Targets: IPv4 and IPv6 (and CJDNS) addresses go as addresses; host names, Tor v3 addresses
 * ({@code .onion}) and I2P addresses ({@code .b32.i2p}) go as domain names and are resolved by the
 * proxy, so no DNS query leaves this machine. Every read is bounded (at most 4 + 1 + 255 + 2 bytes
 * of reply) and the whole dial — TCP connect and negotiation — is limited by the dial timeout.
 * Each failure is a {@link DialException} with its {@link Reason}.
 *
 * <p>Stream isolation: with {@link Builder#isolateStreams}, each connection offers fresh random
 * credentials (Tor's {@code IsolateSOCKSAuth}, Core's {@code -proxyrandomize}), so Tor puts every
 * peer on its own circuit. With credentials we offer both methods 00 and 02 and follow the proxy's
 * choice, as Core's {@code Socks5()} does.
 */
public final class Socks5Dialer implements Dialer {

    static final int VERSION = 0x05;
    static final int AUTH_VERSION = 0x01;
    static final int METHOD_NO_AUTH = 0x00;
    static final int METHOD_USER_PASS = 0x02;
    static final int METHOD_NONE_ACCEPTABLE = 0xff;
    static final int CMD_CONNECT = 0x01;
    static final int ATYP_IPV4 = 0x01;
    static final int ATYP_DOMAIN = 0x03;
    static final int ATYP_IPV6 = 0x04;

    private final InetSocketAddress proxy;
    private final Socks5Credentials credentials;
    private final RandomGenerator isolationRandom;

    private Socks5Dialer(Builder b) {
        this.proxy = b.proxy;
        this.credentials = b.credentials;
        this.isolationRandom = b.isolationRandom;
    }

    /**
     * A builder for a proxy at {@code proxy}.
     *
     * @param proxy the proxy's address (an unresolved name is resolved locally at each dial)
     * @return the builder
     */
    public static Builder builder(InetSocketAddress proxy) {
        return new Builder(proxy);
    }

    /**
     * A dialer through {@code proxy} without authentication and without stream isolation.
     *
     * @param proxy the proxy's address
     * @return the dialer
     */
    public static Socks5Dialer of(InetSocketAddress proxy) {
        return builder(proxy).build();
    }

    /** The proxy's address. */
    public InetSocketAddress proxy() {
        return proxy;
    }

    /** Whether each connection gets fresh random credentials. */
    public boolean isolatesStreams() {
        return isolationRandom != null;
    }

    @Override
    public Socket dial(DialTarget target, Duration timeout) throws IOException {
        Objects.requireNonNull(target, "target");
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] request = connectRequest(target);
        Optional<Socks5Credentials> auth = isolationRandom != null
                ? Optional.of(Socks5Credentials.random(isolationRandom)) : Optional.ofNullable(credentials);
        InetSocketAddress to = proxy.isUnresolved() ? new InetSocketAddress(proxy.getHostString(), proxy.getPort()) : proxy;
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(to, DirectDialer.timeoutMillis(timeout));
            } catch (IOException e) {
                throw new DialException(Reason.PROXY_CONNECT_FAILED, "cannot connect to SOCKS5 proxy " + describe(proxy)
                        + ": " + describe(e), -1, e);
            }
            negotiate(socket, target, request, auth, deadline, timeout);
            socket.setSoTimeout(0);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void negotiate(Socket socket, DialTarget target, byte[] request, Optional<Socks5Credentials> auth,
                           long deadline, Duration timeout) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        Reader r = new Reader(socket, in, deadline, timeout, "proxy " + describe(proxy));
        out.write(auth.isPresent()
                ? new byte[]{VERSION, 2, METHOD_NO_AUTH, METHOD_USER_PASS}
                : new byte[]{VERSION, 1, METHOD_NO_AUTH});
        out.flush();
        byte[] choice = r.read(2, "method selection");
        if ((choice[0] & 0xff) != VERSION) {
            throw badVersion(choice[0]);
        }
        int method = choice[1] & 0xff;
        if (method == METHOD_NONE_ACCEPTABLE) {
            throw new DialException(Reason.NO_ACCEPTABLE_METHOD, "SOCKS5 proxy " + describe(proxy)
                    + " accepts none of our authentication methods (we offered " + (auth.isPresent()
                    ? "none and username/password" : "none only: does it need --proxy credentials?") + ")");
        }
        if (method == METHOD_USER_PASS && auth.isPresent()) {
            authenticate(out, r, auth.get());
        } else if (method != METHOD_NO_AUTH) {
            throw new DialException(Reason.BAD_PROXY_REPLY, "SOCKS5 proxy " + describe(proxy)
                    + " chose authentication method 0x" + Integer.toHexString(method) + ", which we did not offer");
        }
        out.write(request);
        out.flush();
        byte[] head = r.read(4, "connect reply");
        if ((head[0] & 0xff) != VERSION) {
            throw badVersion(head[0]);
        }
        int rep = head[1] & 0xff;
        if (rep != 0) {
            throw new DialException(Reason.ofReplyCode(rep), "SOCKS5 proxy " + describe(proxy) + " could not connect to "
                    + target + ": " + replyText(rep) + " (reply 0x" + String.format("%02x", rep) + ")", rep, null);
        }
        if (head[2] != 0) {
            throw new DialException(Reason.BAD_PROXY_REPLY, "SOCKS5 proxy " + describe(proxy)
                    + " sent a non-zero reserved byte in its connect reply: 0x" + String.format("%02x", head[2] & 0xff));
        }
        int boundLength = switch (head[3] & 0xff) {
            case ATYP_IPV4 -> 4;
            case ATYP_IPV6 -> 16;
            case ATYP_DOMAIN -> r.read(1, "bound address length")[0] & 0xff;
            default -> throw new DialException(Reason.BAD_PROXY_REPLY, "SOCKS5 proxy " + describe(proxy)
                    + " sent an unknown address type 0x" + String.format("%02x", head[3] & 0xff) + " in its connect reply");
        };
        r.read(boundLength + 2, "bound address and port");
    }

    private void authenticate(OutputStream out, Reader r, Socks5Credentials c) throws IOException {
        byte[] user = c.username().getBytes(StandardCharsets.UTF_8);
        byte[] pass = c.password().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream(3 + user.length + pass.length);
        b.write(AUTH_VERSION);
        b.write(user.length);
        b.writeBytes(user);
        b.write(pass.length);
        b.writeBytes(pass);
        out.write(b.toByteArray());
        out.flush();
        byte[] status = r.read(2, "authentication reply");
        if ((status[0] & 0xff) != AUTH_VERSION) {
            throw new DialException(Reason.BAD_PROXY_REPLY, "SOCKS5 proxy " + describe(proxy)
                    + " answered username/password authentication with version 0x"
                    + String.format("%02x", status[0] & 0xff) + ", not 0x01 (RFC 1929)");
        }
        if (status[1] != 0) {
            throw new DialException(Reason.AUTH_REFUSED, "SOCKS5 proxy " + describe(proxy)
                    + " refused our username and password (status 0x" + String.format("%02x", status[1] & 0xff) + ")");
        }
    }

    private DialException badVersion(byte version) {
        int v = version & 0xff;
        String hint = v == 0x00 || v == 0x04 ? " (a SOCKS4 server?)" : v == 'H' ? " (an HTTP proxy?)" : "";
        return new DialException(Reason.BAD_PROXY_REPLY, "SOCKS5 proxy " + describe(proxy) + " answered with version 0x"
                + String.format("%02x", v) + ", not 0x05" + hint);
    }

    /** The CONNECT request for {@code target}: [05][01][00][atyp][address][port BE]. */
    static byte[] connectRequest(DialTarget target) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(300);
        b.write(VERSION);
        b.write(CMD_CONNECT);
        b.write(0);
        switch (target) {
            case DialTarget.Address a -> writeAddress(b, a.address());
            case DialTarget.Host h -> writeHost(b, h.host());
        }
        b.write(target.port() >>> 8);
        b.write(target.port() & 0xff);
        return b.toByteArray();
    }

    private static void writeAddress(ByteArrayOutputStream b, NetAddress a) {
        switch (a.network()) {
            case IPV4 -> {
                b.write(ATYP_IPV4);
                b.writeBytes(a.address().toByteArray());
            }
            case IPV6, CJDNS -> {
                b.write(ATYP_IPV6);
                b.writeBytes(a.address().toByteArray());
            }
            case TORV3, I2P -> writeDomain(b, a.host());
            case TORV2 -> throw new IllegalArgumentException("Tor v2 addresses no longer exist: " + a);
        }
    }

    private static void writeHost(ByteArrayOutputStream b, String host) {
        byte[] literal = ipLiteral(host);
        if (literal == null) {
            writeDomain(b, host);
        } else {
            b.write(literal.length == 4 ? ATYP_IPV4 : ATYP_IPV6);
            b.writeBytes(literal);
        }
    }

    private static void writeDomain(ByteArrayOutputStream b, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("host name longer than 255 bytes: " + name);
        }
        b.write(ATYP_DOMAIN);
        b.write(bytes.length);
        b.writeBytes(bytes);
    }

    /** The bytes of an IPv4 or IPv6 literal, or null for a name; never queries DNS. */
    static byte[] ipLiteral(String host) {
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            String[] parts = host.split("\\.");
            byte[] ip = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                ip[i] = (byte) v;
            }
            return ip;
        }
        if (host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.]+")) {
            try {
                // Only hex digits, colons and dots: InetAddress parses it as a literal, no lookup.
                return InetAddress.getByName(host).getAddress();
            } catch (IOException e) {
                throw new IllegalArgumentException("bad IPv6 literal: " + host, e);
            }
        }
        return null;
    }

    /** RFC 1928's words for a reply code, and Tor's for its extended codes. */
    static String replyText(int rep) {
        return switch (rep) {
            case 0x01 -> "general SOCKS server failure";
            case 0x02 -> "connection not allowed by ruleset";
            case 0x03 -> "network unreachable";
            case 0x04 -> "host unreachable";
            case 0x05 -> "connection refused";
            case 0x06 -> "TTL expired";
            case 0x07 -> "command not supported";
            case 0x08 -> "address type not supported";
            case 0xf0 -> "onion service descriptor can not be found";
            case 0xf1 -> "onion service descriptor is invalid";
            case 0xf2 -> "onion service introduction failed";
            case 0xf3 -> "onion service rendezvous failed";
            case 0xf4 -> "onion service missing client authorization";
            case 0xf5 -> "onion service wrong client authorization";
            case 0xf6 -> "onion service invalid address";
            case 0xf7 -> "onion service introduction timed out";
            default -> "unknown reply code";
        };
    }

    private static String describe(InetSocketAddress a) {
        String host = a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public String toString() {
        return "socks5://" + describe(proxy) + (isolatesStreams() ? " (stream isolation)" : "");
    }

    /** Exact-length reads with the socket timeout set to what is left of the dial's deadline. */
    private record Reader(Socket socket, InputStream in, long deadline, Duration timeout, String who) {

        byte[] read(int n, String what) throws IOException {
            byte[] buf = new byte[n];
            int got = 0;
            while (got < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw timedOut(what);
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
                int k;
                try {
                    k = in.read(buf, got, n - got);
                } catch (SocketTimeoutException e) {
                    throw timedOut(what);
                }
                if (k < 0) {
                    throw new DialException(Reason.PROXY_CLOSED, "SOCKS5 " + who + " closed the connection after "
                            + got + " of " + n + " bytes of its " + what);
                }
                got += k;
            }
            return buf;
        }

        private DialException timedOut(String what) {
            return new DialException(Reason.PROXY_TIMEOUT, "SOCKS5 " + who + " sent no complete " + what
                    + " within " + timeout.toMillis() + " ms");
        }
    }

    /** Builds a {@link Socks5Dialer}. */
    public static final class Builder {
        private final InetSocketAddress proxy;
        private Socks5Credentials credentials;
        private RandomGenerator isolationRandom;

        private Builder(InetSocketAddress proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
        }

        /**
         * Fixed username/password credentials (RFC 1929); default none.
         *
         * @param credentials the credentials
         * @return this builder
         */
        public Builder credentials(Socks5Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Fresh random credentials per connection, so Tor isolates each stream on its own circuit
         * ({@code IsolateSOCKSAuth}; Core's {@code -proxyrandomize}); default off. Replaces fixed
         * credentials, so it cannot be combined with {@link #credentials}.
         *
         * @param on whether to isolate
         * @return this builder
         */
        public Builder isolateStreams(boolean on) {
            return isolateStreams(on ? new SecureRandom() : null);
        }

        /**
         * Stream isolation with the given randomness (seeded in tests), or off with null.
         *
         * @param random the randomness for the credentials, or null for no isolation
         * @return this builder
         */
        public Builder isolateStreams(RandomGenerator random) {
            this.isolationRandom = random;
            return this;
        }

        /**
         * Builds the dialer.
         *
         * @return the dialer
         * @throws IllegalStateException if both fixed credentials and stream isolation are set
         */
        public Socks5Dialer build() {
            if (credentials != null && isolationRandom != null) {
                throw new IllegalStateException("stream isolation uses random credentials: it cannot be combined with fixed credentials");
            }
            return new Socks5Dialer(this);
        }
    }
}
