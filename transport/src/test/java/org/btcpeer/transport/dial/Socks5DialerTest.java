package org.btcpeer.transport.dial;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

import org.btcpeer.transport.dial.DialException.Reason;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Socks5Dialer} against an in-process scripted SOCKS5 server: request encoding and every error path. */
@Timeout(20)
class Socks5DialerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static byte[] dialAndGetRequest(DialTarget target) throws IOException {
        try (FakeSocks5Server server = new FakeSocks5Server(FakeSocks5Server.replying(FakeSocks5Server.success()));
             Socket s = Socks5Dialer.of(server.address()).dial(target, TIMEOUT)) {
            assertTrue(s.isConnected());
            assertEquals(0, s.getSoTimeout(), "the dial's read timeout is removed");
            assertArrayEquals(new byte[]{0}, server.methodOffers.get(0), "no auth offered without credentials");
            return server.requests.get(0);
        }
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static byte[] domainRequest(String name, int port) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] r = new byte[5 + n.length + 2];
        r[0] = 5;
        r[1] = 1;
        r[3] = 3;
        r[4] = (byte) n.length;
        System.arraycopy(n, 0, r, 5, n.length);
        r[r.length - 2] = (byte) (port >> 8);
        r[r.length - 1] = (byte) port;
        return r;
    }

    @Test
    void ipv4AddressGoesAsAtyp1() throws IOException {
        NetAddress a = NetAddress.of(new InetSocketAddress("1.2.3.4", 8333));
        assertArrayEquals(bytes(5, 1, 0, 1, 1, 2, 3, 4, 0x20, 0x8d), dialAndGetRequest(DialTarget.of(a)));
    }

    @Test
    void ipv6AddressAndLiteralGoAsAtyp4() throws IOException {
        byte[] expected = bytes(5, 1, 0, 4, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x47, 0x9d);
        NetAddress a = NetAddress.of(new InetSocketAddress("2001:db8::1", 18333));
        assertArrayEquals(expected, dialAndGetRequest(DialTarget.of(a)));
        assertArrayEquals(expected, dialAndGetRequest(DialTarget.host("2001:db8::1", 18333)));
        assertArrayEquals(bytes(5, 1, 0, 1, 10, 0, 0, 7, 0x20, 0x8d), dialAndGetRequest(DialTarget.host("10.0.0.7", 8333)));
    }

    @Test
    void hostNamesOnionAndI2pGoAsDomainNamesResolvedByTheProxy() throws IOException {
        assertArrayEquals(domainRequest("seed.example.org", 8333), dialAndGetRequest(DialTarget.host("seed.example.org", 8333)));
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        NetAddress onion = new NetAddress(NetworkId.TORV3, ByteString.wrap(key), 8333);
        assertTrue(onion.host().endsWith(".onion"));
        assertArrayEquals(domainRequest(onion.host(), 8333), dialAndGetRequest(DialTarget.of(onion)));
        NetAddress i2p = new NetAddress(NetworkId.I2P, ByteString.wrap(key), 0);
        assertTrue(i2p.host().endsWith(".b32.i2p"));
        assertArrayEquals(domainRequest(i2p.host(), 0), dialAndGetRequest(DialTarget.of(i2p)), "I2P uses port 0 (Core's I2P_SAM31_PORT)");
    }

    @ParameterizedTest(name = "reply 0x{0} -> {1}")
    @CsvSource({
            "01, GENERAL_FAILURE", "02, NOT_ALLOWED", "03, NETWORK_UNREACHABLE", "04, HOST_UNREACHABLE",
            "05, CONNECTION_REFUSED", "06, TTL_EXPIRED", "07, COMMAND_NOT_SUPPORTED", "08, ADDRESS_TYPE_NOT_SUPPORTED",
            "f0, ONION_SERVICE_FAILURE", "f6, ONION_SERVICE_FAILURE", "42, UNKNOWN_REPLY",
    })
    void everyReplyCodeIsTyped(String hex, Reason reason) throws IOException {
        int code = Integer.parseInt(hex, 16);
        try (FakeSocks5Server server = new FakeSocks5Server(FakeSocks5Server.replying(bytes(5, code, 0, 1, 0, 0, 0, 0, 0, 0)))) {
            DialException e = assertThrows(DialException.class,
                    () -> Socks5Dialer.of(server.address()).dial(DialTarget.host("peer.example", 8333), TIMEOUT));
            assertEquals(reason, e.reason());
            assertEquals(code, e.replyCode().orElseThrow());
            assertTrue(e.getMessage().contains("peer.example:8333"), e.getMessage());
        }
    }

    private static DialException fail(FakeSocks5Server.Script script, java.util.function.Function<InetSocketAddress, Socks5Dialer> dialer,
                                      Duration timeout) throws IOException {
        try (FakeSocks5Server server = new FakeSocks5Server(script)) {
            return assertThrows(DialException.class,
                    () -> dialer.apply(server.address()).dial(DialTarget.host("peer.example", 8333), timeout));
        }
    }

    private static DialException fail(FakeSocks5Server.Script script) throws IOException {
        return fail(script, Socks5Dialer::of, TIMEOUT);
    }

    @Test
    void authenticationRefused() throws IOException {
        DialException e = fail((in, out, server) -> {
            server.readGreeting(in);
            out.write(bytes(5, 2));
            out.flush();
            server.readCredentials(in);
            out.write(bytes(1, 1));
        }, a -> Socks5Dialer.builder(a).credentials(new Socks5Credentials("alice", "wrong")).build(), TIMEOUT);
        assertEquals(Reason.AUTH_REFUSED, e.reason());
    }

    @Test
    void noAcceptableMethodAndAMethodWeDidNotOffer() throws IOException {
        assertEquals(Reason.NO_ACCEPTABLE_METHOD, fail((in, out, server) -> {
            server.readGreeting(in);
            out.write(bytes(5, 0xff));
        }).reason());
        DialException gssapi = fail((in, out, server) -> {
            server.readGreeting(in);
            out.write(bytes(5, 1)); // GSSAPI: not offered, not supported
        });
        assertEquals(Reason.BAD_PROXY_REPLY, gssapi.reason());
        assertTrue(gssapi.getMessage().contains("did not offer"), gssapi.getMessage());
    }

    @Test
    void badVersionByte() throws IOException {
        DialException e = fail((in, out, server) -> {
            server.readGreeting(in);
            out.write(bytes(4, 0));
        });
        assertEquals(Reason.BAD_PROXY_REPLY, e.reason());
        assertTrue(e.getMessage().contains("version 0x04"), e.getMessage());
        assertEquals(Reason.BAD_PROXY_REPLY, fail(FakeSocks5Server.replying(bytes(6, 0, 0, 1, 0, 0, 0, 0, 0, 0))).reason());
        assertEquals(Reason.BAD_PROXY_REPLY, fail(FakeSocks5Server.replying(bytes(5, 0, 1, 1, 0, 0, 0, 0, 0, 0))).reason(),
                "non-zero reserved byte");
        assertEquals(Reason.BAD_PROXY_REPLY, fail(FakeSocks5Server.replying(bytes(5, 0, 0, 9, 0, 0, 0, 0, 0, 0))).reason(),
                "unknown address type");
    }

    @Test
    void truncatedRepliesAreReportedAsClosed() throws IOException {
        DialException e = fail(FakeSocks5Server.replying(bytes(5, 0, 0, 1, 127)));
        assertEquals(Reason.PROXY_CLOSED, e.reason());
        assertTrue(e.getMessage().contains("after 1 of 6 bytes"), e.getMessage());
        assertEquals(Reason.PROXY_CLOSED, fail((in, out, server) -> out.write(5)).reason(), "greeting reply cut");
        assertEquals(Reason.PROXY_CLOSED, fail(FakeSocks5Server.replying(bytes(5, 0, 0, 3, 200, 'a'))).reason(),
                "a domain-name bound address is read with its length, and cut");
    }

    /**
     * The proxy reads the greeting and then stays silent until the test releases it, after the dial
     * returned: the dial can only end by its own deadline, never by the proxy closing, and no
     * wall-clock threshold decides the outcome (a hang is caught by the class's {@code @Timeout}).
     */
    @Test
    void aSilentProxyTimesOut() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        DialException e;
        try {
            e = fail((in, out, server) -> {
                server.readGreeting(in);
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, Socks5Dialer::of, Duration.ofMillis(300));
        } finally {
            release.countDown();
        }
        assertEquals(Reason.PROXY_TIMEOUT, e.reason());
        assertTrue(e.getMessage().contains("within 300 ms"), e.getMessage());
    }

    @Test
    void anUnreachableProxyIsNamed() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        DialException e = assertThrows(DialException.class, () -> Socks5Dialer.of(new InetSocketAddress("127.0.0.1", port))
                .dial(DialTarget.host("peer.example", 8333), TIMEOUT));
        assertEquals(Reason.PROXY_CONNECT_FAILED, e.reason());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void streamIsolationSendsFreshCredentialsPerConnection() throws IOException {
        try (FakeSocks5Server server = new FakeSocks5Server(FakeSocks5Server.replying(FakeSocks5Server.success()))) {
            Socks5Dialer dialer = Socks5Dialer.builder(server.address()).isolateStreams(new SplittableRandom(1)).build();
            assertTrue(dialer.isolatesStreams());
            for (int i = 0; i < 3; i++) {
                dialer.dial(DialTarget.host("peer.example", 8333), TIMEOUT).close();
            }
            assertArrayEquals(new byte[]{0, 2}, server.methodOffers.get(0), "no auth and username/password offered, as Core");
            assertEquals(3, server.credentials.size());
            assertEquals(3, server.credentials.stream().distinct().count(), server.credentials.toString());
        }
    }

    @Test
    void fixedCredentialsAreSentAndNotPrinted() throws IOException {
        try (FakeSocks5Server server = new FakeSocks5Server(FakeSocks5Server.replying(FakeSocks5Server.success()))) {
            Socks5Credentials c = new Socks5Credentials("alice", "secret");
            Socks5Dialer.builder(server.address()).credentials(c).build().dial(DialTarget.host("peer.example", 1), TIMEOUT).close();
            assertEquals("alice:secret", server.credentials.get(0));
            assertTrue(!c.toString().contains("secret"));
        }
        assertThrows(IllegalStateException.class, () -> Socks5Dialer.builder(new InetSocketAddress("127.0.0.1", 1))
                .credentials(new Socks5Credentials("a", "b")).isolateStreams(true).build());
        assertThrows(IllegalArgumentException.class, () -> new Socks5Credentials("", "x"));
        assertThrows(IllegalArgumentException.class, () -> new Socks5Credentials("x".repeat(256), "x"));
    }

    @Test
    void directDialerRefusesOverlayAddressesWithoutTouchingDns() {
        byte[] key = new byte[32];
        NetAddress onion = new NetAddress(NetworkId.TORV3, ByteString.wrap(key), 8333);
        for (DialTarget t : new DialTarget[]{DialTarget.of(onion), DialTarget.host("abc.onion", 8333),
                DialTarget.host("x.b32.i2p", 1), DialTarget.of(new NetAddress(NetworkId.I2P, ByteString.wrap(key), 1))}) {
            DialException e = assertThrows(DialException.class, () -> Dialer.direct().dial(t, TIMEOUT));
            assertEquals(Reason.NEEDS_PROXY, e.reason());
            assertTrue(e.getMessage().contains("a Tor/I2P address needs a proxy"), e.getMessage());
        }
        assertNotEquals(DialTarget.host("a", 1), DialTarget.host("a", 2));
    }

    @Test
    void directDialerConnects() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket s = Dialer.direct().dial(DialTarget.of(NetAddress.of((InetSocketAddress) server.getLocalSocketAddress())), TIMEOUT)) {
            assertTrue(s.getTcpNoDelay());
        }
    }
}
