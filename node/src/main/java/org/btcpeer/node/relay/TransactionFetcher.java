package org.btcpeer.node.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import org.btcpeer.node.TransactionPool;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.PeerScheduler;
import org.btcpeer.peer.TimeSource;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.SipHash24;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.TxMessage;
import org.btcpeer.wire.message.VerackMessage;

/**
 * Fetches the transactions peers announce as Core's {@code TxRequestTracker} (txrequest.cpp) and
 * {@code TxDownloadManager} (node/txdownloadman_impl.cpp) do: a transaction announced by inv that
 * is neither in the pool nor seen recently is asked of one announcer at a time, by wtxid from
 * BIP-339 peers and by txid from the others (an inv of the other kind is ignored, as Core). Every
 * new transaction a peer sends, asked for or not, goes to the listener once.
 *
 * <pre>
 *   inv ──▶ new? ──▶ announcement: CANDIDATE until reqtime = now + delays
 *                       │ reqtime reached, no request in flight: the best ready one is asked
 *                       ▼
 *                    REQUESTED ──tx──▶ listener (once), the transaction forgotten
 *                       │ notfound / GETDATA_TX_INTERVAL 60 s / peer gone
 *                       ▼
 *                    COMPLETED ──▶ next best ready announcer ... none left: forgotten
 * </pre>
 *
 * <p>Who is asked, as Core: an announcement waits {@link #NONPREF_PEER_TX_DELAY} if its peer is not
 * preferred (by default: inbound, or serving no blocks), plus {@link #TXID_RELAY_DELAY} if it is by
 * txid while a wtxid-relay peer is connected, plus {@link #OVERLOADED_PEER_TX_DELAY} if its peer
 * already has {@link #MAX_PEER_TX_REQUEST_IN_FLIGHT} requests unanswered. Among the announcements
 * ready when nobody is being asked, the one of highest priority is asked: a SipHash of (hash, peer
 * id) under a salt drawn once from the injected randomness, with preferred peers above all others;
 * so preferred first, otherwise at random, and a request in flight is never pre-empted. A peer that
 * answered notfound or let a request expire is not asked for that transaction again (its announcement
 * stays COMPLETED, and counted, until the transaction is forgotten). Every timer runs on the
 * runtime's scheduler, so tests drive it with a manual clock.
 *
 * <p>Bounds, checked before anything is allocated for an announcement: a peer has at most
 * {@link #MAX_PEER_TX_ANNOUNCEMENTS} announcements tracked (further ones are ignored, as Core's), and
 * at most one timer is armed for the whole fetcher. The {@value #RECENT} most recently delivered
 * transactions are remembered, so none is fetched twice (Core keeps its recent rejects and
 * confirmations for this).
 *
 * <p>Differences from Core: no {@code relay}/{@code noban} permissions (every peer is subject to the
 * announcement cap and the overload delay; {@link Builder#preferred} can mark peers preferred);
 * orphans and their parents, and reconsidering a rejected transaction, are the application's.
 *
 * <p>Thread-safe; the listener runs on the sending peer's reader thread, never under a lock.
 * Include {@link #listeners()} in each peer's configuration.
 */
public final class TransactionFetcher {

    /** Core's {@code GETDATA_TX_INTERVAL}: how long an announcer has to answer before the next is asked. */
    public static final Duration GETDATA_TX_INTERVAL = Duration.ofSeconds(60);

    /** Core's {@code MAX_PEER_TX_ANNOUNCEMENTS}: announcements tracked per peer (answered ones included); more are ignored. */
    public static final int MAX_PEER_TX_ANNOUNCEMENTS = 5_000;

    /** Core's {@code MAX_PEER_TX_REQUEST_IN_FLIGHT}: from this many, a peer's new announcements wait {@link #OVERLOADED_PEER_TX_DELAY}. */
    public static final int MAX_PEER_TX_REQUEST_IN_FLIGHT = 100;

