package org.btcpeer.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.btcpeer.examples.Main;
import org.btcpeer.peer.PeerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end on 127.0.0.1: {@code serve} (v1 and v2 on one port), {@code proxy} in front of it, and
 * v1-only clients ({@code handshake}, {@code headers} with {@code --transport v1}) going through
 * the proxy, which upgrades the upstream leg to v2.
 */
@Timeout(60)
class ProxyCommandTest {

    private static Thread serve;
    private static Thread proxy;
    private static final StringWriter proxyErr = new StringWriter();
    private static final AtomicInteger proxyStatus = new AtomicInteger(-1);
    private static String proxyTarget;

    @BeforeAll
    static void start() throws Exception {
        StringWriter serveOut = new StringWriter();
        serve = Thread.ofPlatform().name("proxy-test-serve").start(() -> Main.run(
                new String[]{"serve", "--blocks", "120", "--port", "0", "--json"},
                new PrintWriter(serveOut, true), new PrintWriter(new StringWriter(), true), PeerRuntime.create()));
        String servePort = awaitPort(serveOut, serve);
        StringWriter proxyOut = new StringWriter();
        proxy = Thread.ofPlatform().name("proxy-test-proxy").start(() -> proxyStatus.set(Main.run(
                new String[]{"proxy", "--network", "regtest", "--listen", "127.0.0.1:0", "--to", "127.0.0.1:" + servePort,
                        "--json"},
                new PrintWriter(proxyOut, true), new PrintWriter(proxyErr, true), PeerRuntime.create())));
        proxyTarget = "127.0.0.1:" + awaitPort(proxyOut, proxy);
    }

    private static String awaitPort(StringWriter out, Thread t) throws InterruptedException {
        Pattern port = Pattern.compile("\"port\":(\\d+)");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            Matcher m = port.matcher(out.toString());
            if (m.find()) {
                return m.group(1);
            }
            if (System.nanoTime() > deadline || !t.isAlive()) {
                throw new AssertionError("did not start: " + out);
            }
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.interrupt();
        proxy.join(10_000);
        assertEquals(0, proxyStatus.get(), "proxy exits 0 when stopped");
        serve.interrupt();
        serve.join(10_000);
    }

    @Test
    void v1ClientsReachTheNodeThroughTheProxyWhichSpeaksV2Upstream() throws Exception {
        Cli.Run h = Cli.run("handshake", "--network", "regtest", "--transport", "v1", "--json", proxyTarget);
        assertEquals(0, h.status(), h.err());
        assertEquals("v1", h.field("transport"), "the client side stays v1");
        assertEquals("/btcpeer:0.1.0/btcpeer-serve:0.1.0/", h.field("user_agent"), "the server's version came through");
        assertEquals("120", h.field("start_height"));

        Cli.Run headers = Cli.run("headers", "--network", "regtest", "--transport", "v1", "--json", proxyTarget);
        assertEquals(0, headers.status(), headers.err());
        assertEquals("120", headers.field("tip_height"));

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!proxyErr.toString().contains("over v2 (session ") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(proxyErr.toString().contains("over v2 (session "), "the upstream leg is BIP-324 v2: " + proxyErr);
    }
}
