package org.btcpeer.peer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile byte sequences from real sockets on 127.0.0.1 against a listening {@link PeerAcceptor}.
 * Each case checks the typed outcome, that an honest bystander peer keeps getting pongs, and that
 * the acceptor's peers and handshake slots return to their baseline. The server runs on a manual
 * clock, so protocol timeouts are reached without waiting.
 */
@Timeout(60)
class HostilePeerTest {

    private static final NetworkParameters NET = NetworkParameters.REGTEST;
    private final ManualClock clock = new ManualClock();
    private final PeerRuntime serverRuntime = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));
    private final PeerRuntime clientRuntime = PeerRuntime.create();
    private final BlockingQueue<PeerDisconnect> disconnects = new LinkedBlockingQueue<>();
    private PeerAcceptor acceptor;
    private Peer bystander;
    private final BlockingQueue<PongMessage> bystanderPongs = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new ArrayList<>();

    private void startServer(TransportPolicy policy) throws Exception {
        PeerConfig config = PeerConfig.builder().network(NET).transportPolicy(policy)
                .services(org.btcpeer.wire.ServiceFlags.of(org.btcpeer.wire.ServiceFlags.NODE_NETWORK
                        | org.btcpeer.wire.ServiceFlags.NODE_WITNESS))
                .handshakeTimeout(Duration.ofSeconds(3)).build();
        InboundLimits limits = new InboundLimits(2000, 2000, 100_000, 100_000);
        acceptor = PeerAcceptor.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config, serverRuntime,
                limits, p -> p.disconnected().thenAccept(disconnects::add));
        // Against a v1-only server the bystander speaks v1 directly (a v2 attempt would be one more disconnect).
        TransportPolicy clientPolicy = policy == TransportPolicy.V1_ONLY ? TransportPolicy.V1_ONLY : TransportPolicy.V2_PREFERRED;
        PeerConfig clientConfig = PeerConfig.builder().network(NET).transportPolicy(clientPolicy)
                .listeners(PeerListeners.builder().on(PongMessage.class, (p, m) -> bystanderPongs.add(m)).build()).build();
        bystander = PeerConnector.connect(acceptor.localAddress(), clientConfig, clientRuntime);
        bystander.handshake().get(10, TimeUnit.SECONDS);
        PeerTest.awaitUntil(() -> acceptor.peers().size() == 1);
    }

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (bystander != null) {
            bystander.disconnect("test over");
        }
        if (acceptor != null) {
            acceptor.close();
        }
    }

    /** The bystander still gets a pong: the hostile connection starved nobody. */
    private void bystanderStillServed() throws Exception {
        long nonce = System.nanoTime() | 1;
        bystander.send(new PingMessage(nonce)).get(5, TimeUnit.SECONDS);
        while (true) {
            PongMessage p = bystanderPongs.poll(5, TimeUnit.SECONDS);
            if (p == null) {
                throw new AssertionError("bystander got no pong");
            }
            if (p.nonce() == nonce) {
                break;
            }
        }
        assertTrue(bystander.isConnected());
    }

    /** Only the bystander remains and no handshake slot is held. */
    private void backToBaseline() throws Exception {
        PeerTest.awaitUntil(() -> acceptor.peers().size() == 1 && acceptor.handshakesInProgress() == 0);
    }

    private Socket raw() throws IOException {
        Socket s = new Socket(acceptor.localAddress().getAddress(), acceptor.localAddress().getPort());
        s.setSoTimeout(10_000);
        sockets.add(s);
        return s;
    }

    /** A v1 frame with explicit control over every header field. */
    static byte[] frame(ByteString magic, byte[] command12, long length, byte[] checksum, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(24 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic.toByteArray()).put(command12).putInt((int) length).put(checksum).put(payload);
        return b.array();
    }

    static byte[] command(String name) {
        byte[] c = new byte[12];
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, c, 0, n.length);
        return c;
    }

    static byte[] validFrame(String name, byte[] payload) {
        byte[] checksum = java.util.Arrays.copyOf(Hash256.doubleSha256(ByteString.wrap(payload)).toInternalBytes(), 4);
        return frame(NET.magic(), command(name), payload.length, checksum, payload);
    }

    static byte[] versionFrame() {
        return validFrame("version", ScriptedRemote.version(70016, 77).payload().toByteArray());
    }

    private PeerDisconnect nextDisconnect() throws InterruptedException {
        PeerDisconnect d = disconnects.poll(10, TimeUnit.SECONDS);
        if (d == null) {
            throw new AssertionError("no disconnect within 10 s");
        }
        return d;
    }

    /**
     * True when the server closed the connection: end of stream, or a reset. False when the socket
     * stayed open until its 10 s read timeout ({@code SO_TIMEOUT}): silence is not a close. Any
     * other I/O failure propagates and fails the test.
     */
    static boolean closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[65536];
        try {
            while (true) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    // ---------------------------------------------------------------- v1 framing

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "wrong magic,             BAD_MAGIC",
            "length 0xFFFFFFFF,       OVERSIZED_MESSAGE",
            "length 4000001,          OVERSIZED_MESSAGE",
            "NUL-garbled command,     BAD_COMMAND",
    })
    void fatalV1HeadersDisconnectWithTheirReason(String kind, String transportReason) throws Exception {
        startServer(TransportPolicy.V1_ONLY);
        byte[] bad = switch (kind) {
            case "wrong magic" -> frame(NetworkParameters.MAINNET.magic(), command("verack"), 0, new byte[4], new byte[0]);
            case "length 0xFFFFFFFF" -> frame(NET.magic(), command("block"), 0xFFFFFFFFL, new byte[4], new byte[0]);
            case "length 4000001" -> frame(NET.magic(), command("block"), 4_000_001, new byte[4], new byte[0]);
            default -> frame(NET.magic(), new byte[]{'v', 0, 'r', 's', 'i', 'o', 'n', 0, 0, 0, 0, 0}, 0, new byte[4], new byte[0]);
        };
        Socket s = raw();
        s.getOutputStream().write(bad);
        PeerDisconnect d = nextDisconnect();
        assertEquals(DisconnectReason.TRANSPORT_ERROR, d.reason(), d.toString());
        assertTrue(d.detail().contains(transportReason), d.detail());
        assertTrue(closedByServer(s), "the server closed the socket");
        bystanderStillServed();
        backToBaseline();
    }

    @Test
    void badChecksumDropsTheMessageButKeepsTheConnection() throws Exception {
        startServer(TransportPolicy.V1_ONLY);
        Socket s = raw();
        OutputStream out = s.getOutputStream();
        byte[] ping = new PingMessage(5).payload().toByteArray();
        out.write(frame(NET.magic(), command("ping"), ping.length, new byte[]{1, 2, 3, 4}, ping));
        out.write(versionFrame());
        PeerTest.awaitUntil(() -> acceptor.peers().stream().filter(p -> p.remoteVersion().isPresent()).count() == 2);
        // ours by its address (the server sees our socket's local port): the bystander's handshake may
        // still be running here, so "not the handshaken one" could pick the bystander
        Peer hostile = acceptor.peers().stream().filter(p -> p.address().port() == s.getLocalPort())
                .findFirst().orElseThrow();
        assertTrue(hostile.remoteVersion().isPresent());
        assertEquals(1, hostile.stats().checksumFailures());
        assertTrue(hostile.isConnected(), "Core keeps a peer after a bad checksum");
        bystanderStillServed();
    }

    private Peer bystanderPeerOnServer() {
        return acceptor.peers().stream().filter(p -> p.stats().handshakeComplete()).findFirst().orElse(null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "inv,      ff0000000001000000,           count",       // 2^32 entries: above MAX_SIZE
            "addr,     ff0000000001000000,           count",       // 2^32
            "headers,  ff0000000001000000,           count",       // 2^32
            "tx,       01000000ff0000000001000000,   input count", // 2^32 inputs
            "inv,      fdffff,                       count",       // 65,535 > MAX_INV_SZ
            "addr,     fe00000100,                   count",       // 65,536 > MAX_ADDR_TO_SEND
            "headers,  fd0100,                       count",       // non-canonical CompactSize
            "tx,       01000000fe00000100,           input count", // 65,536 inputs in 9 bytes
            "getdata,  ffffffffffffffffff,           count",       // 2^64-1
    })
    void hugeOrNonCanonicalCountsAreProtocolViolations(String command, String payloadHex, String field) throws Exception {
        startServer(TransportPolicy.V1_ONLY);
        Socket s = raw();
        OutputStream out = s.getOutputStream();
        out.write(versionFrame());
        out.write(validFrame("verack", new byte[0]));
        PeerTest.awaitUntil(() -> acceptor.peers().stream().filter(p -> p.stats().handshakeComplete()).count() == 2);
        out.write(validFrame(command, java.util.HexFormat.of().parseHex(payloadHex)));
        PeerDisconnect d = nextDisconnect();
        assertEquals(DisconnectReason.PROTOCOL_VIOLATION, d.reason(), d.toString());
        assertTrue(d.detail().contains(command + ": field '" + field + "'"), d.detail());
        bystanderStillServed();
        backToBaseline();
    }

    @Test
    void duplicateVersionIsIgnoredAsCore() throws Exception {
        // Was a protocol violation; Core v30 ignores a "redundant version message".
        startServer(TransportPolicy.V1_ONLY);
        Socket s = raw();
        s.getOutputStream().write(versionFrame());
        s.getOutputStream().write(versionFrame());
        s.getOutputStream().write(validFrame("verack", new byte[0]));
        PeerTest.awaitUntil(() -> acceptor.peers().stream().filter(p -> p.stats().handshakeComplete()).count() == 2);
        Peer hostile = acceptor.peers().stream().filter(p -> p.stats().ignoredInput().ignoredMessages() == 1)
                .findFirst().orElseThrow();
        assertTrue(hostile.isConnected());
        bystanderStillServed();
    }

    @Test
    void aFuturePeerWhoseMessagesCarryExtensionsIsServedAndItsTrailingBytesCounted() throws Exception {
        // A node of a future protocol version: version 70017 with 4 more bytes after the relay flag,
        // a verack with a 2-byte payload, a ping with 6 bytes after its nonce. Core ignores all of them.
        startServer(TransportPolicy.V1_ONLY);
        Socket s = raw();
        OutputStream out = s.getOutputStream();
        byte[] version = ScriptedRemote.version(70017, 78).payload().toByteArray();
        out.write(validFrame("version", java.util.Arrays.copyOf(version, version.length + 4)));
        out.write(validFrame("verack", new byte[]{1, 2}));
        out.write(validFrame("ping", java.util.HexFormat.of().parseHex("0807060504030201" + "a1a2a3a4a5a6")));
        PeerTest.awaitUntil(() -> acceptor.peers().stream().anyMatch(p -> p.stats().ignoredInput().trailingBytes() == 12));
        Peer future = acceptor.peers().stream().filter(p -> p.stats().ignoredInput().trailingBytes() == 12)
                .findFirst().orElseThrow();
        assertTrue(future.isConnected());
        assertTrue(future.stats().handshakeComplete());
        assertEquals(70016, future.features().version());
        assertEquals(java.util.Map.of("version", 4L, "verack", 2L, "ping", 6L),
                future.stats().ignoredInput().trailingBytesPerCommand());
        assertEquals(0, future.stats().ignoredInput().malformedDropped());
        bystanderStillServed();
    }

    @Test
    void messagesBeforeVersionAreIgnoredThenTheHandshakeTimesOut() throws Exception {
        startServer(TransportPolicy.V1_ONLY);
        Socket s = raw();
        s.getOutputStream().write(validFrame("ping", new PingMessage(1).payload().toByteArray()));
        PeerTest.awaitUntil(() -> acceptor.peers().size() == 2);
        clock.advance(Duration.ofSeconds(3));
        // The peer is listed before its reader arms the deadline: a deadline armed after the advance is
        // already due and runs on the next advance, so time stands still while we wait for it.
        PeerTest.awaitUntil(() -> {
            clock.advance(Duration.ZERO);
            return !disconnects.isEmpty();
        });
        assertEquals(DisconnectReason.HANDSHAKE_TIMEOUT, nextDisconnect().reason());
        backToBaseline();
    }

    @Test
    void slowlorisDribblingA4MbMessageHitsTheHandshakeDeadline() throws Exception {
        startServer(TransportPolicy.V1_ONLY);
        Socket s = raw();
        PeerTest.awaitUntil(() -> acceptor.peers().size() == 2); // its deadline is armed on the manual clock
        OutputStream out = s.getOutputStream();
        byte[] header = frame(NET.magic(), command("block"), 4_000_000, new byte[4], new byte[0]);
        try {
            for (byte b : header) {
                out.write(b); // one byte at a time while the server's clock moves on
                clock.advance(Duration.ofMillis(100));
            }
            for (int i = 0; i < 20; i++) {
                out.write(0);
                clock.advance(Duration.ofSeconds(1));
            }
        } catch (IOException closedByTheDeadline) {
            // the server closed the connection mid-dribble: the expected end
        }
        assertEquals(DisconnectReason.HANDSHAKE_TIMEOUT, nextDisconnect().reason());
        assertTrue(closedByServer(s), "the server closed the socket");
        bystanderStillServed();
        backToBaseline();
    }

    @Test
    void unrequestedLargeBlocksInALoopKeepThePeerAndMemoryBounded() throws Exception {
        startServer(TransportPolicy.V1_ONLY);
        byte[] block;
        try (InputStream in = HostilePeerTest.class.getResourceAsStream(
                "/blocks/block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk")) {
            block = in.readAllBytes(); // a real 2.2 MB segwit block
        }
        Socket s = raw();
        OutputStream out = s.getOutputStream();
        out.write(versionFrame());
        out.write(validFrame("verack", new byte[0]));
        PeerTest.awaitUntil(() -> acceptor.peers().stream().filter(p -> p.stats().handshakeComplete()).count() == 2);
        byte[] frame = validFrame("block", block); // allocated before the baseline: it is the test's own
        long baseline = usedHeapAfterGc();
        int blocks = 10;
        for (int i = 0; i < blocks; i++) {
            out.write(frame);
        }
        Peer hostile = acceptor.peers().stream().filter(p -> p.stats().receivedPerCommand().containsKey("verack")
                && p.stats().userAgent().equals("/Satoshi:27.0.0/")).findFirst().orElseThrow();
        PeerTest.awaitUntil(() -> hostile.stats().receivedPerCommand().getOrDefault("block", new CommandCounters(0, 0)).messages() == blocks);
        assertTrue(hostile.isConnected(), "unrequested blocks are not a protocol violation");
        bystanderStillServed();
        long after = usedHeapAfterGc();
        // Below the size of ONE block: keeping any received block (or its decoded form) fails this,
        // and keeping all ten would add over 20 MB.
        assertTrue(after - baseline < block.length, "nothing retained per block: " + (after - baseline)
                + " bytes more after " + blocks + " blocks of " + block.length + " bytes");
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    // ---------------------------------------------------------------- v2

    @Test
    void v2GarbageWithoutTerminatorFailsTheTransportHandshake() throws Exception {
        startServer(TransportPolicy.V2_PREFERRED);
        Socket s = raw();
        byte[] junk = new byte[64 + 4096 + 16 + 100];
        new java.util.Random(3).nextBytes(junk);
        long failedBefore = acceptor.failedHandshakeCount();
        try {
            s.getOutputStream().write(junk);
        } catch (IOException closedEarly) {
            // the server may close before everything is written
        }
        assertTrue(closedByServer(s), "the server closed the socket");
        PeerTest.awaitUntil(() -> acceptor.failedHandshakeCount() == failedBefore + 1);
        bystanderStillServed();
        backToBaseline();
    }

    @Test
    void v2JunkKeyThenSilenceEndsAtTheDeadline() throws Exception {
        startServer(TransportPolicy.V2_PREFERRED);
        Socket s = raw();
        byte[] key = new byte[64];
        new java.util.Random(4).nextBytes(key); // any 64 bytes decode to a point: the handshake continues
        s.getOutputStream().write(key);
        assertTrue(closedByServer(s), "closed when the 3 s transport deadline passes");
        bystanderStillServed();
        backToBaseline();
    }

    @Test
    void thousandSilentConnectionsAreAllFreedByTheDeadline() throws Exception {
        startServer(TransportPolicy.V2_PREFERRED);
        for (int i = 0; i < 1000; i++) {
            raw();
        }
        PeerTest.awaitUntil(() -> acceptor.handshakesInProgress() > 0);
        bystanderStillServed();
        // Each silent connection waits for its first bytes until the 3 s transport deadline.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acceptor.handshakesInProgress() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, acceptor.handshakesInProgress(), "every silent handshake was freed");
        assertEquals(1000, acceptor.failedHandshakeCount());
        bystanderStillServed();
        backToBaseline();
    }

    @Test
    void versionThenVerackFromARawSocketIsAcceptedAsV1OnADualPort() throws Exception {
        // Control case: the raw-socket client is able to complete a v1 handshake on a dual port.
        startServer(TransportPolicy.V2_PREFERRED);
        Socket s = raw();
        s.getOutputStream().write(versionFrame());
        s.getOutputStream().write(validFrame("verack", new byte[0]));
        PeerTest.awaitUntil(() -> acceptor.peers().stream().filter(p -> p.stats().handshakeComplete()).count() == 2);
        assertTrue(acceptor.peers().stream().anyMatch(p -> p.stats().transport() == org.btcpeer.transport.TransportVersion.V1
                && p.stats().userAgent().equals("/Satoshi:27.0.0/")), "the raw client was detected as v1");
    }
}
