package org.btcpeer.peer.connect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.btcpeer.peer.DisconnectReason;
import org.btcpeer.peer.HandshakeDeadline;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerAcceptor;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerConnector;
import org.btcpeer.peer.PeerDisconnect;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.PeerScheduler;
import org.btcpeer.peer.RequiredServices;
import org.btcpeer.peer.addr.AddrExchange;
import org.btcpeer.peer.addr.AddrOutbox;
import org.btcpeer.peer.addr.AddrRelay;
import org.btcpeer.peer.addr.AddrResponseCache;
import org.btcpeer.peer.addr.AddressBook;
import org.btcpeer.peer.addr.KnownAddress;
import org.btcpeer.peer.inbound.Permission;
import org.btcpeer.transport.SocketOpener;
import org.btcpeer.transport.TransportConfig;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportHandshake;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.transport.dial.DialTarget;
import org.btcpeer.transport.dial.DirectDialer;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.AddrMessage;
import org.btcpeer.wire.message.AddrV2Message;
import org.btcpeer.wire.message.GetAddrMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node connected, like Bitcoin Core's {@code CConnman} and btcd's {@code connmgr}:
 *
 * <ul>
 *   <li><b>Outbound targets:</b> {@link ConnectionManagerConfig#fullRelayTarget()} full-relay and
 *       {@link ConnectionManagerConfig#blockRelayTarget()} block-relay-only peers (version relay
 *       flag false, no address relay), picked from the {@link AddressBook} among addresses with the
 *       required services, at most one per {@link NetGroup}, never an address already connected or
 *       being dialled, at most {@code maxPendingDials} dials at once.</li>
 *   <li><b>Manual peers</b> ({@link #addManual}): always reconnected, with a backoff capped at
 *       {@code manualRetryMax}; not counted against the targets or the netgroup rule.</li>
 *   <li><b>Backoff:</b> a failed target waits {@code min(max, base × 2^(n-1))} with jitter
 *       ({@link RetryBackoff}) before it is dialled again.</li>
 *   <li><b>v2 downgrade cache:</b> a target that answered our v2 key like a v1-only node is
 *       remembered ({@link DowngradeCache}) and dialled with v1 directly next time.</li>
 *   <li><b>Inbound:</b> with a listen address, a {@link PeerAcceptor} with the configured limits
 *       and {@link ConnectionManagerConfig#defences()}.</li>
 *   <li><b>Bans and discouragement outbound</b> (Core's {@code ThreadOpenConnections}): an address
 *       that is banned or discouraged is never picked for an automatic connection; manual ones
 *       ({@link #addManual}, {@link #connect}) are dialled anyway, as Core's addnode. An automatic
 *       outbound peer that breaks a protocol rule is discouraged like an inbound one (Core's
 *       {@code MaybeDiscourageAndDisconnect}; manual peers are only disconnected). Both commit
 *       JDK Flight Recorder events: {@code org.btcpeer.OutboundPeerDiscouraged} and, off by
 *       default, {@code org.btcpeer.DialSkipped}.</li>
 *   <li><b>Permissions:</b> an inbound peer whose whitelist entry grants {@code addr} gets a fresh
 *       getaddr answer instead of the cached one and its addr messages are not rate-limited
 *       (Core's {@code NetPermissionFlags::Addr}).</li>
 *   <li><b>Addresses:</b> addr/addrv2 go into the book (shuffled, then rate-limited per peer);
 *       getaddr from inbound peers is answered once per connection from an
 *       {@link AddrResponseCache} (one answer per local socket and network, renewed every 21–27 h);
 *       full-relay and manual outbound peers are asked getaddr once after the handshake, as Core
 *       does. Fresh addresses from small messages are relayed to two peers through an
 *       {@link AddrRelay} and each peer's {@link AddrOutbox} (Poisson, 30 s on average), and while
 *       we listen our own address is advertised to each addr-relay peer after the handshake and
 *       about once a day.</li>
 * </ul>
 *
 * <p>Events ({@link ConnectionEvent}: connected, disconnected with the typed reason, address failed)
 * go to the listener given at start, on the manager's or the peer's threads, never while a lock is
 * held; the listener must not block for long. {@link #shutdown} stops dialing, disconnects every
 * peer and waits for their threads.
 */
public final class ConnectionManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectionManager.class);

    /** One connection the manager holds or is making; mutable fields guarded by the manager's lock. */
    private static final class Slot {
        final ConnectionType type;
        final DialTarget target;
        final boolean persistent;
        final boolean advertisesV2;
        final CompletableFuture<Peer> result = new CompletableFuture<>();
        Peer peer;
        boolean handshaken;

        Slot(ConnectionType type, DialTarget target, boolean persistent, boolean advertisesV2) {
            this.type = type;
            this.target = target;
            this.persistent = persistent;
            this.advertisesV2 = advertisesV2;
        }
    }

    private final ConnectionManagerConfig config;
    private final PeerRuntime runtime;
    private final Consumer<ConnectionEvent> events;
    private final AddressBook book;
    private final DowngradeCache downgrades;
    private final RetryBackoff<DialTarget> backoff;
    private final RetryBackoff<DialTarget> manualBackoff;
    private final PeerConfig outboundConfig;
    private final PeerConfig blockRelayConfig;
    private final PeerConfig manualConfig;
    private final Map<Long, AddrExchange> exchanges = new ConcurrentHashMap<>();
    private final AddrResponseCache addrResponses;
    private final AddrRelay addrRelay;
    private volatile Optional<NetAddress> selfAddress = Optional.empty();
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, Slot> peers = new HashMap<>();
    private final Map<DialTarget, Slot> outbound = new HashMap<>();
    private final Set<DialTarget> manualTargets = new LinkedHashSet<>();
    private final Set<Thread> dialThreads = new HashSet<>();
    private long dialsStarted;
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private PeerAcceptor acceptor;
    private PeerScheduler.Cancellable timer;
    private volatile boolean closed;

    private ConnectionManager(ConnectionManagerConfig config, PeerRuntime runtime, Consumer<ConnectionEvent> events) {
        this.config = config;
        this.runtime = runtime;
        this.events = events;
        this.book = config.addressBook();
        this.downgrades = new DowngradeCache(config.downgradeCapacity(), config.downgradeExpiry(), runtime.time());
        this.backoff = new RetryBackoff<>(config.retryBase(), config.retryMax(), 10_000, runtime.random());
        this.manualBackoff = new RetryBackoff<>(config.retryBase(), config.manualRetryMax(), 1_000, runtime.random());
        PeerConfig template = config.peerConfig();
        this.outboundConfig = template.toBuilder().listeners(listeners(template.listeners())).build();
        this.blockRelayConfig = outboundConfig.toBuilder().relay(false).build();
        this.addrResponses = new AddrResponseCache(book, runtime.time(), runtime.random());
        this.addrRelay = new AddrRelay(runtime.time(), runtime.random(), this::reachable);
        this.manualConfig = outboundConfig.toBuilder().requiredServices(RequiredServices.NONE).build();
    }

    /**
     * Starts a manager: loads the address book file (if configured), queries DNS seeds (if
     * configured and the book is empty), starts listening (if configured) and starts dialing.
     *
     * @param config  the configuration
     * @param runtime what the process's peers share (clock, scheduler, randomness)
     * @param events  receives connection events
     * @return the running manager
     * @throws IOException if the listen address cannot be bound
     */
    public static ConnectionManager start(ConnectionManagerConfig config, PeerRuntime runtime,
                                          Consumer<ConnectionEvent> events) throws IOException {
        ConnectionManager m = new ConnectionManager(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(runtime, "runtime"), Objects.requireNonNull(events, "events"));
        config.addressBookFile().ifPresent(m.book::load);
        if (config.dnsSeeds() && m.book.size() == 0) {
            int n = m.book.addDnsSeeds(config.peerConfig().network(), config.seedResolver());
            log.info("DNS seeds gave {} addresses", n);
        }
        if (config.listen().isPresent()) {
            m.acceptor = PeerAcceptor.start(config.listen().get(), m.outboundConfig, runtime, config.inboundLimits(),
                    config.netGroup(), config.defences(), m::onInbound);
            NetAddress listening = NetAddress.of(m.acceptor.localAddress());
            m.selfAddress = config.advertisedAddress().or(() -> Optional.of(listening).filter(NetAddress::isRoutable));
        }
        m.tick();
        m.scheduleTick();
        return m;
    }

    // ---------------------------------------------------------------- public API

    /** The address book. */
    public AddressBook addressBook() {
        return book;
    }

    /** The address relay (which peers take part, their outboxes). */
    public AddrRelay addrRelay() {
        return addrRelay;
    }

    /** The v1 downgrade cache. */
    public DowngradeCache downgradeCache() {
        return downgrades;
    }

    /** The inbound listening address, if listening (with the actual port). */
    public Optional<InetSocketAddress> listenAddress() {
        return Optional.ofNullable(acceptor).map(PeerAcceptor::localAddress);
    }

    /**
     * Adds a manual peer that is connected and reconnected until removed (Core's {@code addnode add}).
     * v2 is tried under V2_PREFERRED unless the downgrade cache says the target speaks only v1.
     *
     * @param target the peer
     * @return false if it was already a manual peer
     * @throws IllegalStateException if {@code maxManual} manual peers are already configured
     */
    public boolean addManual(DialTarget target) {
        Objects.requireNonNull(target, "target");
        lock.lock();
        try {
            if (manualTargets.contains(target)) {
                return false;
            }
            if (manualTargets.size() >= config.maxManual()) {
                throw new IllegalStateException("at most " + config.maxManual() + " manual peers (Core's MAX_ADDNODE_CONNECTIONS)");
            }
            manualTargets.add(target);
        } finally {
            lock.unlock();
        }
        tick();
        return true;
    }

    /**
     * Stops reconnecting a manual peer (Core's {@code addnode remove}); a live connection stays.
     *
     * @param target the peer
     * @return whether it was a manual peer
     */
    public boolean removeManual(DialTarget target) {
        lock.lock();
        try {
            return manualTargets.remove(target);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Connects once to {@code target} as a manual connection (Core's {@code addnode onetry}): not
     * reconnected when it ends.
     *
     * @param target the peer
     * @return completes with the peer once its handshake is done; fails if the attempt fails, the
     *         target is already connected or being dialled, or the manager is shut down
     */
    public CompletableFuture<Peer> connect(DialTarget target) {
        Objects.requireNonNull(target, "target");
        Slot slot = new Slot(ConnectionType.MANUAL, target, false, true);
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("connection manager is shut down"));
            }
            if (outbound.containsKey(target)) {
                return CompletableFuture.failedFuture(new IllegalStateException(target + " is already connected or being dialled"));
            }
            outbound.put(target, slot);
        } finally {
            lock.unlock();
        }
        startDial(slot);
        return slot.result.copy();
    }

    /**
     * Disconnects a peer (an automatic outbound slot is then refilled with another address).
     *
     * @param peerId the peer's id
     * @return whether the manager holds such a peer
     */
    public boolean disconnect(long peerId) {
        Peer p;
        lock.lock();
        try {
            Slot s = peers.get(peerId);
            p = s == null ? null : s.peer;
        } finally {
            lock.unlock();
        }
        if (p != null) {
            p.disconnect("disconnected by the application");
        }
        return p != null;
    }

    /**
     * A peer by id.
     *
     * @param peerId the id
     * @return the peer, if the manager holds it
     */
    public Optional<Peer> peer(long peerId) {
        lock.lock();
        try {
            return Optional.ofNullable(peers.get(peerId)).map(s -> s.peer);
        } finally {
            lock.unlock();
        }
    }

    /** The peers held now (transport negotiated; the version handshake may still be running). */
    public List<ManagedPeer> peers() {
        lock.lock();
        try {
            List<ManagedPeer> out = new ArrayList<>(peers.size());
            for (Slot s : peers.values()) {
                out.add(new ManagedPeer(s.peer, s.type, Optional.ofNullable(s.target)));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Connections of one type whose version handshake completed.
     *
     * @param type the type
     * @return the count
     */
    public int connectedCount(ConnectionType type) {
        lock.lock();
        try {
            return (int) peers.values().stream().filter(s -> s.type == type && s.handshaken).count();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many dials this manager has started (automatic, manual and one-shot). A dial is counted
     * when the tick or call that decides on it starts its thread, so a test that runs the ticks on
     * a manual clock checks "no further dial" right after {@code advance} returns, without sleeping.
     */
    long dialsStarted() {
        lock.lock();
        try {
            return dialsStarted;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- the loop

    private void scheduleTick() {
        lock.lock();
        try {
            if (!closed) {
                timer = runtime.scheduler().schedule(() -> {
                    tick();
                    scheduleTick();
                }, config.tickInterval().toNanos());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Starts the dials that the targets, manual peers and backoff allow now. Never blocks. */
    private void tick() {
        if (closed) {
            return;
        }
        flushAddresses();
        List<Slot> toDial = new ArrayList<>();
        long now = runtime.time().nanoTime();
        lock.lock();
        try {
            int manual = count(ConnectionType.MANUAL);
            for (DialTarget t : manualTargets) {
                if (manual < config.maxManual() && !outbound.containsKey(t) && manualBackoff.ready(t, now)) {
                    Slot s = new Slot(ConnectionType.MANUAL, t, true, true);
                    outbound.put(t, s);
                    toDial.add(s);
                    manual++;
                }
            }
            int pending = (int) outbound.values().stream()
                    .filter(s -> s.peer == null && s.type != ConnectionType.MANUAL).count();
            for (ConnectionType type : new ConnectionType[]{ConnectionType.OUTBOUND_FULL_RELAY, ConnectionType.BLOCK_RELAY}) {
                int need = (type == ConnectionType.BLOCK_RELAY ? config.blockRelayTarget() : config.fullRelayTarget()) - count(type);
                while (need > 0 && pending < config.maxPendingDials()) {
                    Set<String> groups = outboundGroups();
                    Optional<KnownAddress> k = book.select(config.requiredServices(), a -> {
                        Optional<String> skip = whySkip(a, groups, now);
                        skip.ifPresent(why -> log.debug("not dialing {} now: {}", a, why));
                        return skip.isEmpty();
                    });
                    if (k.isEmpty()) {
                        break;
                    }
                    DialTarget t = DialTarget.of(k.get().address());
                    Slot s = new Slot(type, t, false, k.get().services().has(ServiceFlags.NODE_P2P_V2));
                    outbound.put(t, s);
                    toDial.add(s);
                    need--;
                    pending++;
                }
            }
        } finally {
            lock.unlock();
        }
        toDial.forEach(this::startDial);
    }

    /** Outbound slots of {@code type} (dialling or connected). Caller holds the lock. */
    private int count(ConnectionType type) {
        int n = 0;
        for (Slot s : outbound.values()) {
            if (s.type == type) {
                n++;
            }
        }
        return n;
    }

    /** Netgroups of the automatic outbound slots (Core excludes manual and inbound). Caller holds the lock. */
    private Set<String> outboundGroups() {
        Set<String> groups = new HashSet<>();
        for (Slot s : outbound.values()) {
            if (s.type != ConnectionType.MANUAL && s.target instanceof DialTarget.Address a) {
                groups.add(config.netGroup().of(a.address()));
            }
        }
        return groups;
    }

    /**
     * Core's OpenNetworkConnection for automatic connections: "banned_or_discouraged" addresses are
     * skipped. Returns {@code banned} or {@code discouraged}, or empty for an address neither covers.
     */
    private Optional<String> bannedOrDiscouraged(NetAddress a) {
        Optional<InetAddress> ip = a.toInetSocketAddress().map(InetSocketAddress::getAddress);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        if (config.defences().bans().isBanned(ip.get())) {
            return Optional.of("banned");
        }
        return config.defences().discouragement().isDiscouraged(ip.get()) ? Optional.of("discouraged") : Optional.empty();
    }

    /** Why an address from the book is not a dial target this tick, or empty if it is. Caller holds the lock. */
    private Optional<String> whySkip(NetAddress a, Set<String> groups, long now) {
        DialTarget t = DialTarget.of(a);
        if (!reachable(a)) {
            return Optional.of("the direct dialer cannot reach " + a.network() + " addresses (configure a proxy)");
        }
        if (outbound.containsKey(t)) {
            return Optional.of("already connected or dialing");
        }
        if (!backoff.ready(t, now)) {
            return Optional.of("backing off after a failed attempt");
        }
        String group = config.netGroup().of(a);
        if (groups.contains(group)) {
            return Optional.of("netgroup " + group + " already has an outbound peer (Core's diversity rule; "
                    + "ConnectionManagerConfig.forLocalTesting() lifts it)");
        }
        Optional<String> refused = bannedOrDiscouraged(a);
        if (refused.isPresent()) {
            ConnectFlightEvents.dialSkipped(a, refused.get().equals("banned"), refused.get());
            return Optional.of(refused.get() + " (Core skips them for automatic connections)");
        }
        return Optional.empty();
    }

    private boolean reachable(NetAddress a) {
        return !(config.dialer() instanceof DirectDialer) || a.toInetSocketAddress().isPresent();
    }

    private void startDial(Slot slot) {
        Thread t = Thread.ofVirtual().name("btcpeer-dial-" + slot.target).unstarted(() -> {
            try {
                dial(slot);
            } finally {
                lock.lock();
                try {
                    dialThreads.remove(Thread.currentThread());
                } finally {
                    lock.unlock();
                }
            }
        });
        lock.lock();
        try {
            if (closed) {
                outbound.remove(slot.target, slot);
                slot.result.completeExceptionally(new IllegalStateException("connection manager is shut down"));
                return;
            }
            dialThreads.add(t);
            dialsStarted++;
        } finally {
            lock.unlock();
        }
        t.start();
    }

    private void dial(Slot slot) {
        DialTarget target = slot.target;
        PeerConfig peerConfig = switch (slot.type) {
            case BLOCK_RELAY -> blockRelayConfig;
            case MANUAL -> manualConfig; // Core: ExpectServicesFromConn() is false for manual connections
            default -> outboundConfig;
        };
        HandshakeDeadline deadline = HandshakeDeadline.startingNow(runtime.time(), peerConfig.handshakeTimeout());
        TransportConfig transport = PeerConnector.transportConfig(peerConfig, deadline.remaining(runtime.time().nanoTime()));
        boolean tryV2 = slot.advertisesV2 && !downgrades.speaksOnlyV1(target);
        AtomicInteger opens = new AtomicInteger();
        SocketOpener opener = () -> {
            opens.incrementAndGet();
            return config.dialer().dial(target, config.connectTimeout());
        };
        TransportConnection connection;
        try {
            connection = TransportHandshake.connect(opener, transport, tryV2);
        } catch (IOException | TransportException | RuntimeException e) {
            noteDowngrade(target, transport, opens.get());
            attemptFailed(slot, (e instanceof TransportException ? "transport handshake failed: " : "dial failed: ")
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
            return;
        }
        noteDowngrade(target, transport, opens.get());
        Peer p = Peer.outbound(connection, null, peerConfig, runtime, deadline);
        attach(slot, p);
    }

    /** A second dial means the v2 attempt ended the way Core's ShouldReconnectV1 describes. */
    private void noteDowngrade(DialTarget target, TransportConfig transport, int opens) {
        if (opens > 1 && transport.policy() == TransportPolicy.V2_PREFERRED) {
            downgrades.remember(target);
        }
    }

    private void attach(Slot slot, Peer p) {
        boolean stop;
        lock.lock();
        try {
            slot.peer = p;
            peers.put(p.id(), slot);
            if (slot.type != ConnectionType.BLOCK_RELAY) {
                NetAddress source = slot.target instanceof DialTarget.Address a ? a.address() : p.address();
                AddrResponseCache.Key key = AddrResponseCache.Key.of(p.address(), p.connection().socket()
                        .map(sock -> sock.getLocalSocketAddress() instanceof InetSocketAddress l ? l : null));
                exchanges.put(p.id(), new AddrExchange(book, source, slot.type == ConnectionType.INBOUND, runtime.time(),
                        runtime.random(), addrResponses, key, p.config().permissions().has(Permission.ADDR)));
            }
            stop = closed;
        } finally {
            lock.unlock();
        }
        if (stop) {
            p.disconnect("connection manager shutting down");
        }
        p.handshake().whenComplete((peer, error) -> {
            if (error == null) {
                onHandshake(slot);
            }
        });
        p.disconnected().thenAccept(d -> onDisconnected(slot, d));
    }

    private void onInbound(Peer p) {
        attach(new Slot(ConnectionType.INBOUND, null, false, false), p);
    }

    private void onHandshake(Slot slot) {
        Peer p = slot.peer;
        lock.lock();
        try {
            slot.handshaken = true;
        } finally {
            lock.unlock();
        }
        if (slot.target != null) {
            backoff.succeeded(slot.target);
            manualBackoff.succeeded(slot.target);
            if (slot.target instanceof DialTarget.Address a) {
                book.markGood(a.address(), p.remoteVersion().map(v -> v.services()).orElse(ServiceFlags.NONE));
            }
        }
        if (slot.type == ConnectionType.OUTBOUND_FULL_RELAY || slot.type == ConnectionType.MANUAL) {
            AddrExchange x = exchanges.get(p.id());
            if (x != null) {
                x.getAddrSent();
                p.send(GetAddrMessage.INSTANCE);
                enableAddressRelay(p); // Core's SetupAddressRelay for outbound peers
            }
        }
        slot.result.complete(p);
        emit(new ConnectionEvent.Connected(p, slot.type));
    }

    private void onDisconnected(Slot slot, PeerDisconnect d) {
        boolean wasConnected;
        lock.lock();
        try {
            peers.remove(slot.peer.id());
            if (slot.target != null) {
                outbound.remove(slot.target, slot);
            }
            wasConnected = slot.handshaken;
        } finally {
            lock.unlock();
        }
        exchanges.remove(slot.peer.id());
        addrRelay.remove(slot.peer.id());
        if (d.reason() == DisconnectReason.PROTOCOL_VIOLATION && (slot.type == ConnectionType.OUTBOUND_FULL_RELAY
                || slot.type == ConnectionType.BLOCK_RELAY)) {
            // Core's MaybeDiscourageAndDisconnect: "Not punishing manually connected peer"; inbound peers are the acceptor's.
            Optional<InetSocketAddress> a = slot.peer.address().toInetSocketAddress();
            if (a.isPresent() && config.defences().discouragement().discourage(a.get().getAddress())) {
                log.debug("discouraging {} {}: {}", slot.type, slot.peer.address(), d.detail());
                ConnectFlightEvents.discouraged(slot.peer, slot.type, d.detail());
            }
        }
        if (wasConnected) {
            if (slot.persistent) {
                manualBackoff.failed(slot.target, runtime.time().nanoTime()); // no hot loop on a peer that drops us at once
            }
            emit(new ConnectionEvent.Disconnected(slot.peer, slot.type, d));
        } else if (slot.type != ConnectionType.INBOUND) {
            recordFailure(slot);
            String why = "version handshake failed: " + d;
            slot.result.completeExceptionally(new IOException(slot.target + ": " + why));
            emit(new ConnectionEvent.AddressFailed(slot.target, slot.type, why, null));
        }
        tick();
    }

    private void attemptFailed(Slot slot, String reason, Throwable cause) {
        // The backoff first, then the slot: a tick between the two would otherwise see the target
        // neither in flight nor backed off and dial it again at once.
        recordFailure(slot);
        lock.lock();
        try {
            outbound.remove(slot.target, slot);
        } finally {
            lock.unlock();
        }
        log.debug("{} {}: {}", slot.type, slot.target, reason);
        slot.result.completeExceptionally(cause);
        emit(new ConnectionEvent.AddressFailed(slot.target, slot.type, reason, cause));
        tick();
    }

    private void recordFailure(Slot slot) {
        (slot.type == ConnectionType.MANUAL ? manualBackoff : backoff).failed(slot.target, runtime.time().nanoTime());
        if (slot.target instanceof DialTarget.Address a) {
            book.markAttempt(a.address());
        }
    }

    private void emit(ConnectionEvent e) {
        try {
            events.accept(e);
        } catch (RuntimeException ex) {
            log.warn("connection event listener failed on {}", e, ex);
        }
    }

    // ---------------------------------------------------------------- address relay

    private PeerListeners listeners(PeerListeners user) {
        return PeerListeners.builder()
                .on(AddrMessage.class, (p, m) -> onAddresses(p, m.addresses()))
                .on(AddrV2Message.class, (p, m) -> onAddresses(p, m.addresses()))
                .on(GetAddrMessage.class, (p, m) -> {
                    AddrExchange x = exchanges.get(p.id());
                    if (x != null) {
                        enableAddressRelay(p);
                        x.onGetAddr().ifPresent(p::pushAddresses);
                    }
                })
                .include(user)
                .build();
    }

    private void onAddresses(Peer p, List<AddressRecord> records) {
        AddrExchange x = exchanges.get(p.id());
        if (x != null) {
            enableAddressRelay(p);
            for (AddressRecord r : x.onAddresses(records).toRelay()) {
                addrRelay.relay(p.id(), r);
            }
        }
    }

    /**
     * Core's {@code SetupAddressRelay}: the peer takes part in address relay from now on (outbound
     * full-relay and manual peers at the handshake, inbound ones at their first addr, addrv2 or
     * getaddr; block-relay-only peers have no exchange and never do). Idempotent.
     */
    private void enableAddressRelay(Peer p) {
        if (p.isConnected() && !addrRelay.contains(p.id())) {
            addrRelay.add(p.id(), new AddrOutbox(runtime.time(), runtime.random(), () -> p.features().addrV2(),
                    selfAddress, outboundConfig.advertisedServices()));
            runtime.scheduler().schedule(this::flushAddresses, 0); // the first batch (our address) goes out at once
        }
    }

    /** Pushes what each peer's outbox has due (Core's {@code MaybeSendAddr}); runs on every tick. */
    private void flushAddresses() {
        for (Map.Entry<Long, AddrOutbox> e : addrRelay.peers().entrySet()) {
            Optional<Peer> peer = peer(e.getKey());
            if (peer.isEmpty()) {
                addrRelay.remove(e.getKey()); // gone (a listener may have raced its disconnect)
                continue;
            }
            AddrOutbox.Batch b = e.getValue().poll();
            if (!b.addresses().isEmpty()) {
                b.forgetKnown().ifPresent(peer.get()::forgetKnownAddress);
                peer.get().pushAddresses(b.addresses());
            }
        }
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Stops dialing and accepting, disconnects every peer, waits for their threads, and saves the
     * address book (if a file is configured). Idempotent.
     *
     * @param timeout how long to wait for dials and peers to end
     * @return whether everything ended in time
     */
    public boolean shutdown(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Thread> dials;
        lock.lock();
        try {
            closed = true;
            if (timer != null) {
                timer.cancel();
            }
            dials = new ArrayList<>(dialThreads);
        } finally {
            lock.unlock();
        }
        boolean first = shutdownStarted.compareAndSet(false, true);
        if (first && acceptor != null) {
            acceptor.close();
        }
        boolean done = true;
        dials.forEach(Thread::interrupt); // blocking socket I/O on a virtual thread ends when interrupted
        try {
            for (Thread t : dials) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    done = false;
                }
            }
            List<Peer> all;
            lock.lock();
            try {
                all = peers.values().stream().map(s -> s.peer).toList();
            } finally {
                lock.unlock();
            }
            all.forEach(p -> p.disconnect("connection manager shutting down"));
            for (Peer p : all) {
                try {
                    p.awaitDisconnect(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (TimeoutException e) {
                    done = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (first) {
            config.addressBookFile().ifPresent(f -> {
                try {
                    book.save(f);
                } catch (IOException e) {
                    log.warn("could not save the address book to {}: {}", f, e.toString());
                }
            });
        }
        return done;
    }

    /** {@link #shutdown} with 30 seconds to finish. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }
}
