package org.btcpeer.chain.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.ChainRoot;
import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.headers.HeaderRule;
import org.btcpeer.chain.headers.PresyncParams;
import org.btcpeer.chain.headers.TestHeaders;
import org.btcpeer.peer.DisconnectReason;
import org.btcpeer.peer.ManualClock;
import org.btcpeer.peer.NonceRegistry;
import org.btcpeer.peer.PeerDisconnect;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.connect.ConnectionEvent;
import org.btcpeer.peer.connect.ConnectionType;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.SendHeadersMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HeaderSync} against in-memory peers on a manual clock: 8,065 real mainnet headers
 * (822,528 to 830,592), and mined regtest chains for announcements and reorgs.
 */
class HeaderSyncTest {

    private static final int LAST = TestHeaders.MAINNET_FIRST + 8064;

    private final ManualClock clock = new ManualClock();
    private final PeerRuntime runtime = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));
    private final List<HeaderSyncEvent> events = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private HeaderSync sync(HeaderChain chain, HeaderSync.Builder tune) {
        HeaderSync s = tune.time(clock).events(events::add).start();
        toClose.add(s);
        return s;
    }

    private HeaderSync sync(HeaderChain chain) {
        return sync(chain, HeaderSync.builder(chain).minimumChainWork(BigInteger.ZERO));
    }

    private HeadersRemote remote(NetworkParameters net, HeaderSync sync, List<BlockHeader> served, int startHeight) {
        return remote(net, sync, served, startHeight, r -> { });
    }

    /**
     * A remote set up by {@code behaviour} (stall, tamper) before it joins the sync: the sync thread
     * sends its getheaders as soon as the handshake completes, so a remote set up after
     * {@code handshake().get()} may already have answered it.
     */
    private HeadersRemote remote(NetworkParameters net, HeaderSync sync, List<BlockHeader> served, int startHeight,
            Consumer<HeadersRemote> behaviour) {
        HeadersRemote r = new HeadersRemote(net, runtime, sync, served, startHeight);
        toClose.add(r);
        behaviour.accept(r);
        sync.addPeer(r.peer);
        try {
            r.peer.handshake().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("handshake", e);
        }
        return r;
    }

    private static HeaderChain mainnetChain(List<BlockHeader> headers) {
        BlockHeader first = headers.get(0);
        return HeaderChain.builder(ConsensusParams.MAINNET)
                .root(new ChainRoot(first, TestHeaders.MAINNET_FIRST, first.work()))
                .clock(InstantSource.fixed(Instant.ofEpochSecond(headers.get(headers.size() - 1).time() + 3600)))
                .expectedHeaders(10_000)
                .build();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private <E extends HeaderSyncEvent> List<E> eventsOf(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void syncsRealMainnetHeadersFromOnePeerAtATime() throws Exception {
        List<BlockHeader> headers = TestHeaders.mainnet();
        HeaderChain chain = mainnetChain(headers);
        HeaderSync sync = sync(chain);
        HeadersRemote a = remote(NetworkParameters.MAINNET, sync, headers, LAST);
        a.peer.handshake().get(5, TimeUnit.SECONDS);
        HeadersRemote b = remote(NetworkParameters.MAINNET, sync, headers, LAST);

        ChainHeader tip = sync.synced().get(30, TimeUnit.SECONDS);

        assertEquals(LAST, tip.height());
        assertEquals(headers.get(8064).hash(), tip.hash());
        assertEquals(5, a.getHeaders.size(), "2,000 a message: 4 full and the one that ends it");
        List<HeaderSyncEvent.SyncPeerChosen> chosen = eventsOf(HeaderSyncEvent.SyncPeerChosen.class);
        assertEquals(List.of(new HeaderSyncEvent.SyncPeerChosen(a.peer.id(), Optional.empty())), chosen);
        HeaderSyncEvent.Progress last = eventsOf(HeaderSyncEvent.Progress.class).getLast();
        assertEquals(LAST, last.height());
        assertEquals(LAST, last.targetHeight());
        // caught up: the other peer is asked now, and both are told to announce by headers
        await("b asked after the sync", () -> !b.getHeaders.isEmpty());
        await("sendheaders to both", () -> a.received.stream().anyMatch(SendHeadersMessage.class::isInstance)
                && b.received.stream().anyMatch(SendHeadersMessage.class::isInstance));
        assertTrue(events.indexOf(eventsOf(HeaderSyncEvent.Synced.class).getFirst()) > events.indexOf(last));
    }

    @Test
    void stallingSyncPeerIsReplacedAfterCoresHeadersTimeout() throws Exception {
        List<BlockHeader> headers = TestHeaders.mainnet();
        HeaderChain chain = mainnetChain(headers);
        HeaderSync sync = sync(chain);
        HeadersRemote staller = remote(NetworkParameters.MAINNET, sync, headers, LAST, r -> r.stall = true);
        await("the staller asked", () -> staller.getHeaders.size() == 1);
        // the sync thread stamps the rate's start and the peer's deadline just after it sends the
        // getheaders: wait for its event, or the clock below could move before the stamps
        await("the staller chosen", () -> !eventsOf(HeaderSyncEvent.SyncPeerChosen.class).isEmpty());
        // the good peer holds its answers until the clock stops: the deadline task runs inside
        // advance() with the clock at the deadline, so an answer then would be timed 1 s early
        HeadersRemote good = remote(NetworkParameters.MAINNET, sync, headers, LAST, r -> r.hold = true);
        assertTrue(good.getHeaders.isEmpty(), "one initial sync peer at a time");

        // Core: 15 min + 1 ms per header expected since the best header's time (one per 10 min)
        long expected = (clock.now().getEpochSecond() - headers.get(0).time()) / 600;
        Duration timeout = Duration.ofMinutes(15).plusMillis(expected);
        clock.advance(timeout.minusSeconds(1));
        assertTrue(staller.peer.isConnected(), "still the sync peer 1 s before its deadline");
        assertTrue(good.getHeaders.isEmpty());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(DisconnectReason.STALL, staller.peer.disconnected().get(5, TimeUnit.SECONDS).reason());
        await("the good peer asked", () -> good.getHeaders.size() == 1);
        good.hold = false;

        ChainHeader tip = sync.synced().get(30, TimeUnit.SECONDS);
        assertEquals(LAST, tip.height());
        assertEquals(List.of(new HeaderSyncEvent.SyncPeerChosen(staller.peer.id(), Optional.empty()),
                new HeaderSyncEvent.SyncPeerChosen(good.peer.id(), Optional.of(staller.peer.id()))),
                eventsOf(HeaderSyncEvent.SyncPeerChosen.class));
        // progress: the rate since the sync started (the manual clock moved timeout + 1 s), and the ETA at it
        HeaderSyncEvent.Progress p = eventsOf(HeaderSyncEvent.Progress.class).getFirst();
        assertEquals(TestHeaders.MAINNET_FIRST + 2000, p.height());
        assertEquals(LAST, p.targetHeight());
        double rate = 2000 / (timeout.plusSeconds(1).toNanos() / 1e9);
        assertEquals(rate, p.headersPerSecond(), 1e-9, events.toString());
        assertEquals(Optional.of(Duration.ofMillis((long) ((LAST - p.height()) * 1000 / rate))), p.eta());
    }

    @Test
    void peerSendingBadProofOfWorkIsDroppedAndAnotherFinishes() throws Exception {
        List<BlockHeader> headers = TestHeaders.mainnet();
        HeaderChain chain = mainnetChain(headers);
        HeaderSync sync = sync(chain);
        HeadersRemote liar = remote(NetworkParameters.MAINNET, sync, headers, LAST, r -> r.tamper = reply -> {
            if (reply.size() < 2 || !reply.get(0).prevBlock().equals(headers.get(2000).hash())) {
                return reply; // the second batch lies
            }
            List<BlockHeader> out = new ArrayList<>(reply);
            BlockHeader h = out.get(100);
            out.set(100, new BlockHeader(h.version(), h.prevBlock(), h.merkleRoot(), h.time(), h.bits(), (h.nonce() + 1) & 0xffffffffL));
            return out;
        });
        await("the liar asked", () -> !liar.getHeaders.isEmpty());
        HeadersRemote honest = remote(NetworkParameters.MAINNET, sync, headers, LAST);

        liar.peer.disconnected().get(10, TimeUnit.SECONDS);
        ChainHeader tip = sync.synced().get(30, TimeUnit.SECONDS);

        assertEquals(LAST, tip.height());
        HeaderSyncEvent.PeerMisbehaved bad = eventsOf(HeaderSyncEvent.PeerMisbehaved.class).getFirst();
        assertEquals(liar.peer.id(), bad.peerId());
        assertEquals(Optional.of(HeaderRule.PROOF_OF_WORK), bad.rule());
        assertEquals(2, eventsOf(HeaderSyncEvent.SyncPeerChosen.class).size());
        assertFalse(honest.getHeaders.isEmpty());
    }

    @Test
    void peerSendingHeadersThatDoNotConnectIsDropped() throws Exception {
        List<BlockHeader> headers = TestHeaders.mainnet();
        HeaderChain chain = mainnetChain(headers);
        HeaderSync sync = sync(chain);
        HeadersRemote liar = remote(NetworkParameters.MAINNET, sync, headers, LAST, r -> r.tamper = reply -> {
            List<BlockHeader> out = new ArrayList<>(reply);
            out.remove(500); // a gap: 501 does not follow 499
            return out;
        });
        await("the liar asked", () -> !liar.getHeaders.isEmpty());
        remote(NetworkParameters.MAINNET, sync, headers, LAST);

        liar.peer.disconnected().get(10, TimeUnit.SECONDS);
        assertEquals(LAST, sync.synced().get(30, TimeUnit.SECONDS).height());
        HeaderSyncEvent.PeerMisbehaved bad = eventsOf(HeaderSyncEvent.PeerMisbehaved.class).getFirst();
        assertEquals(liar.peer.id(), bad.peerId());
        assertEquals(Optional.empty(), bad.rule());
        assertEquals("non-continuous headers sequence", bad.detail());
    }

    @Test
    void lowWorkChainIsCountedThenDownloadedAgainBeforeItIsStored() throws Exception {
        List<BlockHeader> headers = TestHeaders.mainnet();
        HeaderChain chain = mainnetChain(headers);
        BigInteger work = BigInteger.ZERO;
        for (BlockHeader h : headers.subList(0, 6001)) {
            work = work.add(h.work());
        }
        HeaderSync sync = sync(chain, HeaderSync.builder(chain).minimumChainWork(work)
                .presyncParams(new PresyncParams(50, 500)));
        HeadersRemote a = remote(NetworkParameters.MAINNET, sync, headers, LAST);

        assertEquals(LAST, sync.synced().get(30, TimeUnit.SECONDS).height());
        long fromRoot = a.getHeaders.stream().filter(g -> g.locator().get(0).equals(headers.get(0).hash())).count();
        assertEquals(2, fromRoot, "presync from the root, then the redownload from the root again");
        assertTrue(a.getHeaders.size() >= 8, "3 presync requests, then the redownload: " + a.getHeaders.size());
    }

    // ---------------------------------------------------------------- regtest: announcements and reorgs

    private static List<BlockHeader> mine(BlockHeader parent, int count, long firstTime) {
        List<BlockHeader> out = new ArrayList<>();
        BlockHeader prev = parent;
        for (int i = 0; i < count; i++) {
            prev = TestHeaders.mine(4, prev.hash(), firstTime + i * 600L, 0x207fffffL, ConsensusParams.REGTEST.powLimit());
            out.add(prev);
        }
        return out;
    }

    private static List<BlockHeader> concat(List<BlockHeader> a, List<BlockHeader> b) {
        List<BlockHeader> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void newTipsAnnouncedByHeadersAndByInvFromAnyPeer() throws Exception {
        BlockHeader genesis = ConsensusParams.REGTEST.genesisHeader();
        long t0 = 1_700_000_000L;
        List<BlockHeader> base = concat(List.of(genesis), mine(genesis, 20, t0));
        HeaderChain chain = HeaderChain.builder(ConsensusParams.REGTEST).build();
        HeaderSync sync = sync(chain);
        HeadersRemote a = remote(NetworkParameters.REGTEST, sync, base, 20);
        HeadersRemote b = remote(NetworkParameters.REGTEST, sync, base, 20);
        assertEquals(20, sync.synced().get(30, TimeUnit.SECONDS).height());

        List<BlockHeader> next = mine(base.get(20), 3, t0 + 20 * 600);
        b.send(new HeadersMessage(List.of(next.get(0)))); // BIP-130 announcement
        await("tip 21", () -> chain.height() == 21);
        await("new tip event", () -> !eventsOf(HeaderSyncEvent.NewTip.class).isEmpty());
        assertEquals(new HeaderSyncEvent.NewTip(chain.tip(), b.peer.id()), eventsOf(HeaderSyncEvent.NewTip.class).getLast());

        a.extend(next);
        int asked = a.getHeaders.size();
        a.announceByInv(next.get(2).hash()); // an inv of an unknown block brings a getheaders
        await("tip 23", () -> chain.height() == 23);
        assertEquals(asked + 1, a.getHeaders.size());
        assertEquals(a.peer.id(), eventsOf(HeaderSyncEvent.NewTip.class).getLast().peerId());
        assertEquals(next.get(2).hash(), chain.tip().hash());
    }

    @Test
    void longerForkFromAnotherPeerReorganizes() throws Exception {
        BlockHeader genesis = ConsensusParams.REGTEST.genesisHeader();
        long t0 = 1_700_000_000L;
        List<BlockHeader> common = concat(List.of(genesis), mine(genesis, 10, t0));
        List<BlockHeader> ours = concat(common, mine(common.get(10), 10, t0 + 10 * 600));
        List<BlockHeader> fork = concat(common, mine(common.get(10), 15, t0 + 10 * 600 + 1));
        HeaderChain chain = HeaderChain.builder(ConsensusParams.REGTEST).build();
        HeaderSync sync = sync(chain);
        remote(NetworkParameters.REGTEST, sync, ours, 20);
        ChainHeader oldTip = sync.synced().get(30, TimeUnit.SECONDS);
        assertEquals(20, oldTip.height());

        HeadersRemote other = remote(NetworkParameters.REGTEST, sync, fork, 25);
        await("reorg", () -> chain.height() == 25);
        await("reorg event", () -> !eventsOf(HeaderSyncEvent.Reorg.class).isEmpty());
        HeaderSyncEvent.Reorg reorg = eventsOf(HeaderSyncEvent.Reorg.class).getFirst();
        assertEquals(oldTip, reorg.oldTip());
        assertEquals(common.get(10).hash(), reorg.fork().hash());
        assertEquals(fork.get(25).hash(), reorg.newTip().hash());
        assertEquals(other.peer.id(), reorg.peerId());
        assertFalse(chain.isOnBestChain(ours.get(20).hash()));
    }

    @Test
    void followsConnectionManagerEventsAndIgnoresRemovedPeers() throws Exception {
        List<BlockHeader> headers = TestHeaders.mainnet();
        HeaderChain chain = mainnetChain(headers);
        HeaderSync sync = sync(chain);
        HeadersRemote staller = new HeadersRemote(NetworkParameters.MAINNET, runtime, sync, headers, LAST);
        toClose.add(staller);
        staller.stall = true;
        HeadersRemote good = new HeadersRemote(NetworkParameters.MAINNET, runtime, sync, headers, LAST);
        toClose.add(good);
        staller.peer.handshake().get(5, TimeUnit.SECONDS);
        good.peer.handshake().get(5, TimeUnit.SECONDS);

        sync.onConnectionEvent(new ConnectionEvent.Connected(staller.peer, ConnectionType.OUTBOUND_FULL_RELAY));
        await("the staller asked", () -> !staller.getHeaders.isEmpty());
        sync.onConnectionEvent(new ConnectionEvent.Connected(good.peer, ConnectionType.OUTBOUND_FULL_RELAY));
        // the manager reports the staller gone (e.g. evicted): the sync moves on though its socket is still open
        sync.onConnectionEvent(new ConnectionEvent.Disconnected(staller.peer, ConnectionType.OUTBOUND_FULL_RELAY,
                new PeerDisconnect(DisconnectReason.LOCAL, "evicted", clock.now())));

        assertEquals(LAST, sync.synced().get(30, TimeUnit.SECONDS).height());
        assertEquals(new HeaderSyncEvent.SyncPeerChosen(good.peer.id(), Optional.of(staller.peer.id())),
                eventsOf(HeaderSyncEvent.SyncPeerChosen.class).getLast());
        int stallerAsked = staller.getHeaders.size();
        int goodAsked = good.getHeaders.size();
        // a removed peer is not heard any more: neither its lies nor its announcements
        staller.send(new HeadersMessage(List.of(headers.get(1), headers.get(3))));
        staller.announceByInv(org.btcpeer.wire.Hash256.fromHex("ab".repeat(32)));
        staller.send(new org.btcpeer.wire.message.PingMessage(42)); // its pong: the listeners saw all before it
        await("pong", () -> staller.received.stream().anyMatch(m -> m instanceof org.btcpeer.wire.message.PongMessage p
                && p.nonce() == 42));
        good.announceByInv(org.btcpeer.wire.Hash256.fromHex("cd".repeat(32))); // queued after: a getheaders follows
        await("good asked again", () -> good.getHeaders.size() > goodAsked);
        assertEquals(stallerAsked, staller.getHeaders.size());
        assertTrue(eventsOf(HeaderSyncEvent.PeerMisbehaved.class).isEmpty(), events.toString());
    }

    @Test
    void stopEndsTheThreadAndFailsTheSyncedFuture() throws Exception {
        List<BlockHeader> headers = TestHeaders.mainnet();
        HeaderChain chain = mainnetChain(headers);
        HeaderSync sync = sync(chain);
        HeadersRemote staller = remote(NetworkParameters.MAINNET, sync, headers, LAST, r -> r.stall = true);
        await("the staller asked", () -> staller.getHeaders.size() == 1);

        sync.stop().get(5, TimeUnit.SECONDS);

        assertThrows(CancellationException.class, () -> sync.synced().get(1, TimeUnit.SECONDS));
        assertTrue(staller.peer.isConnected(), "peers stay connected");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("header-sync") && t.isAlive()));
    }
}
