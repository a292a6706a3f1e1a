package org.btcpeer.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.btcpeer.examples.Main;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.NetworkParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: {@code btcpeer serve} runs in-process on an ephemeral 127.0.0.1 port and the client
 * commands run against it through {@link Main#run}, checking exit statuses and {@code --json} fields.
 */
@Timeout(60)
class CliTest {

    private static Thread serveThread;
    private static final AtomicInteger serveStatus = new AtomicInteger(-1);
    private static String target;

    @BeforeAll
    static void startServe() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        serveThread = Thread.ofPlatform().name("cli-test-serve").start(() -> serveStatus.set(Main.run(
                new String[]{"serve", "--blocks", "250", "--port", "0", "--json"},
                new PrintWriter(out, true), new PrintWriter(err, true), PeerRuntime.create())));
        Pattern port = Pattern.compile("\"port\":(\\d+)");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            Matcher m = port.matcher(out.toString());
            if (m.find()) {
                target = "127.0.0.1:" + m.group(1);
                assertTrue(out.toString().startsWith("{\"ok\":true,\"command\":\"serve\",\"listening\":{\"network\":\"regtest\""),
                        out.toString());
                return;
            }
            if (System.nanoTime() > deadline || !serveThread.isAlive()) {
                throw new AssertionError("serve did not start: " + out + err);
            }
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stopServe() throws Exception {
        serveThread.interrupt();
        serveThread.join(10_000);
        assertFalse(serveThread.isAlive(), "serve stops when interrupted");
        assertEquals(0, serveStatus.get(), "serve exits 0 when stopped");
    }

    @Test
    void handshakeReportsTheNegotiation() {
        Cli.Run r = Cli.run("handshake", "--network", "regtest", "--json", target);
        assertEquals(0, r.status(), r.err());
        assertEquals("true", r.field("ok"));
        assertEquals("v2", r.field("transport"), "v2-preferred by default, as Core");
        assertEquals(64, r.field("session_id").length());
        assertEquals("70016", r.field("version"));
        assertEquals("250", r.field("start_height"));
        assertEquals("/btcpeer:0.1.0/btcpeer-serve:0.1.0/", r.field("user_agent"));
        assertTrue(r.out().contains("\"services\":[\"NETWORK\",\"WITNESS\",\"COMPACT_FILTERS\",\"P2P_V2\"]"), "serve offers v2: NODE_P2P_V2 " + r.out());
        assertTrue(r.out().contains("\"wtxidrelay\":true"), r.out());
        assertTrue(r.out().contains("\"compact_blocks_version\":2"), r.out());
        assertTrue(Double.parseDouble(r.field("rtt_ms")) > 0);
        assertEquals(1, r.out().lines().count(), "one JSON object");
        assertEquals("", r.err());
    }

    @Test
    void handshakeHumanOutput() {
        Cli.Run r = Cli.run("handshake", "--network", "regtest", target);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("transport     v2"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s*session id\\s+[0-9a-f]{64}")), r.out());
        assertTrue(r.out().contains("services      NETWORK WITNESS COMPACT_FILTERS P2P_V2 (0x849)"), r.out());
        assertTrue(r.out().contains("ping rtt"), r.out());
    }

    @Test
    void headersSyncsToTheTip() {
        Cli.Run r = Cli.run("headers", "--network", "regtest", "--json", target);
        assertEquals(0, r.status(), r.err());
        assertEquals("250", r.field("tip_height"));
        assertEquals(RegtestChainGenerator.withSeed(1).generate(250).tip().hash().toString(), r.field("tip_hash"));
        Cli.Run limited = Cli.run("headers", "--network", "regtest", "--max", "100", "--json", target);
        assertEquals("100", limited.field("tip_height"));
    }

    @Test
    void headersStoreResumesFromTheStoredTip(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String file = dir.resolve("regtest.headers").toString();
        Cli.Run first = Cli.run("headers", "--network", "regtest", "--store", file, "--max", "100", "--json", target);
        assertEquals(0, first.status(), first.err());
        assertEquals("0", first.field("resumed_from"));
        long stored = java.nio.file.Files.size(dir.resolve("regtest.headers"));
        assertTrue(stored >= 52 + 101 * 84, "file header, root and at least 100 records: " + stored);

        Cli.Run second = Cli.run("headers", "--network", "regtest", "--store", file, "--json", target);
        assertEquals(0, second.status(), second.err());
        int resumed = Integer.parseInt(second.field("resumed_from"));
        assertTrue(resumed >= 100, "the second run starts from the stored tip: " + resumed);
        assertEquals(String.valueOf(250 - resumed), second.field("new_headers"));
        assertEquals("250", second.field("tip_height"));
        assertEquals(RegtestChainGenerator.withSeed(1).generate(250).tip().hash().toString(), second.field("tip_hash"));
        assertEquals(52 + 251 * 84, java.nio.file.Files.size(dir.resolve("regtest.headers")));
    }

    @Test
    void blockFetchesAndVerifies() {
        String hash = RegtestChainGenerator.withSeed(1).generate(20).block(20).hash().toString();
        Cli.Run r = Cli.run("block", "--network", "regtest", "--json", target, hash);
        assertEquals(0, r.status(), r.err());
        assertEquals(hash, r.field("hash"));
        assertEquals("20", r.field("height"));
        assertEquals("1", r.field("tx_count"));
        assertEquals("true", r.field("merkle_root_ok"));
        int size = Integer.parseInt(r.field("size"));
        assertEquals(size * 4, Integer.parseInt(r.field("weight")), "no witness: weight = 4 * size");
        Cli.Run human = Cli.run("block", "--network", "regtest", target, hash);
        assertTrue(human.out().contains("height        20"), human.out());
    }

    @Test
    void unknownBlockFailsWithOneLine() {
        Cli.Run r = Cli.run("block", "--network", "regtest", target, "ab".repeat(32));
        assertEquals(1, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("btcpeer block: peer does not have block abab"), r.err());
    }

    @Test
    void invalidHashFailsWithOneLine() {
        Cli.Run r = Cli.run("block", "--network", "regtest", "--json", target, "not-a-hash");
        assertEquals(1, r.status());
        assertEquals("btcpeer block: invalid block hash 'not-a-hash': expected 64 hex digits\n", r.err());
        assertEquals("false", r.field("ok"));
        assertTrue(r.field("error").startsWith("invalid block hash"));
    }

    @Test
    void refusedConnectionFailsWithOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        Cli.Run r = Cli.run("handshake", "--network", "regtest", "127.0.0.1:" + port);
        assertEquals(1, r.status());
        assertEquals("btcpeer handshake: cannot connect to 127.0.0.1:" + port + ": connection refused\n", r.err());
    }

    @Test
    void wrongNetworkMagicGivesAClearReason() {
        Cli.Run r = Cli.run("handshake", "--network", "signet", "--transport", "v1", "--json", target);
        assertEquals(1, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("is it a signet node? we used magic 0a03cf40; check --network"), r.err());
        assertEquals("false", r.field("ok"));
    }

    @Test
    void wrongNetworkOverV2TimesOutWithAHint() {
        Cli.Run r = Cli.run("handshake", "--network", "signet", "--transport", "v2", "--timeout", "2", target);
        assertEquals(1, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        // Usually a timeout; when our random garbage is long, the node gives up scanning for our
        // terminator first (4,111 bytes) and closes. Either way the hint names the network.
        assertTrue((r.err().contains("HANDSHAKE_TIMEOUT") || r.err().contains("CONNECTION_CLOSED"))
                && r.err().contains("check --network"), r.err());
    }

    @Test
    void v2IsNegotiatedAndAnUnreachableProxyIsNamed() throws Exception {
        Cli.Run v2 = Cli.run("handshake", "--network", "regtest", "--transport", "v2", "--json", target);
        assertEquals(0, v2.status(), v2.err());
        assertEquals("v2", v2.field("transport"));
        assertEquals(64, v2.field("session_id").length(), "a 32-byte session id in hex");
        Cli.Run v1 = Cli.run("handshake", "--network", "regtest", "--transport", "v1", "--json", target);
        assertEquals(0, v1.status(), v1.err());
        assertEquals("v1", v1.field("transport"));
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Cli.Run proxy = Cli.run("handshake", "--network", "regtest", "--proxy", "127.0.0.1:" + closedPort, target);
        assertEquals(1, proxy.status());
        assertTrue(proxy.err().contains("cannot connect to SOCKS5 proxy 127.0.0.1:" + closedPort + ": connection refused"),
                proxy.err());
        for (String command : java.util.List.of("headers", "block")) { // every connecting command takes --proxy, as documented
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command, "--network", "regtest", "--proxy",
                    "127.0.0.1:" + closedPort, target));
            if (command.equals("block")) {
                args.add("00".repeat(32));
            }
            Cli.Run via = Cli.run(args.toArray(String[]::new));
            assertEquals(1, via.status(), command);
            assertTrue(via.err().contains("cannot connect to SOCKS5 proxy 127.0.0.1:" + closedPort), command + ": " + via.err());
        }
    }

    @Test
    void handshakeThroughARealSocks5Proxy() throws Exception {
        org.btcpeer.transport.dial.Microsocks.assumeAvailable();
        try (org.btcpeer.transport.dial.Microsocks proxy = org.btcpeer.transport.dial.Microsocks.start()) {
            String via = "127.0.0.1:" + proxy.address().getPort();
            Cli.Run r = Cli.run("handshake", "--network", "regtest", "--proxy", via, "--json", target);
            assertEquals(0, r.status(), r.err());
            assertEquals("v2", r.field("transport"), "v2 through the proxy");
            assertEquals("250", r.field("start_height"));
            Cli.Run byName = Cli.run("handshake", "--network", "regtest", "--transport", "v1", "--proxy", via, "--json",
                    target.replace("127.0.0.1", "localhost"));
            assertEquals(0, byName.status(), byName.err());
            assertEquals("v1", byName.field("transport"));
        }
    }

    @Test
    void usageErrorsExit2WithOneLine() {
        Cli.Run r = Cli.run("headers", "--network", "nowhere", target);
        assertEquals(2, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("unknown network 'nowhere'"), r.err());
        assertEquals(2, Cli.run().status());
        assertEquals(2, Cli.run("block", target).status(), "missing HASH");
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[]{"demo", "serve", "handshake", "headers", "block", "listen"}) {
            Cli.Run r = Cli.run(cmd, "--help");
            assertEquals(0, r.status(), cmd);
            assertTrue(r.out().startsWith("Usage: btcpeer " + cmd), r.out());
        }
        assertTrue(Cli.run("--help").out().contains("demo"));
    }

    @Test
    void serveRefusesOtherNetworks() {
        Cli.Run r = Cli.run("serve", "--network", "signet", "--port", "0");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("regtest blocks only"), r.err());
    }

    @Test
    void regtestDefaultsUseTheNetworkPort() {
        assertEquals(18444, NetworkParameters.REGTEST.defaultPort());
    }
}