    /** Core's {@code OVERLOADED_PEER_TX_DELAY}. */
    public static final Duration OVERLOADED_PEER_TX_DELAY = Duration.ofSeconds(2);

    /** Core's {@code NONPREF_PEER_TX_DELAY}: how long an announcement from a peer that is not preferred waits. */
    public static final Duration NONPREF_PEER_TX_DELAY = Duration.ofSeconds(2);

    /** Core's {@code TXID_RELAY_DELAY}: how long a txid announcement waits while a wtxid-relay peer is connected. */
    public static final Duration TXID_RELAY_DELAY = Duration.ofSeconds(2);

    /** Core's {@code MAX_GETDATA_SZ}: entries per getdata we send. */
    static final int MAX_GETDATA_SZ = 1_000;

    /** Transactions remembered as delivered (txid and wtxid each). */
    public static final int RECENT = 50_000;

    private final TransactionPool pool;
    private final PeerScheduler scheduler;
    private final TimeSource time;
    private final BiConsumer<Peer, Transaction> listener;
    private final BooleanSupplier enabled;
    private final Predicate<Peer> preferred;
    private final Duration timeout;
    private final long k0;
    private final long k1;

    private final ReentrantLock lock = new ReentrantLock();
    /** Transactions being fetched, by the hash they were announced with. */
    private final Map<Hash256, Wanted> wanted = new HashMap<>();
    /** The transactions waiting for a time (a reqtime or an expiry), earliest first; each at most once. */
    private final TreeSet<Wanted> due = new TreeSet<>(Comparator.comparingLong((Wanted w) -> w.dueAt).thenComparingLong(w -> w.id));
    private final Map<Long, PeerState> peers = new HashMap<>();
    private final Set<Hash256> recent = java.util.Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash256, Boolean> eldest) {
            return size() > 2 * RECENT;
        }
    });
    private int wtxidPeers;
    private long sequence;
    private long wantedIds;
    private PeerScheduler.Cancellable armed;
    private long armedAt;

    /** Core's announcement states; CANDIDATE_READY and _BEST are one here (the best is asked at once). */
    enum State { DELAYED, READY, REQUESTED, COMPLETED }

    /** One peer's announcement of one transaction. */
    private static final class Announcement {
        final Hash256 hash;
        final Peer peer;
        final boolean wtxid;
        final long priority;
        final long sequence;
        /** The reqtime while a candidate, the expiry once requested. */
        long time;
        State state = State.DELAYED;

        Announcement(Hash256 hash, Peer peer, boolean wtxid, long priority, long sequence, long reqtime) {
            this.hash = hash;
            this.peer = peer;
            this.wtxid = wtxid;
            this.priority = priority;
            this.sequence = sequence;
            this.time = reqtime;
        }
    }

    /** A transaction being fetched: its announcements, and the one asked now. */
    private static final class Wanted {
        final Hash256 hash;
        final long id;
        final List<Announcement> announcements = new ArrayList<>(2);
        Announcement requested;
        /** When something happens next (in {@link #due} only while it waits for a time). */
        long dueAt;

        Wanted(Hash256 hash, long id) {
            this.hash = hash;
            this.id = id;
        }
    }

    /** What is tracked for one peer. */
    private static final class PeerState {
        final boolean preferred;
        final boolean wtxidRelay;
        final Set<Hash256> announced = new LinkedHashSet<>();
        int inFlight;

        PeerState(boolean preferred, boolean wtxidRelay) {
            this.preferred = preferred;
            this.wtxidRelay = wtxidRelay;
        }
    }

    private TransactionFetcher(Builder b) {
        this.pool = b.pool;
        this.scheduler = b.runtime.scheduler();
        this.time = b.runtime.time();
        this.listener = b.listener;
        this.enabled = b.enabled;
        this.preferred = b.preferred;
        this.timeout = b.timeout;
        RandomGenerator random = b.random != null ? b.random : b.runtime.random();
        synchronized (random) {                         // the runtime's generator is shared: see PeerRuntime#random
            this.k0 = random.nextLong();
            this.k1 = random.nextLong();
        }
    }

    /**
     * A builder.
     *
     * @param pool    the transactions we have (never fetched again)
     * @param runtime the peers' runtime, whose scheduler times the requests
     * @return the builder
     */
    public static Builder builder(TransactionPool pool, PeerRuntime runtime) {
        return new Builder(pool, runtime);
    }

    /**
     * Core's {@code fPreferredDownload} without permissions: an outbound peer that serves blocks
     * ({@code NODE_NETWORK} or {@code NODE_NETWORK_LIMITED}). The default of {@link Builder#preferred}.
     *
     * @param peer the peer, after its version
     * @return whether its announcements go first
     */
    public static boolean preferredByDefault(Peer peer) {
        return !peer.isInbound() && peer.remoteVersion()
                .map(v -> v.services().has(ServiceFlags.NODE_NETWORK) || v.services().has(ServiceFlags.NODE_NETWORK_LIMITED))
                .orElse(false);
    }

    /** The listeners to include in each peer's configuration (verack, inv, tx, notfound). */
    public PeerListeners listeners() {
        return PeerListeners.builder()
                .on(VerackMessage.class, (peer, m) -> register(peer))
                .on(InvMessage.class, this::onInv)
                .on(TxMessage.class, (peer, m) -> onTransaction(peer, m.transaction()))
                .on(NotFoundMessage.class, this::onNotFound)
                .build();
    }

    /** How many transactions are being fetched now. */
    public int trackedCount() {
        lock.lock();
        try {
            return wanted.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many of a peer's announcements are tracked now (answered ones included, as Core counts).
     *
     * @param peer the peer
     * @return the count
     */
    public int announcedBy(Peer peer) {
        lock.lock();
        try {
            PeerState s = peers.get(peer.id());
            return s == null ? 0 : s.announced.size();
        } finally {
            lock.unlock();
        }
    }

    /** Core's {@code ConnectedPeer}: the peer's preference and wtxid relay are fixed at its verack. */
    private PeerState register(Peer peer) {
        boolean pref = preferred.test(peer);
        boolean wtxid = peer.features().wtxidRelay();
        PeerState state;
        boolean added = false;
        lock.lock();
        try {
            state = peers.get(peer.id());
            if (state == null && peer.isConnected()) {
                state = new PeerState(pref, wtxid);
                peers.put(peer.id(), state);
                wtxidPeers += wtxid ? 1 : 0;
                added = true;
            }
        } finally {
            lock.unlock();
        }
        if (added) {
            peer.disconnected().whenComplete((d, e) -> forget(peer));
        }
        return state;
    }

    void onInv(Peer peer, InvMessage inv) {
        if (!enabled.getAsBoolean()) {
            return;
        }
        boolean byWtxid = peer.features().wtxidRelay();
        int wantedType = byWtxid ? InventoryVector.MSG_WTX : InventoryVector.MSG_TX;
        List<Hash256> fresh = new ArrayList<>();
        for (InventoryVector v : inv.items()) {
            if (fresh.size() == MAX_PEER_TX_ANNOUNCEMENTS) {
                break; // no more could be tracked for one peer: bounded before anything else is allocated
            }
            if (v.type() == wantedType && !recentlySeen(v.hash())
                    && (byWtxid ? pool.byWtxid(v.hash()) : pool.byTxid(v.hash())).isEmpty()) {
                fresh.add(v.hash());
            }
        }
        if (fresh.isEmpty() || register(peer) == null) {
            return;
        }
        List<Announcement> requests = new ArrayList<>();
        lock.lock();
        try {
            PeerState state = peers.get(peer.id());
            if (state == null) {
                return;                                 // gone meanwhile
            }
            long now = time.nanoTime();
            // Core's AddTxAnnouncement: the delays add up; in flight is counted once for the whole inv,
            // as Core requests only after the inv is processed
            long delay = 0;
            if (!state.preferred) {
                delay += NONPREF_PEER_TX_DELAY.toNanos();
            }
            if (!byWtxid && wtxidPeers > 0) {
                delay += TXID_RELAY_DELAY.toNanos();
            }
            if (state.inFlight >= MAX_PEER_TX_REQUEST_IN_FLIGHT) {
                delay += OVERLOADED_PEER_TX_DELAY.toNanos();
            }
            List<Wanted> touched = new ArrayList<>();
            for (Hash256 hash : fresh) {
                if (state.announced.size() >= MAX_PEER_TX_ANNOUNCEMENTS) {
                    break; // Core: "too many announcements", the rest is ignored
                }
                if (recent.contains(hash) || !state.announced.add(hash)) {
                    continue;                           // a peer's second announcement of a hash is ignored, as Core
                }
                Wanted w = wanted.computeIfAbsent(hash, h -> new Wanted(h, wantedIds++));
                w.announcements.add(new Announcement(hash, peer, byWtxid, priority(k0, k1, hash, peer.id(), state.preferred),
                        sequence++, now + delay));
                touched.add(w);
            }
            for (Wanted w : touched) {
                update(w, now, requests);
            }
            rearm(now);
        } finally {
            lock.unlock();
        }
        send(requests);
    }

    void onTransaction(Peer peer, Transaction tx) {
        Hash256 txid = tx.txid();
        Hash256 wtxid = tx.wtxid();
        boolean fresh;
        lock.lock();
        try {
            fresh = recent.add(wtxid);
            recent.add(txid);
            drop(wanted.get(txid));
            drop(wanted.get(wtxid));
        } finally {
            lock.unlock();
        }
        peer.addKnownInventory(txid); // it has it: never announced back to it
        peer.addKnownInventory(wtxid);
        if (fresh && pool.byWtxid(wtxid).isEmpty()) {
            listener.accept(peer, tx);
        }
    }

    /** Core's {@code ReceivedResponse}: the peer's announcement of each named hash is completed. */
    void onNotFound(Peer peer, NotFoundMessage m) {
        List<Announcement> requests = new ArrayList<>();
        lock.lock();
        try {
            long now = time.nanoTime();
            for (InventoryVector v : m.items()) {
                Wanted w = wanted.get(v.hash());
                if (w == null) {
                    continue;
                }
                for (Announcement a : w.announcements) {
                    if (a.peer == peer) {
                        complete(w, a);
                        update(w, now, requests);
                        break;
                    }
                }
            }
            rearm(now);
        } finally {
            lock.unlock();
        }
        send(requests);
    }

    /**
     * Core's priority: a salted SipHash of the hash and the peer id, its top bit replaced by whether
     * the peer is preferred; compared unsigned, highest first.
     */
    static long priority(long k0, long k1, Hash256 hash, long peerId, boolean preferred) {
        byte[] b = new byte[Hash256.LENGTH + Long.BYTES];
        hash.copyTo(b, 0);
        for (int i = 0; i < Long.BYTES; i++) {
            b[Hash256.LENGTH + i] = (byte) (peerId >>> (8 * i));
        }
        return (SipHash24.hash(k0, k1, b) >>> 1) | (preferred ? Long.MIN_VALUE : 0);
    }

    private boolean recentlySeen(Hash256 hash) {
        lock.lock();
        try {
            return recent.contains(hash);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: an announcement answered notfound or expired; its peer is not asked again for it. */
    private void complete(Wanted w, Announcement a) {
        if (a.state == State.REQUESTED) {
            PeerState s = peers.get(a.peer.id());
            if (s != null) {
                s.inFlight--;
            }
            w.requested = null;
        }
        a.state = State.COMPLETED;
    }

    /**
     * Under the lock: brings a transaction to time {@code now} (Core's {@code SetTimePoint} and
     * {@code GetRequestable}): an expired request is completed, due candidates become ready, and if
     * nobody is being asked the ready one of highest priority is; once only completed announcements
     * are left the transaction is forgotten.
     */
    private void update(Wanted w, long now, List<Announcement> requests) {
        due.remove(w);
        if (w.requested != null && w.requested.time - now <= 0) {
            complete(w, w.requested);
        }
        Announcement best = null;
        boolean alive = false;
        for (Announcement a : w.announcements) {
            if (a.state == State.DELAYED && a.time - now <= 0) {
                a.state = State.READY;
            }
            if (a.state == State.READY && (best == null || Long.compareUnsigned(a.priority, best.priority) > 0)) {
                best = a;
            }
            alive |= a.state != State.COMPLETED;
        }
        if (!alive) {
            drop(w);
            return;
        }
        if (w.requested == null && best != null) {
            if ((best.wtxid ? pool.byWtxid(w.hash) : pool.byTxid(w.hash)).isPresent()) {
                drop(w);                                // Core's AlreadyHaveTx at request time: forgotten
                return;
            }
            best.state = State.REQUESTED;
            best.time = now + timeout.toNanos();
            w.requested = best;
            peers.get(best.peer.id()).inFlight++;
            requests.add(best);
        }
        Announcement earliest = null;                   // the next reqtime or expiry (nanoTime order)
        for (Announcement a : w.announcements) {
            if ((a.state == State.DELAYED || a.state == State.REQUESTED)
                    && (earliest == null || a.time - earliest.time < 0)) {
                earliest = a;
            }
        }
        if (earliest != null) {
            w.dueAt = earliest.time;
            due.add(w);
        }
    }

    /** Under the lock: forgets a transaction and every announcement of it (Core's {@code ForgetTxHash}). */
    private void drop(Wanted w) {
        if (w == null || wanted.get(w.hash) != w) {
            return;
        }
        wanted.remove(w.hash);
        due.remove(w);
        for (Announcement a : w.announcements) {
            PeerState s = peers.get(a.peer.id());
            if (s != null) {
                s.announced.remove(w.hash);
                if (a.state == State.REQUESTED) {
                    s.inFlight--;
                }
            }
        }
        w.requested = null;
    }

    /** Under the lock: keeps one timer armed for the earliest due transaction. */
    private void rearm(long now) {
        if (due.isEmpty()) {
            if (armed != null) {
                armed.cancel();
                armed = null;
            }
            return;
        }
        long at = due.first().dueAt;
        if (armed != null && armedAt - at <= 0) {
            return;                                     // armed early enough
        }
        if (armed != null) {
            armed.cancel();
        }
        armedAt = at;
        armed = scheduler.schedule(this::onDue, Math.max(0, at - now));
    }

    /** On the scheduler: the state is brought to now at once (a manual clock sees it), the requests go out from their own thread. */
    private void onDue() {
        List<Announcement> requests = new ArrayList<>();
        lock.lock();
        try {
            long now = time.nanoTime();
            if (armed != null && armedAt - now <= 0) {
                armed = null;
            }
            while (!due.isEmpty() && due.first().dueAt - now <= 0) {
                update(due.pollFirst(), now, requests);
            }
            rearm(now);
        } finally {
            lock.unlock();
        }
        if (!requests.isEmpty()) {
            // Scheduler tasks never send: the requests go out from their own thread.
            Thread.ofVirtual().name("tx-fetch").start(() -> send(requests));
        }
    }

    /** Outside the lock: one getdata per peer (split at {@link #MAX_GETDATA_SZ}), in announcement order as Core. */
    private static void send(List<Announcement> requests) {
        if (requests.isEmpty()) {
            return;
        }
        requests.sort(Comparator.comparingLong(a -> a.sequence));
        Map<Peer, List<InventoryVector>> byPeer = new LinkedHashMap<>();
        for (Announcement a : requests) {
            byPeer.computeIfAbsent(a.peer, p -> new ArrayList<>()).add(item(a));
        }
        byPeer.forEach((peer, items) -> {
            for (int i = 0; i < items.size(); i += MAX_GETDATA_SZ) {
                peer.send(new GetDataMessage(List.copyOf(items.subList(i, Math.min(items.size(), i + MAX_GETDATA_SZ)))));
            }
        });
    }

    private static InventoryVector item(Announcement a) {
        if (a.wtxid) {
            return new InventoryVector(InventoryVector.MSG_WTX, a.hash);
        }
        boolean witness = a.peer.remoteVersion().map(v -> v.services().has(ServiceFlags.NODE_WITNESS)).orElse(false);
        return new InventoryVector(witness ? InventoryVector.MSG_WITNESS_TX : InventoryVector.MSG_TX, a.hash);
    }

    /** Core's {@code DisconnectedPeer}: the peer's announcements go; the next announcer of each is asked. */
    private void forget(Peer peer) {
        List<Announcement> requests = new ArrayList<>();
        lock.lock();
        try {
            PeerState s = peers.remove(peer.id());
            if (s == null) {
                return;
            }
            wtxidPeers -= s.wtxidRelay ? 1 : 0;
            long now = time.nanoTime();
            for (Hash256 hash : s.announced) {
                Wanted w = wanted.get(hash);
                if (w == null) {
                    continue;
                }
                if (w.requested != null && w.requested.peer == peer) {
                    w.requested = null;
                }
                w.announcements.removeIf(a -> a.peer == peer);
                update(w, now, requests);
            }
            rearm(now);
        } finally {
            lock.unlock();
        }
        send(requests);
    }
    /** Options of a {@link TransactionFetcher}; each has a default. */
    public static final class Builder {
        private final TransactionPool pool;
        private final PeerRuntime runtime;
        private BiConsumer<Peer, Transaction> listener = (peer, tx) -> { };
        private BooleanSupplier enabled = () -> true;
        private Duration timeout = GETDATA_TX_INTERVAL;
        private Predicate<Peer> preferred = TransactionFetcher::preferredByDefault;
        private RandomGenerator random;

        private Builder(TransactionPool pool, PeerRuntime runtime) {
            this.pool = Objects.requireNonNull(pool, "pool");
            this.runtime = Objects.requireNonNull(runtime, "runtime");
        }

        /**
         * Who gets each new transaction, once, with the peer that sent it; default nobody. It
         * checks the transaction, adds it to the pool and relays it (e.g. {@code Relay.broadcast}).
         *
         * @param v the listener; must not block
         * @return this builder
         */
        public Builder listener(BiConsumer<Peer, Transaction> v) {
            listener = Objects.requireNonNull(v);
            return this;
        }

        /**
         * Whether announcements are followed now; default always. Core asks for no transaction
         * during its initial block download.
         *
         * @param v read at every inv
         * @return this builder
         */
        public Builder enabled(BooleanSupplier v) {
            enabled = Objects.requireNonNull(v);
            return this;
        }

        /**
         * How long an announcer has to answer; default {@link #GETDATA_TX_INTERVAL}.
         *
         * @param v a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + v);
            }
            timeout = v;
            return this;
        }

        /**
         * Which peers' announcements go first, read once per peer at its verack; default
         * {@link TransactionFetcher#preferredByDefault} (Core's {@code fPreferredDownload}).
         *
         * @param v the test
         * @return this builder
         */
        public Builder preferred(Predicate<Peer> v) {
            preferred = Objects.requireNonNull(v);
            return this;
        }

        /**
         * Where the salt of the announcers' priorities comes from (drawn once, at build); default the
         * runtime's randomness. A seeded generator makes the choice among equal announcers repeatable.
         *
         * @param v the generator
         * @return this builder
         */
        public Builder random(RandomGenerator v) {
            random = Objects.requireNonNull(v);
            return this;
        }

        /** The fetcher. */
        public TransactionFetcher build() {
            return new TransactionFetcher(this);
        }
    }
}
