package org.btcpeer.peer.connect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.btcpeer.peer.DisconnectReason;
import org.btcpeer.peer.InboundLimits;
import org.btcpeer.peer.ManualClock;
import org.btcpeer.peer.NonceRegistry;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerConnector;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.addr.AddressBook;
import org.btcpeer.peer.addr.AddressBookConfig;
import org.btcpeer.peer.addr.AddressSource;
import org.btcpeer.peer.addr.SeedResolver;
import org.btcpeer.peer.inbound.BanList;
import org.btcpeer.peer.inbound.Discouragement;
import org.btcpeer.peer.inbound.InboundDefences;
import org.btcpeer.peer.inbound.Whitelist;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.transport.TransportVersion;
import org.btcpeer.transport.dial.DialTarget;
import org.btcpeer.transport.dial.Dialer;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkId;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.AddrMessage;
import org.btcpeer.wire.message.AddrV2Message;
import org.btcpeer.wire.message.GetAddrMessage;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection manager against real peers on 127.0.0.1 (each {@link RemoteNode} a separate node
 * with its own runtime). All loopback addresses share Core's "local" netgroup, so the tests inject
 * a netgroup function; backoff is checked with an injected clock.
 */
@Timeout(30)
class ConnectionManagerTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final LinkedBlockingQueue<ConnectionEvent> events = new LinkedBlockingQueue<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private RemoteNode remote() throws IOException {
        return track(RemoteNode.start());
    }

    private <T extends AutoCloseable> T track(T c) {
        toClose.add(c);
        return c;
    }

    private static AddressBook book(RemoteNode... nodes) {
        AddressBook book = new AddressBook(AddressBookConfig.builder().allowNonRoutable(true).build());
        for (RemoteNode n : nodes) {
            book.addUser(n.address());
        }
        return book;
    }

    private static ConnectionManagerConfig.Builder config(AddressBook book) {
        return ConnectionManagerConfig.builder()
                .peerConfig(PeerConfig.builder().network(NetworkParameters.REGTEST).build())
                .addressBook(book)
                .fullRelayTarget(0)
                .blockRelayTarget(0)
                .netGroup(NetGroup.perAddress())
                .tickInterval(Duration.ofMillis(50))
                .retryBase(Duration.ofMillis(100))
                .connectTimeout(Duration.ofSeconds(2));
    }

    private ConnectionManager start(ConnectionManagerConfig.Builder b) throws IOException {
        return start(b, PeerRuntime.create());
    }

    private ConnectionManager start(ConnectionManagerConfig.Builder b, PeerRuntime runtime) throws IOException {
        return track(ConnectionManager.start(b.build(), runtime, events::add));
    }

    private <T extends ConnectionEvent> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            ConnectionEvent e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + type.getSimpleName() + " event within 10 s");
            }
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    /** The clock of the tests whose negative checks run the manager's ticks themselves ({@link #manualRuntime()}). */
    private final ManualClock clock = new ManualClock();

    /** A runtime on {@link #clock}: the manager ticks (every 50 ms of it) only when the test advances it. */
    private PeerRuntime manualRuntime() {
        return new PeerRuntime(clock, clock, new SplittableRandom(1), new NonceRegistry(50));
    }

    /**
     * The negative check, without sleeping: runs the manager's ticks for {@code d} on this thread
     * (the manual clock runs due tasks in {@code advance}); a tick that decides to dial starts and
     * counts the dial before it returns, so the count afterwards is final for that time.
     */
    private void assertDialsAfterTicks(ConnectionManager m, long dials, Duration d) {
        clock.advance(d);
        assertEquals(dials, m.dialsStarted(), "dials started after " + d + " more of ticks");
        assertTrue(events.stream().noneMatch(ConnectionEvent.Connected.class::isInstance), "unexpected " + events);
    }

    @Test
    void keepsFullRelayAndBlockRelayTargetsWithRelayFalseOnBlockRelayPeers() throws Exception {
        RemoteNode[] nodes = {remote(), remote(), remote(), remote()};
        ConnectionManager m = start(config(book(nodes)).fullRelayTarget(2).blockRelayTarget(1), manualRuntime());
        List<ConnectionEvent.Connected> connected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            connected.add(next(ConnectionEvent.Connected.class));
        }
        assertEquals(2, connected.stream().filter(c -> c.type() == ConnectionType.OUTBOUND_FULL_RELAY).count());
        assertEquals(1, connected.stream().filter(c -> c.type() == ConnectionType.BLOCK_RELAY).count());
        assertDialsAfterTicks(m, 3, Duration.ofMillis(300));
        // a remote node completes its side of the handshake when our verack arrives, after our Connected event
        org.btcpeer.peer.PeerTest.awaitUntil(() -> Arrays.stream(nodes).mapToInt(n -> n.connected().size()).sum() >= 3);
        int relayFalse = 0;
        int total = 0;
        for (RemoteNode n : nodes) {
            assertTrue(n.connected().size() <= 1, "never two connections to one address");
            for (Peer p : n.connected()) {
                total++;
                if (!p.remoteVersion().orElseThrow().relay()) {
                    relayFalse++;
                }
            }
        }
        assertEquals(3, total);
        assertEquals(1, relayFalse, "block-relay-only peers send relay=false in their version");
        assertEquals(2, m.connectedCount(ConnectionType.OUTBOUND_FULL_RELAY));
        assertEquals(1, m.connectedCount(ConnectionType.BLOCK_RELAY));
    }

    @Test
    void neverTwoConnectionsToOneAddress() throws Exception {
        RemoteNode a = remote();
        RemoteNode b = remote();
        ConnectionManager m = start(config(book(a, b)).fullRelayTarget(5), manualRuntime());
        next(ConnectionEvent.Connected.class);
        next(ConnectionEvent.Connected.class);
        assertDialsAfterTicks(m, 2, Duration.ofMillis(400));
        assertEquals(1, a.accepted.size());
        assertEquals(1, b.accepted.size());
    }

    @Test
    void outboundPeersComeFromDistinctNetgroups() throws Exception {
        RemoteNode a = remote();
        RemoteNode b = remote();
        RemoteNode c = remote();
        NetGroup twoGroups = addr -> addr.port() == c.port() ? "g2" : "g1";
        ConnectionManager m = start(config(book(a, b, c)).fullRelayTarget(3).netGroup(twoGroups), manualRuntime());
        Set<Integer> ports = new HashSet<>();
        ports.add(next(ConnectionEvent.Connected.class).peer().address().port());
        ports.add(next(ConnectionEvent.Connected.class).peer().address().port());
        assertDialsAfterTicks(m, 2, Duration.ofMillis(400));
        assertTrue(ports.contains(c.port()), "one peer from each group");
        assertEquals(2, m.connectedCount(ConnectionType.OUTBOUND_FULL_RELAY));
    }

    @Test
    void theLocalTestingPresetDialsSeveralPeersOnLoopback() throws Exception {
        RemoteNode a = remote();
        RemoteNode b = remote();
        ConnectionManager m = start(ConnectionManagerConfig.forLocalTesting()
                .peerConfig(PeerConfig.builder().network(NetworkParameters.REGTEST).build())
                .fullRelayTarget(2).blockRelayTarget(0).tickInterval(Duration.ofMillis(50)));
        // The preset's book keeps loopback addresses (Core's default book drops them)...
        m.addressBook().addUser(a.address());
        m.addressBook().addUser(b.address());
        assertEquals(2, m.addressBook().size(), "loopback addresses kept");
        // ...and both 127.0.0.1 peers are dialled though they share Core's "local" netgroup.
        next(ConnectionEvent.Connected.class);
        next(ConnectionEvent.Connected.class);
        assertEquals(2, m.connectedCount(ConnectionType.OUTBOUND_FULL_RELAY));
    }

    @Test
    void coresDefaultsSkipLoopbackAddresses() {
        AddressBook book = ConnectionManagerConfig.builder().build().addressBook();
        book.addUser(NetAddress.of(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 8333)));
        assertEquals(0, book.size(), "the default book is Core's: no non-routable addresses");
    }

    @Test
    void aDialerThatFailsIsAskedOnceAndItsFailureReported() throws Exception {
        Dialer failing = Mockito.mock(Dialer.class);
        Mockito.doThrow(new java.net.ConnectException("refused by the test dialer")).when(failing)
                .dial(ArgumentMatchers.any(), ArgumentMatchers.any());
        Mockito.doCallRealMethod().when(failing).opener(ArgumentMatchers.any(), ArgumentMatchers.any());
        DialTarget target = DialTarget.host("127.0.0.1", 1);
        ConnectionManager m = start(config(book()).dialer(failing));
        m.connect(target);
        ConnectionEvent.AddressFailed failed = next(ConnectionEvent.AddressFailed.class);
        assertEquals(target, failed.target());
        assertTrue(failed.reason().contains("refused by the test dialer"), failed.reason());
        Mockito.verify(failing, Mockito.times(1)).dial(ArgumentMatchers.eq(target), ArgumentMatchers.any());
    }

    @Test
    void failedAddressesBackOffExponentiallyOnTheInjectedClock() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        NetAddress dead = NetAddress.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort));
        AddressBook book = new AddressBook(AddressBookConfig.builder().allowNonRoutable(true).build());
        book.addUser(dead);
        ConnectionManager m = start(config(book).fullRelayTarget(1).retryBase(Duration.ofSeconds(10))
                .tickInterval(Duration.ofSeconds(1)), manualRuntime());
        ConnectionEvent.AddressFailed f = next(ConnectionEvent.AddressFailed.class);
        assertEquals(DialTarget.of(dead), f.target());
        assertTrue(f.reason().startsWith("dial failed"), f.reason());
        // The first failure is recorded at 1 s (the clock moves only here): the retry comes 5..10 s later.
        assertDialsAfterTicks(m, 1, Duration.ofSeconds(4)); // 5 s: no retry yet
        clock.advance(Duration.ofSeconds(6)); // 11 s: the retry was due by now
        next(ConnectionEvent.AddressFailed.class);
        // The second failure is recorded when the retry's dial thread gets to it: at 6..11 s, the
        // clock having moved on meanwhile. Its delay is 10..20 s: nothing before 16 s, a dial by 31 s.
        assertDialsAfterTicks(m, 2, Duration.ofSeconds(4)); // 15 s: no third dial yet
        clock.advance(Duration.ofSeconds(16)); // 31 s
        next(ConnectionEvent.AddressFailed.class);
        assertEquals(3, m.addressBook().get(dead).orElseThrow().attempts());
    }

    private static InboundDefences loopbackDefences() {
        return new InboundDefences(new Discouragement(true, new SplittableRandom(1)), BanList.inMemory(InstantSource.system()),
                Whitelist.EMPTY);
    }

    @Test
    void aBannedAddressIsNeverDialledAutomaticallyButAManualConnectionIsMade() throws Exception {
        RemoteNode a = remote();
        InboundDefences d = loopbackDefences();
        d.bans().ban("127.0.0.1", Duration.ofHours(1));
        ConnectionManager m = start(config(book(a)).fullRelayTarget(1).defences(d), manualRuntime());
        assertDialsAfterTicks(m, 0, Duration.ofMillis(400));
        assertEquals(0, m.connectedCount(ConnectionType.OUTBOUND_FULL_RELAY));
        Peer manual = m.connect(a.target()).get(10, TimeUnit.SECONDS);
        assertTrue(manual.isConnected(), "Core's addnode/onetry ignore bans");
        m.disconnect(manual.id());
        next(ConnectionEvent.Disconnected.class);
        d.bans().unban("127.0.0.1");
        clock.advance(Duration.ofMillis(50)); // the next tick
        assertEquals(ConnectionType.OUTBOUND_FULL_RELAY, next(ConnectionEvent.Connected.class).type());
    }

    @Test
    void anAutomaticOutboundPeerThatBreaksARuleIsDiscouragedAndNotDialledAgain() throws Exception {
        RemoteNode rude = track(RemoteNode.start(b -> b.listeners(PeerListeners.builder()
                .on(org.btcpeer.wire.message.VerackMessage.class,
                        (p, v) -> p.send(new org.btcpeer.wire.message.RawMessage("mempool", ByteString.fromHex(""))))
                .build())));
        InboundDefences d = loopbackDefences();
        ConnectionManager m = start(config(book(rude)).fullRelayTarget(1).defences(d), manualRuntime());
        assertEquals(ConnectionType.OUTBOUND_FULL_RELAY, next(ConnectionEvent.Connected.class).type());
        ConnectionEvent.Disconnected gone = next(ConnectionEvent.Disconnected.class);
        assertEquals(DisconnectReason.PROTOCOL_VIOLATION, gone.disconnect().reason());
        assertTrue(d.discouragement().isDiscouraged(InetAddress.getLoopbackAddress()));
        assertDialsAfterTicks(m, 1, Duration.ofMillis(600));
        assertEquals(0, m.connectedCount(ConnectionType.OUTBOUND_FULL_RELAY));
    }

    @Test
    void manualPeersAreReconnected() throws Exception {
        RemoteNode a = remote();
        ConnectionManager m = start(config(book()), manualRuntime());
        assertTrue(m.addManual(a.target()));
        assertFalse(m.addManual(a.target()));
        ConnectionEvent.Connected first = next(ConnectionEvent.Connected.class);
        assertEquals(ConnectionType.MANUAL, first.type());
        // The acceptor reports a peer right after starting it, which can be after our handshake completed.
        org.btcpeer.peer.PeerTest.awaitUntil(() -> !a.connected().isEmpty());
        a.connected().get(0).disconnect("test drops the manual peer");
        ConnectionEvent.Disconnected d = next(ConnectionEvent.Disconnected.class);
        assertEquals(DisconnectReason.REMOTE_CLOSED, d.disconnect().reason());
        assertEquals(first.peer(), d.peer());
        clock.advance(Duration.ofMillis(150)); // past the first retry delay (50..100 ms), ticks every 50 ms
        ConnectionEvent.Connected again = next(ConnectionEvent.Connected.class);
        assertEquals(ConnectionType.MANUAL, again.type());
        assertTrue(again.peer().id() > first.peer().id());
        assertTrue(m.removeManual(a.target()));
        m.disconnect(again.peer().id());
        assertEquals(DisconnectReason.LOCAL, next(ConnectionEvent.Disconnected.class).disconnect().reason());
        assertDialsAfterTicks(m, 2, Duration.ofMillis(400));
    }

    @Test
    void automaticTargetsAreTriedWithV2OnlyWhenTheirServicesSayNodeP2pV2() throws Exception {
        RemoteNode plain = remote(); // both speak v2; only one is known to
        RemoteNode known = remote();
        AddressBook book = new AddressBook(AddressBookConfig.builder().allowNonRoutable(true).build());
        book.addUser(plain.address(), RemoteNode.SERVICES);
        book.addUser(known.address(), RemoteNode.SERVICES.with(org.btcpeer.wire.ServiceFlags.NODE_P2P_V2));
        start(config(book).fullRelayTarget(2));
        java.util.Map<Integer, TransportVersion> byPort = new java.util.HashMap<>();
        for (int i = 0; i < 2; i++) {
            Peer p = next(ConnectionEvent.Connected.class).peer();
            byPort.put(p.address().port(), p.connection().version());
        }
        assertEquals(TransportVersion.V1, byPort.get(plain.port()), "no NODE_P2P_V2 gossiped: v1 (Core's ThreadOpenConnections)");
        assertEquals(TransportVersion.V2, byPort.get(known.port()), "NODE_P2P_V2: v2 first");
        assertTrue(book.get(plain.address()).orElseThrow().services().has(org.btcpeer.wire.ServiceFlags.NODE_P2P_V2),
                "its version advertised NODE_P2P_V2 (v2 offered): stored, so the next connection tries v2");
    }

    @Test
    void aV1OnlyPeerIsRememberedAndDialledWithV1Directly() throws Exception {
        RemoteNode v1 = track(RemoteNode.start(b -> b.transportPolicy(TransportPolicy.V1_ONLY)));
        ConnectionManager m = start(config(book()));
        Peer p = m.connect(v1.target()).get(10, TimeUnit.SECONDS);
        assertEquals(TransportVersion.V1, p.connection().version());
        // The remote's acceptor lists a peer right after starting it, which can be after our handshake completed.
        org.btcpeer.peer.PeerTest.awaitUntil(() -> v1.accepted.size() >= 2);
        assertEquals(2, v1.accepted.size(), "the v2 attempt, then Core's reconnect as v1");
        assertTrue(m.downgradeCache().speaksOnlyV1(v1.target()));
        m.disconnect(p.id());
        next(ConnectionEvent.Disconnected.class);
        Peer second = m.connect(v1.target()).get(10, TimeUnit.SECONDS);
        assertEquals(TransportVersion.V1, second.connection().version());
        org.btcpeer.peer.PeerTest.awaitUntil(() -> v1.accepted.size() >= 3);
        assertEquals(3, v1.accepted.size(), "straight to v1: one connection");
    }

    @Test
    void inboundPeersUpToTheLimitAndGetAddrAnsweredOncePerConnection() throws Exception {
        AddressBook book = new AddressBook(AddressBookConfig.builder().build());
        for (int i = 0; i < 100; i++) {
            book.addUser(new NetAddress(NetworkId.IPV4, ByteString.wrap(new byte[]{20, 0, 0, (byte) i}), 8333));
        }
        ConnectionManager m = start(config(book).listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .inboundLimits(new InboundLimits(2, 64, 100, 200)));
        InetSocketAddress listen = m.listenAddress().orElseThrow();
        List<List<AddressRecord>> received = new CopyOnWriteArrayList<>();
        LinkedBlockingQueue<Long> pongs = new LinkedBlockingQueue<>();
        PeerConfig client = PeerConfig.builder().network(NetworkParameters.REGTEST).transportPolicy(TransportPolicy.V1_ONLY)
                .requiredServices(org.btcpeer.peer.RequiredServices.NONE) // the manager under test offers no services
                .listeners(PeerListeners.builder()
                        .on(AddrV2Message.class, (p, msg) -> received.add(msg.addresses()))
                        .on(AddrMessage.class, (p, msg) -> received.add(msg.addresses()))
                        .on(PongMessage.class, (p, msg) -> pongs.add(msg.nonce()))
                        .build())
                .build();
        Peer c1 = PeerConnector.connect(listen, client, PeerRuntime.create());
        c1.handshake().get(10, TimeUnit.SECONDS);
        Peer c2 = PeerConnector.connect(listen, client, PeerRuntime.create());
        c2.handshake().get(10, TimeUnit.SECONDS);
        assertEquals(ConnectionType.INBOUND, next(ConnectionEvent.Connected.class).type());
        assertEquals(ConnectionType.INBOUND, next(ConnectionEvent.Connected.class).type());
        Peer c3 = PeerConnector.connect(listen, client, PeerRuntime.create());
        assertNotNull(c3.disconnected().get(10, TimeUnit.SECONDS), "the third is over the inbound limit");

        c1.send(GetAddrMessage.INSTANCE);
        c1.send(GetAddrMessage.INSTANCE);
        c1.send(new PingMessage(77));
        long deadline = System.nanoTime() + 10_000_000_000L;
        Long pong;
        while ((pong = pongs.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null && pong != 77) {
            // the peer's own pings
        }
        assertEquals(77L, pong);
        assertEquals(1, received.size(), "getaddr is answered once per connection");
        assertEquals(23, received.get(0).size(), "23% of 100 known addresses (MAX_PCT_ADDR_TO_SEND)");
    }

    /** A client that records every address it receives. */
    private record Client(Peer peer, List<NetAddress> received) {
        static Client connect(InetSocketAddress listen) throws Exception {
            List<NetAddress> received = new CopyOnWriteArrayList<>();
            PeerConfig config = PeerConfig.builder().network(NetworkParameters.REGTEST).transportPolicy(TransportPolicy.V1_ONLY)
                    .requiredServices(org.btcpeer.peer.RequiredServices.NONE) // the manager under test offers no services
                    .listeners(PeerListeners.builder()
                            .on(AddrV2Message.class, (p, msg) -> msg.addresses().forEach(r -> received.add(r.address())))
                            .on(AddrMessage.class, (p, msg) -> msg.addresses().forEach(r -> received.add(r.address())))
                            .build())
                    .build();
            Peer p = PeerConnector.connect(listen, config, PeerRuntime.create());
            p.handshake().get(10, TimeUnit.SECONDS);
            return new Client(p, received);
        }
    }

    @Test
    void inboundAddrPeersGetCachedAnswersOurAddressAndRelayedAddresses() throws Exception {
        AddressBook book = new AddressBook(AddressBookConfig.builder().build());
        for (int i = 0; i < 100; i++) {
            book.addUser(new NetAddress(NetworkId.IPV4, ByteString.wrap(new byte[]{20, 0, 0, (byte) i}), 8333));
        }
        ManualClock clock = new ManualClock();
        PeerRuntime runtime = new PeerRuntime(clock, clock, new SplittableRandom(1), new NonceRegistry(50));
        NetAddress self = new NetAddress(NetworkId.IPV4, ByteString.wrap(new byte[]{20, 9, 9, 9}), 8333);
        ConnectionManager m = start(config(book).fullRelayTarget(0).blockRelayTarget(0).advertisedAddress(self)
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), runtime);
        InetSocketAddress listen = m.listenAddress().orElseThrow();
        Client c1 = Client.connect(listen);
        Client c2 = Client.connect(listen);
        Client c3 = Client.connect(listen);
        for (int i = 0; i < 3; i++) {
            assertEquals(ConnectionType.INBOUND, next(ConnectionEvent.Connected.class).type());
        }

        c1.peer.send(GetAddrMessage.INSTANCE);
        c2.peer.send(GetAddrMessage.INSTANCE);
        org.btcpeer.peer.PeerTest.awaitUntil(() -> c1.received.size() >= 23 && c2.received.size() >= 23);
        assertEquals(Set.copyOf(c1.received), Set.copyOf(c2.received),
                "two connections to the same socket get the same cached answer (m_addr_response_caches)");
        clock.runDue(); // the outboxes' first poll: our address, right after addr relay started
        org.btcpeer.peer.PeerTest.awaitUntil(() -> c1.received.contains(self) && c2.received.contains(self));

        NetAddress gossiped = new NetAddress(NetworkId.IPV4, ByteString.wrap(new byte[]{20, 7, 7, 7}), 8333);
        c3.peer.send(new AddrV2Message(List.of(new AddressRecord(clock.now().getEpochSecond(), RemoteNode.SERVICES, gossiped))));
        org.btcpeer.peer.PeerTest.awaitUntil(() -> m.addrRelay().peers().values().stream().anyMatch(o -> o.queued() > 0));
        clock.advance(Duration.ofMinutes(5)); // well past the 30 s Poisson timers (500 ms ticks)
        org.btcpeer.peer.PeerTest.awaitUntil(() -> c1.received.contains(gossiped) && c2.received.contains(gossiped));
        assertFalse(c3.received.contains(gossiped), "never back to the sender");
        assertTrue(book.get(gossiped).isPresent());
        assertEquals(3, m.addrRelay().peers().size());
        c1.peer.disconnect("test leaves");
        org.btcpeer.peer.PeerTest.awaitUntil(() -> m.addrRelay().peers().size() == 2); // no outbox outlives its peer
    }

    @Test
    void fullRelayPeersAreAskedForAddressesAndTheAnswerIsRateLimited() throws Exception {
        AtomicInteger getAddrs = new AtomicInteger();
        CountDownLatch ourProbe = new CountDownLatch(1);
        RemoteNode gossip = track(RemoteNode.start(b -> b.listeners(PeerListeners.builder()
                .on(GetAddrMessage.class, (p, msg) -> {
                    getAddrs.incrementAndGet();
                    List<AddressRecord> answer = new ArrayList<>();
                    for (int i = 0; i < 1010; i++) {
                        answer.add(new AddressRecord(System.currentTimeMillis() / 1000, RemoteNode.SERVICES,
                                new NetAddress(NetworkId.IPV4, ByteString.wrap(new byte[]{20, 1, (byte) (i >> 8), (byte) i}), 8333)));
                    }
                    p.send(new AddrV2Message(answer.subList(0, 1000)));
                    p.send(new AddrV2Message(answer.subList(1000, 1010))); // unsolicited beyond the answer
                    p.send(new PingMessage(MARKER)); // after both: our reader has handled them when it sees this
                })
                .on(PingMessage.class, (p, msg) -> {
                    if (msg.nonce() == MARKER) {
                        ourProbe.countDown();
                    }
                }).build())));
        CountDownLatch bothHandled = new CountDownLatch(1);
        PeerConfig peers = PeerConfig.builder().network(NetworkParameters.REGTEST).listeners(PeerListeners.builder()
                .on(PingMessage.class, (p, msg) -> {
                    if (msg.nonce() == MARKER) {
                        bothHandled.countDown();
                    }
                }).build()).build();
        ConnectionManager m = start(config(book(gossip)).peerConfig(peers).fullRelayTarget(1));
        Peer ours = next(ConnectionEvent.Connected.class).peer();
        assertTrue(bothHandled.await(10, TimeUnit.SECONDS), "the marker ping after both addrv2 messages");
        // Messages from one peer are handled in order on its reader, so both addrv2 are in the book now;
        // and whatever we sent before our own marker (a second getaddr) has reached the remote when it sees it.
        ours.send(new PingMessage(MARKER));
        assertTrue(ourProbe.await(10, TimeUnit.SECONDS), "our marker ping reached the remote");
        assertEquals(1, getAddrs.get(), "one getaddr per outbound full-relay connection");
        assertEquals(1 + 1000 + 1, m.addressBook().size(), "1,000 credited for our getaddr plus the initial token");
        assertEquals(AddressSource.PEER, m.addressBook().get(new NetAddress(NetworkId.IPV4,
                ByteString.wrap(new byte[]{20, 1, 0, 5}), 8333)).orElseThrow().source());
    }

    /** A ping nonce that marks "everything sent before this was handled". */
    private static final long MARKER = 0x6d61726b6572L;

    @Test
    void shutdownDisconnectsEveryoneAndSavesTheBook() throws Exception {
        RemoteNode a = remote();
        RemoteNode b = remote();
        Path file = dir.resolve("peers.txt");
        ConnectionManager m = ConnectionManager.start(config(book(a, b)).fullRelayTarget(2).addressBookFile(file).build(),
                PeerRuntime.create(), events::add);
        next(ConnectionEvent.Connected.class);
        next(ConnectionEvent.Connected.class);
        assertTrue(m.shutdown(Duration.ofSeconds(5)));
        for (int i = 0; i < 2; i++) {
            assertEquals(DisconnectReason.LOCAL, next(ConnectionEvent.Disconnected.class).disconnect().reason());
        }
        assertTrue(m.peers().isEmpty());
        for (RemoteNode n : new RemoteNode[]{a, b}) {
            org.btcpeer.peer.PeerTest.awaitUntil(() -> !n.accepted.isEmpty());
            assertEquals(DisconnectReason.REMOTE_CLOSED, n.accepted.get(0).disconnected().get(5, TimeUnit.SECONDS).reason());
        }
        assertTrue(m.connect(a.target()).isCompletedExceptionally(), "no dialing after shutdown");

        AddressBook reloaded = new AddressBook(AddressBookConfig.builder().allowNonRoutable(true).build());
        assertEquals(java.util.Optional.empty(), reloaded.load(file).problem());
        assertTrue(reloaded.get(a.address()).orElseThrow().tried());
        assertTrue(reloaded.get(b.address()).orElseThrow().tried());
    }

    @Test
    void dnsSeedsFillAnEmptyBookThroughTheResolver() throws Exception {
        AtomicInteger queries = new AtomicInteger();
        SeedResolver resolver = Mockito.mock(SeedResolver.class);
        Mockito.when(resolver.resolve(ArgumentMatchers.anyString())).thenAnswer(call ->
                List.of(InetAddress.getByAddress(new byte[]{30, 0, 0, (byte) queries.incrementAndGet()})));
        ConnectionManager m = start(config(new AddressBook(AddressBookConfig.builder().build()))
                .peerConfig(PeerConfig.builder().network(NetworkParameters.SIGNET).build())
                .dnsSeeds(true)
                .seedResolver(resolver));
        for (String seed : NetworkParameters.SIGNET.dnsSeeds()) {
            Mockito.verify(resolver, Mockito.times(1)).resolve(seed);
        }
        Mockito.verifyNoMoreInteractions(resolver);
        assertEquals(NetworkParameters.SIGNET.dnsSeeds().size(), m.addressBook().size());
        assertInstanceOf(AddressBook.class, m.addressBook());
    }
}
