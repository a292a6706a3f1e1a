package org.btcpeer.transport.dial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import org.btcpeer.transport.dial.DialException.Reason;
import org.btcpeer.wire.NetAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link Socks5Dialer} against a real SOCKS5 server (Debian's microsocks on 127.0.0.1), reaching an
 * echo server on 127.0.0.1: addresses, a domain name the proxy resolves, IPv6, RFC 1929
 * authentication, stream isolation, and the proxy's own connection-refused reply.
 */
@Timeout(30)
class MicrosocksTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static ServerSocket echo;

    @BeforeAll
    static void startEcho() throws IOException {
        Microsocks.assumeAvailable();
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> serveEcho(echo));
    }

    static void serveEcho(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException ignored) {
                        // client gone
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    @AfterAll
    static void stopEcho() throws IOException {
        if (echo != null) {
            echo.close();
        }
    }

    private static void assertEchoes(Socket s) throws IOException {
        try (s) {
            byte[] hello = "hello through socks".getBytes();
            s.getOutputStream().write(hello);
            s.setSoTimeout(5_000);
            assertArrayEquals(hello, s.getInputStream().readNBytes(hello.length));
        }
    }

    @Test
    void reachesAnIpv4AddressAndAProxyResolvedName() throws IOException {
        try (Microsocks proxy = Microsocks.start()) {
            Socks5Dialer dialer = Socks5Dialer.of(proxy.address());
            assertEchoes(dialer.dial(DialTarget.of(NetAddress.of((InetSocketAddress) echo.getLocalSocketAddress())), TIMEOUT));
            assertEchoes(dialer.dial(DialTarget.host("localhost", echo.getLocalPort()), TIMEOUT));
        }
    }

    @Test
    void reachesIpv6Loopback() throws IOException {
        InetAddress v6;
        ServerSocket echo6;
        try {
            v6 = Inet6Address.getByName("::1");
            echo6 = new ServerSocket(0, 10, v6);
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e);
            return;
        }
        try (echo6; Microsocks proxy = Microsocks.start()) {
            Thread.ofVirtual().start(() -> serveEcho(echo6));
            assertEchoes(Socks5Dialer.of(proxy.address()).dial(DialTarget.host("::1", echo6.getLocalPort()), TIMEOUT));
        }
    }

    @Test
    void usernamePasswordAuthentication() throws IOException {
        try (Microsocks proxy = Microsocks.start("alice", "s3cret")) {
            DialTarget target = DialTarget.host("127.0.0.1", echo.getLocalPort());
            assertEchoes(Socks5Dialer.builder(proxy.address()).credentials(new Socks5Credentials("alice", "s3cret")).build()
                    .dial(target, TIMEOUT));
            DialException wrong = assertThrows(DialException.class, () -> Socks5Dialer.builder(proxy.address())
                    .credentials(new Socks5Credentials("alice", "nope")).build().dial(target, TIMEOUT));
            assertEquals(Reason.AUTH_REFUSED, wrong.reason());
            DialException none = assertThrows(DialException.class, () -> Socks5Dialer.of(proxy.address()).dial(target, TIMEOUT));
            assertEquals(Reason.NO_ACCEPTABLE_METHOD, none.reason());
        }
    }

    @Test
    void streamIsolationWorksWithAProxyWithoutAuthentication() throws IOException {
        try (Microsocks proxy = Microsocks.start()) {
            Socks5Dialer dialer = Socks5Dialer.builder(proxy.address()).isolateStreams(true).build();
            assertEchoes(dialer.dial(DialTarget.host("127.0.0.1", echo.getLocalPort()), TIMEOUT));
            assertEchoes(dialer.dial(DialTarget.host("127.0.0.1", echo.getLocalPort()), TIMEOUT));
        }
    }

    @Test
    void aRefusedTargetIsTheProxysConnectionRefusedReply() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (Microsocks proxy = Microsocks.start()) {
            DialException e = assertThrows(DialException.class, () -> Socks5Dialer.of(proxy.address())
                    .dial(DialTarget.host("127.0.0.1", closedPort), TIMEOUT));
            assertEquals(Reason.CONNECTION_REFUSED, e.reason(), e.getMessage());
            assertEquals(5, e.replyCode().orElseThrow());
        }
    }
}
