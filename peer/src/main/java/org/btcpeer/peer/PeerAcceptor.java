package org.btcpeer.peer;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.btcpeer.peer.connect.NetGroup;
import org.btcpeer.peer.inbound.BanList;
import org.btcpeer.peer.inbound.Discouragement;
import org.btcpeer.peer.inbound.EvictionCandidate;
import org.btcpeer.peer.inbound.EvictionSelector;
import org.btcpeer.peer.inbound.InboundDefences;
import org.btcpeer.peer.inbound.InboundSummary;
import org.btcpeer.peer.inbound.KeyedNetGroups;
import org.btcpeer.peer.inbound.NetGroupRateLimiter;
import org.btcpeer.peer.inbound.PendingConnection;
import org.btcpeer.peer.inbound.PendingEviction;
import org.btcpeer.peer.inbound.Permission;
import org.btcpeer.peer.inbound.Permissions;
import org.btcpeer.peer.inbound.Whitelist;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportHandshake;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.ServiceFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts inbound connections on one port and turns each into a running {@link Peer}: v1 and v2
 * are detected from the first bytes (per the configuration's transport policy). Each connection
 * is handshaken on its own virtual thread, within {@link InboundLimits}. Closing the acceptor stops
 * listening and disconnects its peers.
 *
 * <p>When inbound is full, a new connection is not simply refused: a connection still in its
 * transport or version handshake gives up its slot first (the oldest of the most crowded network
 * group, {@link PendingEviction}), otherwise an established peer chosen by Core's eviction rules
 * ({@link EvictionSelector}); only when every peer is protected is the new connection refused, as
 * in Core's {@code AcceptConnection}. Admission tokens are per network group and spent only by
 * admitted connections ({@link NetGroupRateLimiter}).
 *
 * <p>A peer disconnected for a {@link DisconnectReason#PROTOCOL_VIOLATION} (or reported with
 * {@link #reportMisbehaving}) has its address discouraged ({@link Discouragement}, Core's
 * {@code BanMan::Discourage}): a discouraged address is refused once inbound is nearly full and is
 * the first one evicted otherwise.
 *
 * <p>Peers in a whitelisted subnet get its {@link Permissions} ({@link Whitelist}, Core's
 * {@code -whitelist}); with {@link Permission#NOBAN} they skip the ban, discouragement and rate
 * checks and are never evicted nor discouraged. Like Core v30, they do not bypass the inbound
 * limit: when every peer is protected, even they are refused.
 *
 * <p>It logs no line per refused or evicted connection above DEBUG: once a minute, if anything
 * happened, one INFO line sums up the refused (and banned), evicted and discouraged connections
 * ({@link InboundSummary}).
 */
public final class PeerAcceptor implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(PeerAcceptor.class);

    private final ServerSocket server;
    private final PeerConfig config;
    private final PeerRuntime runtime;
    private final InboundLimits limits;
    private final Consumer<Peer> onPeer;
    /** Network groups with a token bucket of their own at most (about 64 bytes each). */
    static final int MAX_RATE_GROUPS = 4_096;
    /** How often the one-line summary may be logged. */
    public static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);

    private final Set<Peer> peers = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong failedHandshakes = new AtomicLong();
    private final AtomicLong discouragedCount = new AtomicLong();
    private final AtomicLong bannedCount = new AtomicLong();
    private final Discouragement discouragement;
    private final BanList bans;
    private final Whitelist whitelist;
    private final InboundSummary summary;
    private final KeyedNetGroups groups;
    /** Guards {@link #slots}, {@link #rate} and {@link #nextSlotId}; never held while calling out. */
    private final ReentrantLock admission = new ReentrantLock();
    private final Map<Long, Slot> slots = new HashMap<>();
    private final NetGroupRateLimiter rate;
    private long nextSlotId;
    private volatile boolean closed;

    /** One admitted connection, from accept until it goes away; it holds one inbound slot. */
    private static final class Slot {
        final long id;
        final Socket socket;
        final NetAddress address;
        final long group;
        final long acceptedNanos;
        final boolean discouraged;
        final Permissions permissions;
        volatile Peer peer;
        volatile boolean evicted;

        Slot(long id, Socket socket, NetAddress address, long group, long acceptedNanos, boolean discouraged,
             Permissions permissions) {
            this.id = id;
            this.permissions = permissions;
            this.discouraged = discouraged;
            this.socket = socket;
            this.address = address;
            this.group = group;
            this.acceptedNanos = acceptedNanos;
        }

        /**
         * Whether its version handshake has completed, read from the peer's own handshake state:
         * it is true before any handshake listener runs (a connection manager's Connected event),
         * so a peer reported connected is never taken for an evictable pending handshake.
         */
        boolean established() {
            Peer p = peer;
            return p != null && p.handshakeSucceeded();
        }
    }

    private PeerAcceptor(ServerSocket server, PeerConfig config, PeerRuntime runtime, InboundLimits limits,
                         NetGroup netGroup, InboundDefences defences, Consumer<Peer> onPeer) {
        this.server = server;
        this.bans = defences.bans();
        this.discouragement = defences.discouragement();
        this.whitelist = defences.whitelist();
        this.config = config;
        this.runtime = runtime;
        this.limits = limits;
        this.onPeer = onPeer;
        this.groups = KeyedNetGroups.random(netGroup);
        this.rate = new NetGroupRateLimiter(limits.handshakesPerSecond(), limits.handshakeBurst(), MAX_RATE_GROUPS,
                runtime.time().nanoTime());
        this.summary = new InboundSummary(SUMMARY_INTERVAL.toNanos(), runtime.time().nanoTime());
    }

    /**
     * Listens on {@code bind} with the default limits.
     *
     * @param bind    the address to listen on (port 0 for an ephemeral port)
     * @param config  the configuration of accepted peers
     * @param runtime what the process's peers share
     * @param onPeer  called with each new peer right after it starts; its threads already run, so its
     *                handshake may be under way or even complete when this is called
     * @return the running acceptor
     * @throws IOException if the address cannot be bound
     */
    public static PeerAcceptor start(InetSocketAddress bind, PeerConfig config, PeerRuntime runtime,
                                     Consumer<Peer> onPeer) throws IOException {
        return start(bind, config, runtime, InboundLimits.DEFAULT, onPeer);
    }

    /**
     * Listens on {@code bind}.
     *
     * @param bind    the address to listen on
     * @param config  the configuration of accepted peers
     * @param runtime what the process's peers share
     * @param limits  admission limits
     * @param onPeer  called with each new peer
     * @return the running acceptor
     * @throws IOException if the address cannot be bound
     */
    public static PeerAcceptor start(InetSocketAddress bind, PeerConfig config, PeerRuntime runtime,
                                     InboundLimits limits, Consumer<Peer> onPeer) throws IOException {
        return start(bind, config, runtime, limits, NetGroup.core(), onPeer);
    }

    /**
     * Listens on {@code bind}, grouping peers for eviction and admission with {@code netGroup}
     * (Core's grouping in production; tests on 127.0.0.0/8 group by /16 to make distinct groups).
     *
     * @param bind     the address to listen on
     * @param config   the configuration of accepted peers
     * @param runtime  what the process's peers share
     * @param limits   admission limits
     * @param netGroup the network grouping
     * @param onPeer   called with each new peer
     * @return the running acceptor
     * @throws IOException if the address cannot be bound
     */
    public static PeerAcceptor start(InetSocketAddress bind, PeerConfig config, PeerRuntime runtime,
                                     InboundLimits limits, NetGroup netGroup, Consumer<Peer> onPeer) throws IOException {
        return start(bind, config, runtime, limits, netGroup, InboundDefences.standard(java.time.InstantSource.system()),
                onPeer);
    }

    /**
     * Listens on {@code bind} with a discouragement set and a ban list of the caller's (shared
     * with other acceptors or outbound code; persistent; or one that discourages loopback
     * addresses for tests). Banned addresses are refused at accept.
     *
     * @param bind           the address to listen on
     * @param config         the configuration of accepted peers
     * @param runtime        what the process's peers share
     * @param limits         admission limits
     * @param netGroup       the network grouping
     * @param discouragement the discouraged addresses, checked at accept and filled on protocol violations
     * @param bans           the manual bans, checked at accept
     * @param onPeer         called with each new peer
     * @return the running acceptor
     * @throws IOException if the address cannot be bound
     */
    public static PeerAcceptor start(InetSocketAddress bind, PeerConfig config, PeerRuntime runtime,
                                     InboundLimits limits, NetGroup netGroup, Discouragement discouragement,
                                     BanList bans, Consumer<Peer> onPeer) throws IOException {
        return start(bind, config, runtime, limits, netGroup, new InboundDefences(discouragement, bans, Whitelist.EMPTY),
                onPeer);
    }

    /**
     * Listens on {@code bind} with the caller's discouragement set, ban list and whitelist (shared
     * with a connection manager's outbound dialing, persistent, ...).
     *
     * @param bind     the address to listen on
     * @param config   the configuration of accepted peers (a whitelisted peer gets it with its permissions)
     * @param runtime  what the process's peers share
     * @param limits   admission limits
     * @param netGroup the network grouping
     * @param defences discouraged addresses, bans and whitelist
     * @param onPeer   called with each new peer
     * @return the running acceptor
     * @throws IOException if the address cannot be bound
     */
    public static PeerAcceptor start(InetSocketAddress bind, PeerConfig config, PeerRuntime runtime,
                                     InboundLimits limits, NetGroup netGroup, InboundDefences defences,
                                     Consumer<Peer> onPeer) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(bind, 1024);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        PeerAcceptor a = new PeerAcceptor(server, Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(runtime, "runtime"), Objects.requireNonNull(limits, "limits"),
                Objects.requireNonNull(netGroup, "netGroup"), Objects.requireNonNull(defences, "defences"),
                Objects.requireNonNull(onPeer, "onPeer"));
        Thread.ofVirtual().name("btcpeer-acceptor-" + server.getLocalPort()).start(a::acceptLoop);
        a.scheduleSummary();
        return a;
    }

    /** The bound address (with the actual port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** The connected inbound peers. */
    public List<Peer> peers() {
        return List.copyOf(peers);
    }

    /** Connections closed at once because a limit was reached. */
    public long refusedCount() {
        return refused.get();
    }

    /** Connections closed to make room for a newer one (pending handshakes and evicted peers). */
    public long evictedCount() {
        return evicted.get();
    }

    /** Connections refused because a ban covers their address (counted in {@link #refusedCount()} too). */
    public long bannedCount() {
        return bannedCount.get();
    }

    /** Peers whose address this acceptor discouraged (loopback peers exempt by configuration excluded). */
    public long discouragedCount() {
        return discouragedCount.get();
    }

    /** The discouraged addresses this acceptor checks. */
    public Discouragement discouragement() {
        return discouragement;
    }

    /**
     * Reports a protocol violation the application found (bad headers or block, invalid compact
     * block data...): the peer is disconnected with {@link DisconnectReason#PROTOCOL_VIOLATION}
     * and its address discouraged, as Core's {@code Misbehaving} + {@code MaybeDiscourageAndDisconnect}.
     * A loopback peer is only disconnected unless the {@link Discouragement} says otherwise.
     *
     * @param peer a peer of this acceptor
     * @param why  what it did, for the disconnect detail
     */
    public void reportMisbehaving(Peer peer, String why) {
        Objects.requireNonNull(why, "why");
        peer.disconnect(DisconnectReason.PROTOCOL_VIOLATION, "misbehaving: " + why);
    }

    /** Connections whose transport handshake failed. */
    public long failedHandshakeCount() {
        return failedHandshakes.get();
    }

    /** Connections in their transport or version handshake now. */
    public int handshakesInProgress() {
        admission.lock();
        try {
            return (int) slots.values().stream().filter(x -> !x.established()).count();
        } finally {
            admission.unlock();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("accept failed on {}: {}", localAddress(), e.toString());
                }
                return;
            }
            NetAddress address = NetAddress.of((InetSocketAddress) s.getRemoteSocketAddress());
            InetAddress ip = s.getInetAddress();
            Permissions permissions = ip == null ? Permissions.NONE : whitelist.permissionsOf(ip);
            boolean noban = permissions.has(Permission.NOBAN);
            boolean discouraged = !noban && ip != null && discouragement.isDiscouraged(ip);
            if (!noban && ip != null && bans.isBanned(ip)) {
                // Core's CreateNodeFromAcceptedSocket: "connection from %s dropped (banned)", before any other check.
                refused.incrementAndGet();
                bannedCount.incrementAndGet();
                log.debug("refusing {}: banned", s.getRemoteSocketAddress());
                FlightEvents.refused(address, true, "banned");
                closeQuietly(s);
                continue;
            }
            Slot slot;
            Slot victim;
            String why = null;
            admission.lock();
            try {
                long now = runtime.time().nanoTime();
                slot = new Slot(nextSlotId++, s, address, groups.of(address), now, discouraged, permissions);
                victim = null;
                if (discouraged && slots.size() + 1 >= limits.maxInboundPeers()) {
                    // Core's AcceptConnection: "connection from %s dropped (discouraged)" once nInbound + 1 >= m_max_inbound.
                    why = "discouraged address and inbound nearly full";
                } else if (!noban && !rate.hasToken(slot.group, now)) {
                    why = "handshake rate limit " + limits.handshakesPerSecond() + "/s for its network group";
                } else {
                    int pending = (int) slots.values().stream().filter(x -> !x.established()).count();
                    if (slots.size() >= limits.maxInboundPeers() || pending >= limits.maxConcurrentHandshakes()) {
                        victim = pendingVictim();
                        if (victim == null && slots.size() >= limits.maxInboundPeers()) {
                            victim = establishedVictim();
                        }
                        if (victim == null) {
                            why = slots.size() >= limits.maxInboundPeers()
                                    ? "inbound peer limit " + limits.maxInboundPeers() + ", every peer protected"
                                    : "concurrent handshake limit " + limits.maxConcurrentHandshakes();
                        }
                    }
                    if (why == null) {
                        if (victim != null) {
                            slots.remove(victim.id);
                            victim.evicted = true;
                        }
                        if (!noban) {
                            rate.take(slot.group, now);
                        }
                        slots.put(slot.id, slot);
                    }
                }
            } finally {
                admission.unlock();
            }
            if (why != null) {
                refused.incrementAndGet();
                log.debug("refusing {}: {}", s.getRemoteSocketAddress(), why);
                FlightEvents.refused(address, false, why);
                closeQuietly(s);
                continue;
            }
            if (victim != null) {
                evict(victim);
            }
            // One deadline from accept covers the transport handshake and the version handshake (Core's
            // m_peer_connect_timeout, counted from the connection's creation).
            HandshakeDeadline deadline = new HandshakeDeadline(slot.acceptedNanos, config.handshakeTimeout());
            Thread.ofVirtual().name("btcpeer-inbound-handshake").start(() -> handshake(slot, deadline));
        }
    }

    /** The oldest pending connection of the most crowded group; called under {@link #admission}. */
    private Slot pendingVictim() {
        List<PendingConnection> pending = new ArrayList<>();
        for (Slot x : slots.values()) {
            if (!x.established() && !x.permissions.has(Permission.NOBAN)) {
                pending.add(new PendingConnection(x.id, x.acceptedNanos, x.group));
            }
        }
        OptionalLong id = PendingEviction.select(pending);
        return id.isPresent() ? slots.get(id.getAsLong()) : null;
    }

    /** The established peer Core's rules evict; called under {@link #admission}. */
    private Slot establishedVictim() {
        List<EvictionCandidate> candidates = new ArrayList<>();
        for (Slot x : slots.values()) {
            Peer p = x.peer;
            // Core's SelectNodeToEvict candidates: inbound, not NoBan, not already disconnecting.
            if (x.established() && p != null && p.isConnected() && !x.permissions.has(Permission.NOBAN)) {
                candidates.add(candidate(x, p));
            }
        }
        OptionalLong id = EvictionSelector.select(candidates);
        return id.isPresent() ? slots.get(id.getAsLong()) : null;
    }

    private static EvictionCandidate candidate(Slot x, Peer p) {
        ServiceFlags services = p.remoteVersion().map(v -> v.services()).orElse(ServiceFlags.NONE);
        // Core's fRelevantServices: HasAllDesirableServiceFlags (NETWORK or NETWORK_LIMITED, and WITNESS).
        boolean relevant = services.has(ServiceFlags.NODE_WITNESS)
                && (services.has(ServiceFlags.NODE_NETWORK) || services.has(ServiceFlags.NODE_NETWORK_LIMITED));
        boolean local = x.socket.getInetAddress() != null && x.socket.getInetAddress().isLoopbackAddress();
        return new EvictionCandidate(x.id, x.acceptedNanos, p.minPingNanos(), p.lastNovelBlockNanos(),
                p.lastNovelTxNanos(), relevant, p.features().peerRelaysTx(), false, x.group, x.discouraged, local,
                x.address.network());
    }

    private void evict(Slot victim) {
        evicted.incrementAndGet();
        Peer p = victim.peer;
        log.debug("evicting {} for a newer inbound connection", victim.address);
        FlightEvents.evicted(victim.address, victim.established());
        if (p != null) {
            p.disconnect(DisconnectReason.EVICTED, "evicted for a newer inbound connection");
        }
        closeQuietly(victim.socket);
    }

    private void release(Slot slot) {
        admission.lock();
        try {
            slots.remove(slot.id);
        } finally {
            admission.unlock();
        }
    }

    private void handshake(Slot slot, HandshakeDeadline deadline) {
        Socket s = slot.socket;
        boolean handedOver = false;
        try {
            s.setTcpNoDelay(true);
            TransportConnection c = TransportHandshake.accept(s,
                    PeerConnector.transportConfig(config, deadline.remaining(runtime.time().nanoTime())));
            if (closed || slot.evicted) {
                return;
            }
            PeerConfig peerConfig = slot.permissions.equals(Permissions.NONE) ? config
                    : config.toBuilder().permissions(slot.permissions).build();
            Peer p = Peer.inbound(c, peerConfig, runtime, deadline, peers::add); // listed before it can handshake
            slot.peer = p;
            if (slot.evicted) {
                p.disconnect(DisconnectReason.EVICTED, "evicted for a newer inbound connection");
            }
            handedOver = true;
            p.disconnected().whenComplete((d, e) -> {
                // Core's MaybeDiscourageAndDisconnect: a NoBan peer is only disconnected.
                if (d != null && d.reason() == DisconnectReason.PROTOCOL_VIOLATION
                        && !slot.permissions.has(Permission.NOBAN) && discouragement.discourage(s.getInetAddress())) {
                    discouragedCount.incrementAndGet();
                    log.debug("discouraging {}: {}", slot.address, d.detail());
                    FlightEvents.discouraged(slot.address, d.detail());
                }
                peers.remove(p);
                release(slot);
            });
            // From here the peer is listed; it holds its slot until it disconnects, and stays evictable as a
            // pending connection until its version handshake completes.
            onPeer.accept(p);
        } catch (IOException | TransportException e) {
            if (!slot.evicted) {
                failedHandshakes.incrementAndGet();
            }
            log.debug("inbound handshake from {} failed: {}", s.getRemoteSocketAddress(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("inbound peer callback failed", e);
        } finally {
            if (!handedOver) {
                release(slot);
                closeQuietly(s);
            }
        }
    }

    private void scheduleSummary() {
        if (!closed) {
            runtime.scheduler().schedule(() -> {
                logSummary();
                scheduleSummary();
            }, SUMMARY_INTERVAL.toNanos());
        }
    }

    private void logSummary() {
        summary.poll(new InboundSummary.Counts(refused.get(), bannedCount.get(), evicted.get(), discouragedCount.get()),
                peers.size(), runtime.time().nanoTime()).ifPresent(log::info);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Stops listening and disconnects every peer accepted here. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Peer p : peers) {
            p.disconnect("acceptor closed");
        }
    }
}
