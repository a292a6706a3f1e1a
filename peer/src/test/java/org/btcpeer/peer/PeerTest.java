package org.btcpeer.peer;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.FilterLoadMessage;
import org.btcpeer.wire.message.GetHeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.RawMessage;
import org.btcpeer.wire.message.SendAddrV2Message;
import org.btcpeer.wire.message.SendCmpctMessage;
import org.btcpeer.wire.message.SendHeadersMessage;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.btcpeer.wire.message.WtxidRelayMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentMatchers;
import org.mockito.InOrder;
import org.mockito.Mockito;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Peer behaviour over in-memory pipes with a manual clock: no test waits for a real protocol timeout. */
@Timeout(30)
public class PeerTest {

    private final ManualClock clock = new ManualClock();
    private final PeerRuntime runtime = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private PeerConfig.Builder config() {
        return PeerConfig.builder().network(NetworkParameters.REGTEST);
    }

    private record Setup(Peer peer, ScriptedRemote remote, PipeConnections pipes) {
    }

    private Setup outbound(PeerConfig config) {
        return outbound(config, 1 << 20);
    }

    private Setup outbound(PeerConfig config, int pipeCapacity) {
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, pipeCapacity);
        ScriptedRemote remote = new ScriptedRemote(pipes.b);
        toClose.add(remote);
        Peer peer = Peer.outbound(pipes.a, config, runtime);
        toClose.add(() -> peer.disconnect("test over"));
        return new Setup(peer, remote, pipes);
    }

    private Setup inbound(PeerConfig config) {
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 20);
        ScriptedRemote remote = new ScriptedRemote(pipes.b);
        toClose.add(remote);
        Peer peer = Peer.inbound(pipes.a, config, runtime);
        toClose.add(() -> peer.disconnect("test over"));
        return new Setup(peer, remote, pipes);
    }

    /** Plays Core's side of the handshake against an outbound peer and waits until the peer is ready. */
    private void handshake(Setup s) throws Exception {
        assertInstanceOf(VersionMessage.class, s.remote.next());
        s.remote.send(ScriptedRemote.version(70016, 42));
        assertInstanceOf(WtxidRelayMessage.class, s.remote.next());
        assertInstanceOf(SendAddrV2Message.class, s.remote.next());
        assertInstanceOf(VerackMessage.class, s.remote.next());
        s.remote.send(WtxidRelayMessage.INSTANCE);
        s.remote.send(SendAddrV2Message.INSTANCE);
        s.remote.send(VerackMessage.INSTANCE);
        s.peer.handshake().get(5, TimeUnit.SECONDS);
    }

    /** Moves the clock to 1 s before {@code deadline} (still connected), then to it (disconnected with {@code reason}). */
    private void assertDisconnectsAt(Peer p, Duration deadline, DisconnectReason reason) throws Exception {
        clock.advance(deadline.minusSeconds(1));
        assertTrue(p.isConnected(), "still connected 1 s before the " + reason + " deadline");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(reason, ended(p).reason());
    }

    /** Waits for {@code p} to end, then checks its reason and that the detail says {@code detailPart}. */
    private static void assertEnded(Peer p, DisconnectReason reason, String detailPart) throws Exception {
        PeerDisconnect d = ended(p);
        assertEquals(reason, d.reason(), d.toString());
        assertTrue(d.detail().contains(detailPart), d.detail());
    }

    private static PeerDisconnect ended(Peer p) throws Exception {
        return p.disconnected().get(5, TimeUnit.SECONDS);
    }

    /** Messages the remote receives until our pong to a ping it sends now: everything we queued before. */
    private static List<Message> drain(Setup s) throws Exception {
        s.remote.send(new PingMessage(77));
        List<Message> out = new ArrayList<>();
        while (true) {
            Message m = s.remote.next();
            if (m.equals(new PongMessage(77))) {
                return out;
            }
            out.add(m);
        }
    }

    /** A config whose peers survive hours of manual time with a silent remote. */
    private PeerConfig.Builder patient() {
        return config().pongTimeout(Duration.ofDays(1)).idleTimeout(Duration.ofDays(1));
    }

    private static List<org.btcpeer.wire.message.FeeFilterMessage> feeFilters(List<Message> ms) {
        return ms.stream().filter(m -> m instanceof org.btcpeer.wire.message.FeeFilterMessage)
                .map(m -> (org.btcpeer.wire.message.FeeFilterMessage) m).toList();
    }

    @Test
    void versionAdvertisesNodeP2pV2ExactlyWhenV2IsOffered() throws Exception {
        long v2 = ServiceFlags.NODE_P2P_V2;
        ServiceFlags network = ServiceFlags.of(ServiceFlags.NODE_NETWORK);
        Object[][] table = {
                {org.btcpeer.transport.TransportPolicy.V2_PREFERRED, network, network.bits() | v2},
                {org.btcpeer.transport.TransportPolicy.V2_REQUIRED, network, network.bits() | v2},
                {org.btcpeer.transport.TransportPolicy.V1_ONLY, network, network.bits()},
                {org.btcpeer.transport.TransportPolicy.V1_ONLY, network.with(v2), network.bits()}, // never under V1_ONLY
        };
        for (Object[] row : table) {
            PeerConfig c = config().transportPolicy((org.btcpeer.transport.TransportPolicy) row[0])
                    .services((ServiceFlags) row[1]).build();
            VersionMessage outbound = outbound(c).remote.next(VersionMessage.class);
            assertEquals((long) row[2], outbound.services().bits(), "outbound " + row[0]);
            assertEquals((long) row[2], outbound.senderServices().bits(), "addr_me services " + row[0]);
            Setup in = inbound(c);
            in.remote.send(ScriptedRemote.version(70016, 9));
            assertEquals((long) row[2], in.remote.next(VersionMessage.class).services().bits(), "inbound " + row[0]);
        }
    }

    @Test
    void mempoolFeeFilterFollowsCoresTimerAndLeavesInitialBlockDownloadAtOnce() throws Exception {
        java.util.concurrent.atomic.AtomicLong minFee = new java.util.concurrent.atomic.AtomicLong(FeeFilter.IN_INITIAL_BLOCK_DOWNLOAD);
        Setup s = outbound(patient().feeFilter(FeeFilter.mempool(minFee::get)).build());
        handshake(s);
        clock.runDue();
        assertEquals(List.of(new org.btcpeer.wire.message.FeeFilterMessage(9936506)), feeFilters(drain(s)),
                "in IBD: MAX_MONEY rounded to the last bucket, right after the handshake");
        minFee.set(40);
        clock.advance(Duration.ofSeconds(10)); // the next change check
        assertEquals(List.of(new org.btcpeer.wire.message.FeeFilterMessage(100)), feeFilters(drain(s)),
                "out of IBD: sent at once, raised to the 100 sat/kvB min relay fee");
        clock.advance(Duration.ofHours(3));
        assertEquals(List.of(), feeFilters(drain(s)), "an unchanged value is not sent again");
    }

    @Test
    void noFeeFilterOnRelayFalseConnectionsNorBelow70013() throws Exception {
        Setup blocksOnly = outbound(patient().relay(false).feeFilter(FeeFilter.mempool(() -> 5000)).build());
        handshake(blocksOnly);
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(), feeFilters(drain(blocksOnly)), "block-relay-only: never (Core's IsBlockOnlyConn)");
        Setup fixedBlocksOnly = outbound(patient().relay(false).feeFilter(FeeFilter.fixed(1000)).build());
        handshake(fixedBlocksOnly);
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(), feeFilters(drain(fixedBlocksOnly)), "a fixed value neither");

        Setup old = outbound(patient().feeFilter(FeeFilter.mempool(() -> 5000)).build());
        assertInstanceOf(VersionMessage.class, old.remote.next());
        old.remote.send(ScriptedRemote.version(70012, 43));
        assertInstanceOf(VerackMessage.class, old.remote.next());
        old.remote.send(VerackMessage.INSTANCE);
        old.peer.handshake().get(5, TimeUnit.SECONDS);
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(), feeFilters(drain(old)), "below FEEFILTER_VERSION: never");
    }

    @Test
    void outboundHandshakeFollowsCoresOrderAndNegotiatesFeatures() throws Exception {
        Setup s = outbound(config().sendHeaders(true).feeFilter(FeeFilter.fixed(1000)).build());
        VersionMessage ours = s.remote.next(VersionMessage.class);
        assertEquals(70016, ours.version());
        assertEquals("/btcpeer:0.1.0/", ours.userAgent());
        assertTrue(ours.nonce() != 0);
        assertTrue(runtime.nonces().contains(ours.nonce()), "outbound nonce registered for self-connection checks");
        s.remote.send(ScriptedRemote.version(70016, 42));
        assertInstanceOf(WtxidRelayMessage.class, s.remote.next());
        assertInstanceOf(SendAddrV2Message.class, s.remote.next());
        assertInstanceOf(VerackMessage.class, s.remote.next());
        s.remote.send(WtxidRelayMessage.INSTANCE);
        s.remote.send(SendAddrV2Message.INSTANCE);
        s.remote.send(VerackMessage.INSTANCE);
        s.peer.handshake().get(5, TimeUnit.SECONDS);
        assertEquals(new SendCmpctMessage(false, 2), s.remote.next());
        assertInstanceOf(SendHeadersMessage.class, s.remote.next());
        assertEquals(new org.btcpeer.wire.message.FeeFilterMessage(1000), s.remote.next());
        clock.runDue();
        assertInstanceOf(PingMessage.class, s.remote.next(), "first ping right after the handshake");
        NegotiatedFeatures f = s.peer.features();
        assertEquals(70016, f.version());
        assertTrue(f.wtxidRelay());
        assertTrue(f.addrV2());
        assertFalse(runtime.nonces().contains(ours.nonce()), "nonce released once the handshake completed");
        PeerStats stats = s.peer.stats();
        assertTrue(stats.handshakeComplete());
        assertEquals("/Satoshi:27.0.0/", stats.userAgent());
        assertEquals(1, stats.receivedPerCommand().get("version").messages());
    }

    @Test
    void olderPeersGetNoFeatureMessages() throws Exception {
        Setup s = outbound(config().build());
        s.remote.next(VersionMessage.class);
        s.remote.send(ScriptedRemote.version(70015, 42));
        assertInstanceOf(VerackMessage.class, s.remote.next(), "no wtxidrelay/sendaddrv2 below 70016");
        s.remote.send(VerackMessage.INSTANCE);
        s.peer.handshake().get(5, TimeUnit.SECONDS);
        assertEquals(70015, s.peer.features().version());
        assertFalse(s.peer.features().wtxidRelay());
    }

    @Test
    void inboundPeerAnswersVersionWithVersion() throws Exception {
        // Whatever an inbound peer sends unasked is queued when it starts; flushing and closing then
        // shows all of it to the remote (at EOF), with no time given for it to show.
        Setup quiet = inbound(config().build());
        quiet.peer.disconnectAfterFlush("the check is over").get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), quiet.remote.untilClosed(), "an inbound peer waits for the remote version");
        Setup s = inbound(config().build());
        s.remote.send(ScriptedRemote.version(70016, 7));
        assertInstanceOf(VersionMessage.class, s.remote.next());
        assertInstanceOf(WtxidRelayMessage.class, s.remote.next());
        assertInstanceOf(SendAddrV2Message.class, s.remote.next());
        assertInstanceOf(VerackMessage.class, s.remote.next());
        s.remote.send(VerackMessage.INSTANCE);
        s.peer.handshake().get(5, TimeUnit.SECONDS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void messagesBeforeVersionAreIgnored() throws Exception {
        MessageListener<Message> any = Mockito.mock(MessageListener.class);
        Setup s = outbound(config().listeners(PeerListeners.builder().onAny(any).build()).build());
        s.remote.next(VersionMessage.class);
        s.remote.send(new PingMessage(1));
        s.remote.send(new InvMessage(List.of(InventoryVector.tx(Hash256.ZERO))));
        handshakeAfterVersion(s);
        // The verack was handled after the ping and inv on the same reader: it reached the listener, they did not.
        Mockito.verify(any).onMessage(s.peer, VerackMessage.INSTANCE);
        Mockito.verify(any, Mockito.never()).onMessage(ArgumentMatchers.any(),
                ArgumentMatchers.argThat(m -> m instanceof PingMessage || m instanceof InvMessage));
        assertTrue(s.peer.isConnected());
    }

    private void handshakeAfterVersion(Setup s) throws Exception {
        s.remote.send(ScriptedRemote.version(70016, 42));
        s.remote.send(VerackMessage.INSTANCE);
        s.peer.handshake().get(5, TimeUnit.SECONDS);
    }

    @Test
    void pingBeforeVerackIsIgnoredNotAnswered() throws Exception {
        Setup s = outbound(config().build());
        s.remote.next(VersionMessage.class);
        s.remote.send(ScriptedRemote.version(70016, 42));
        s.remote.send(new PingMessage(99)); // "Unsupported message prior to verack"
        s.remote.send(VerackMessage.INSTANCE);
        s.peer.handshake().get(5, TimeUnit.SECONDS);
        s.remote.send(new PingMessage(100));
        assertEquals(new PongMessage(100), s.remote.next(PongMessage.class), "only the ping after verack is answered");
    }

    @Test
    void duplicateVersionIsIgnoredAsCore() throws Exception {
        // Was a disconnect; Core v30 logs "redundant version message" and ignores it.
        Setup s = outbound(config().build());
        handshake(s);
        s.remote.send(ScriptedRemote.version(70016, 43));
        s.remote.send(new PingMessage(7));
        assertEquals(new PongMessage(7), s.remote.next(PongMessage.class));
        assertTrue(s.peer.isConnected());
        assertEquals(1, s.peer.stats().ignoredInput().ignoredMessages());
    }

    @Test
    void tooOldVersionIsRejected() throws Exception {
        Setup s = outbound(config().build());
        s.remote.next(VersionMessage.class);
        s.remote.send(ScriptedRemote.version(31799, 42));
        PeerDisconnect d = ended(s.peer);
        assertEquals(DisconnectReason.OBSOLETE_VERSION, d.reason());
        ExecutionException e = assertThrows(ExecutionException.class, () -> s.peer.handshake().get(1, TimeUnit.SECONDS));
        assertInstanceOf(PeerDisconnectedException.class, e.getCause());
    }

    @Test
    void lateWtxidRelayDisconnects() throws Exception {
        Setup s = outbound(config().build());
        handshake(s);
        s.remote.send(WtxidRelayMessage.INSTANCE);
        assertEnded(s.peer, DisconnectReason.PROTOCOL_VIOLATION, "wtxidrelay received after verack");
    }

    @Test
    void versionCheckCanRejectAPeer() throws Exception {
        PeerListeners l = PeerListeners.builder().versionCheck(VersionCheck.requireServices(ServiceFlags.NODE_COMPACT_FILTERS)).build();
        Setup s = outbound(config().listeners(l).build());
        s.remote.next(VersionMessage.class);
        s.remote.send(ScriptedRemote.version(70016, 42));
        assertEnded(s.peer, DisconnectReason.VERSION_REJECTED, "lack required");
    }

    @Test
    void selfConnectionIsDetectedByNonce() throws Exception {
        // Our outbound peer's version reaches our own inbound peer: same runtime, same nonce registry.
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 20);
        Peer out = Peer.outbound(pipes.a, config().build(), runtime);
        Peer in = Peer.inbound(pipes.b, config().build(), runtime);
        toClose.add(() -> out.disconnect("x"));
        toClose.add(() -> in.disconnect("x"));
        assertEquals(DisconnectReason.SELF_CONNECTION, ended(in).reason());
        // The dialing side only sees the socket close, and still gets the typed reason.
        PeerDisconnect dialing = ended(out);
        assertEquals(DisconnectReason.SELF_CONNECTION, dialing.reason(), dialing.toString());
        assertTrue(dialing.detail().contains("connected to ourselves"), dialing.detail());
        assertEquals(0, runtime.nonces().size(), "both nonces forgotten");
    }

    @Test
    void twoPeersInDifferentRuntimesHandshake() throws Exception {
        PeerRuntime other = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 20);
        Peer out = Peer.outbound(pipes.a, config().build(), runtime);
        // The inbound side offers Core's desirable services, which our outbound side requires by default.
        Peer in = Peer.inbound(pipes.b, config().services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS))
                .build(), other);
        toClose.add(() -> out.disconnect("x"));
        toClose.add(() -> in.disconnect("x"));
        CompletableFuture.allOf(out.handshake(), in.handshake()).get(5, TimeUnit.SECONDS);
        assertTrue(out.features().wtxidRelay() && in.features().wtxidRelay(), out.features() + " / " + in.features());
        assertTrue(out.id() != in.id());
    }

    @Test
    void handshakeTimeoutFiresOnTheInjectedClock() throws Exception {
        Setup s = outbound(config().build());
        s.remote.next(VersionMessage.class); // and then silence
        assertDisconnectsAt(s.peer, Duration.ofSeconds(60), DisconnectReason.HANDSHAKE_TIMEOUT);
    }

    @Test
    void pingRoundTripIsMeasuredOnTheClock() throws Exception {
        Setup s = outbound(config().build());
        handshake(s);
        clock.runDue();
        PingMessage ping = s.remote.next(PingMessage.class);
        clock.advance(Duration.ofMillis(50));
        s.remote.send(new PongMessage(ping.nonce()));
        awaitUntil(() -> s.peer.stats().lastPing().isPresent());
        assertEquals(Duration.ofMillis(50), s.peer.stats().lastPing().orElseThrow());
        assertEquals(Duration.ofMillis(50), s.peer.stats().minPing().orElseThrow());
        clock.advance(Duration.ofMinutes(2));
        assertInstanceOf(PingMessage.class, s.remote.next(PingMessage.class), "next ping after PING_INTERVAL");
    }

    @Test
    void unansweredPingTimesOut() throws Exception {
        Setup s = outbound(config().idleTimeout(Duration.ofHours(1)).build());
        handshake(s);
        clock.runDue();
        s.remote.next(PingMessage.class);
        assertDisconnectsAt(s.peer, Duration.ofMinutes(20), DisconnectReason.PONG_TIMEOUT);
    }

    @Test
    void idlePeerIsDisconnected() throws Exception {
        Setup s = outbound(config().idleTimeout(Duration.ofMinutes(5)).pingInterval(Duration.ofHours(1))
                .pongTimeout(Duration.ofHours(2)).build());
        handshake(s);
        clock.runDue();
        s.remote.next(PingMessage.class);
        clock.advance(Duration.ofMinutes(5));
        assertEnded(s.peer, DisconnectReason.IDLE, "nothing received");
    }

    @Test
    void answeredGetheadersIsNotAStall() throws Exception {
        Setup s = outbound(config().build());
        handshake(s);
        s.peer.send(new GetHeadersMessage(70016, List.of(Hash256.ZERO), Hash256.ZERO)).get(5, TimeUnit.SECONDS);
        s.remote.send(new org.btcpeer.wire.message.HeadersMessage(List.of()));
        s.remote.send(new PingMessage(5));
        s.remote.next(PongMessage.class); // the headers were processed before this ping
        clock.advance(Duration.ofMinutes(3));
        assertTrue(s.peer.isConnected());
    }

    @Test
    void peerThatNeverReadsFillsTheQueueAndIsDisconnected() throws Exception {
        // The remote completes the handshake by hand and then never reads again.
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 4096);
        Peer peer = Peer.outbound(pipes.a, config().sendQueueLimitBytes(100_000).build(), runtime);
        toClose.add(() -> peer.disconnect("x"));
        assertInstanceOf(VersionMessage.class, pipes.b.reader().read().message());
        pipes.b.writer().write(ScriptedRemote.version(70016, 42));
        pipes.b.writer().write(VerackMessage.INSTANCE);
        peer.handshake().get(5, TimeUnit.SECONDS);

        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        Throwable refusal = null;
        for (int i = 0; i < 1000 && refusal == null; i++) {
            CompletableFuture<Void> f = peer.send(new RawMessage("filler", ByteString.wrap(new byte[10_000])));
            if (f.isCompletedExceptionally()) {
                ExecutionException e = assertThrows(ExecutionException.class, f::get);
                refusal = e.getCause();
            } else {
                accepted.add(f);
            }
        }
        assertInstanceOf(SendQueueFullException.class, refusal, "sends fail fast once the queue holds its limit");
        assertTrue(peer.stats().sendQueueBytes() >= 100_000);
        assertTrue(peer.stats().sendQueueBytes() < 100_000 + 10_100, "bounded: the limit plus at most one message");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(DisconnectReason.SEND_BUFFER_OVERFLOW, ended(peer).reason());
        long failed = accepted.stream().filter(CompletableFuture::isCompletedExceptionally).count();
        assertTrue(failed > 0, "queued sends fail when the peer goes away");
        for (CompletableFuture<Void> f : accepted) {
            assertTrue(f.isDone(), "every accepted send completed exactly once, one way or the other");
        }
    }

    @Test
    void sendFuturesCompleteInOrderAndFailOnceOnDisconnect() throws Exception {
        Setup s = outbound(config().build());
        handshake(s);
        CompletableFuture<Void> a = s.peer.send(new RawMessage("xa", ByteString.fromHex("01")));
        CompletableFuture<Void> b = s.peer.send(new RawMessage("xb", ByteString.fromHex("02")));
        a.get(5, TimeUnit.SECONDS);
        b.get(5, TimeUnit.SECONDS);
        assertEquals("xa", s.remote.next(RawMessage.class).commandName());
        assertEquals("xb", s.remote.next(RawMessage.class).commandName());
        s.peer.disconnect("done");
        s.peer.disconnect("again"); // idempotent
        assertEquals(DisconnectReason.LOCAL, ended(s.peer).reason());
        assertEquals("done", ended(s.peer).detail());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> s.peer.send(new PingMessage(1)).get(1, TimeUnit.SECONDS));
        assertInstanceOf(PeerDisconnectedException.class, e.getCause());
    }

    @Test
    void transactionsTrickleAndKnownInventoryIsSkipped() throws Exception {
        Setup s = outbound(config().build());
        handshake(s);
        clock.runDue();
        s.remote.next(PingMessage.class);
        Hash256 known = Hash256.fromHex("11".repeat(32));
        s.remote.send(new InvMessage(List.of(InventoryVector.wtx(known))));
        s.remote.send(new PingMessage(7));
        s.remote.next(PongMessage.class); // the inv was processed
        s.peer.announce(InventoryVector.wtx(known));
        s.peer.announce(InventoryVector.wtx(Hash256.fromHex("22".repeat(32))));
        s.peer.announce(InventoryVector.wtx(Hash256.fromHex("33".repeat(32))));
        s.remote.send(new PingMessage(8)); // announce() queued anything it sends before it returned: ahead of the pong
        assertInstanceOf(PongMessage.class, s.remote.next(), "transactions wait for the trickle timer");
        clock.advance(Duration.ofSeconds(60));
        InvMessage inv = s.remote.next(InvMessage.class);
        assertEquals(List.of(InventoryVector.wtx(Hash256.fromHex("22".repeat(32))), InventoryVector.wtx(Hash256.fromHex("33".repeat(32)))),
                inv.items(), "the hash the peer announced is not announced back");
        Hash256 block = Hash256.fromHex("44".repeat(32));
        s.peer.announce(InventoryVector.block(block));
        assertEquals(List.of(InventoryVector.block(block)), s.remote.next(InvMessage.class).items(), "blocks go out at once");
    }

    @Test
    void oneReleaseSendsAtMost70PlusFivePerThousand() throws Exception {
        Setup s = outbound(config().build());
        handshake(s);
        for (int i = 0; i < 2000; i++) {
            byte[] h = new byte[32];
            h[0] = (byte) i;
            h[1] = (byte) (i >> 8);
            h[2] = 1;
            s.peer.announce(InventoryVector.wtx(Hash256.fromInternalBytes(h)));
        }
        clock.advance(Duration.ofSeconds(120));
        int first = s.remote.next(InvMessage.class).items().size();
        assertEquals(70 + 5 * 2, first, "Core v30's INVENTORY_BROADCAST_TARGET (14/s x 5 s) plus 5 per 1000 queued");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHandshakeCompletesOnlyAfterTheVeracksListenersRan() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        MessageListener<VerackMessage> onVerack = Mockito.mock(MessageListener.class);
        Mockito.doAnswer(call -> release.await(5, TimeUnit.SECONDS)) // hold the reader inside the listener
                .when(onVerack).onMessage(ArgumentMatchers.any(), ArgumentMatchers.any());
        Setup s = outbound(config().listeners(PeerListeners.builder().on(VerackMessage.class, onVerack).build()).build());
        assertInstanceOf(VersionMessage.class, s.remote.next());
        s.remote.send(ScriptedRemote.version(70016, 42));
        s.remote.send(VerackMessage.INSTANCE);
        Mockito.verify(onVerack, Mockito.timeout(5_000)).onMessage(s.peer, VerackMessage.INSTANCE);
        assertFalse(s.peer.handshake().isDone(), "not complete while the verack listener still runs");
        release.countDown();
        s.peer.handshake().get(5, TimeUnit.SECONDS);
        Mockito.verify(onVerack, Mockito.times(1)).onMessage(ArgumentMatchers.any(), ArgumentMatchers.any());
    }

    @Test
    @SuppressWarnings("unchecked")
    void throwingListenerDoesNotKillThePeerAndListenersRunInOrder() throws Exception {
        MessageListener<PingMessage> first = Mockito.mock(MessageListener.class);
        MessageListener<PingMessage> second = Mockito.mock(MessageListener.class);
        MessageListener<Message> any = Mockito.mock(MessageListener.class);
        PingMessage ping = new PingMessage(3);
        Mockito.doThrow(new IllegalStateException("boom")).when(first).onMessage(ArgumentMatchers.any(), ArgumentMatchers.eq(ping));
        PeerListeners l = PeerListeners.builder().on(PingMessage.class, first).on(PingMessage.class, second).onAny(any).build();
        Setup s = outbound(config().listeners(l).build());
        handshake(s);
        s.remote.send(ping);
        assertEquals(new PongMessage(3), s.remote.next(PongMessage.class));
        Mockito.verify(any, Mockito.timeout(5_000)).onMessage(s.peer, ping);
        InOrder inOrder = Mockito.inOrder(first, second, any);
        inOrder.verify(first).onMessage(s.peer, ping);
        inOrder.verify(second).onMessage(s.peer, ping);
        inOrder.verify(any).onMessage(s.peer, ping);
        Mockito.verify(first, Mockito.times(1)).onMessage(ArgumentMatchers.any(), ArgumentMatchers.any());
        Mockito.verify(second, Mockito.times(1)).onMessage(ArgumentMatchers.any(), ArgumentMatchers.any());
        assertTrue(s.peer.isConnected());
    }

    @Test
    void bloomFilterFromModernPeerWithoutNodeBloomDisconnects() throws Exception {
        Setup s = outbound(config().build());
        handshake(s);
        s.remote.send(new FilterLoadMessage(ByteString.fromHex("00"), 1, 0, 0));
        assertEnded(s.peer, DisconnectReason.PROTOCOL_VIOLATION, "BIP-111");
    }

    @Test
    void mempoolRequestWithoutNodeBloomOfferedDisconnects() throws Exception {
        Setup s = outbound(config().build());
        handshake(s);
        s.remote.send(org.btcpeer.wire.message.MempoolMessage.INSTANCE);
        assertEnded(s.peer, DisconnectReason.PROTOCOL_VIOLATION, "mempool request with bloom filters disabled");
    }

    @Test
    void mempoolRequestReachesListenersWhenWeOfferNodeBloom() throws Exception {
        java.util.concurrent.BlockingQueue<Message> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        Setup s = outbound(config().services(ServiceFlags.of(ServiceFlags.NODE_BLOOM))
                .listeners(PeerListeners.builder().on(org.btcpeer.wire.message.MempoolMessage.class, (p, m) -> seen.add(m)).build())
                .build());
        handshake(s);
        s.remote.send(org.btcpeer.wire.message.MempoolMessage.INSTANCE);
        assertEquals(org.btcpeer.wire.message.MempoolMessage.INSTANCE, seen.poll(5, TimeUnit.SECONDS));
        assertTrue(s.peer.isConnected());
    }

    @Test
    void pingFloodIsAnsweredAndThePeerStays() throws Exception {
        Setup s = outbound(config().build());
        handshake(s);
        for (int i = 1; i <= 2000; i++) {
            s.remote.send(new PingMessage(i));
        }
        long last = 0;
        while (last != 2000) {
            last = s.remote.next(PongMessage.class).nonce();
        }
        assertTrue(s.peer.isConnected());
        assertEquals(2000, s.peer.stats().receivedPerCommand().get("ping").messages());
    }

    @Test
    void unknownCommandsShareOneCounterSoTheStatsStayBounded() throws Exception {
        Setup s = outbound(config().build());
        handshake(s);
        for (int i = 0; i < 500; i++) {
            s.remote.send(new RawMessage("x" + i, ByteString.EMPTY));
        }
        s.remote.send(new PingMessage(9));
        s.remote.next(PongMessage.class);
        assertEquals(500, s.peer.stats().receivedPerCommand().get("*other*").messages());
        assertTrue(s.peer.stats().receivedPerCommand().size() < 20, "one bucket, not one entry per name");
    }

    @Test
    void remoteCloseEndsThePeerWithItsReason() throws Exception {
        Setup s = outbound(config().build());
        handshake(s);
        s.pipes.b.close();
        assertEquals(DisconnectReason.REMOTE_CLOSED, ended(s.peer).reason());
    }

    @Test
    void malformedPayloadIsAProtocolViolationNamingTheField() throws Exception {
        Setup s = outbound(config().build());
        handshake(s);
        s.remote.send(new RawMessage("inv", ByteString.fromHex("02"))); // count 2, no entries
        assertEnded(s.peer, DisconnectReason.PROTOCOL_VIOLATION, "inv: field 'count'");
    }

    public static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 5 s");
            }
            Thread.sleep(5);
        }
    }
}
