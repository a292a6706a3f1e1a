package org.btcpeer.node.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import org.btcpeer.node.TransactionPool;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.PeerScheduler;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.TxMessage;

/**
 * Fetches the transactions peers announce, as Core's {@code TxRequestTracker} (txrequest.cpp,
 * node/txdownloadman) does, simplified: a transaction announced by inv that is neither in the
 * pool nor seen recently is asked of one announcer at a time, by wtxid from BIP-339 peers and by
 * txid from the others (an inv of the other kind is ignored, as Core). If that peer sends
 * {@code notfound}, disconnects, or does not answer within {@link #GETDATA_TX_INTERVAL}, the next
 * announcer is asked (outbound ones first); once nobody is left the transaction is forgotten.
 * Every new transaction a peer sends, asked for or not, goes to the listener once.
 *
 * <pre>
 *   inv ──▶ new? ──▶ announcers [A, B, ...] ──▶ getdata to A ──▶ tx ──▶ listener (once)
 *                                                 │ notfound / 60 s / A gone
 *                                                 ▼
 *                                          getdata to B ... nobody left: forgotten
 * </pre>
 *
 * <p>Bounds, checked before anything is allocated for an announcement: a peer has at most
 * {@link #MAX_PEER_TX_ANNOUNCEMENTS} transactions tracked (further announcements are ignored, as
 * Core's), and a peer with {@link #MAX_PEER_TX_REQUEST_IN_FLIGHT} requests unanswered is asked
 * only after {@link #OVERLOADED_PEER_TX_DELAY} (if no other announcer is free by then). The
 * {@value #RECENT} most recently delivered transactions are remembered, so none is fetched twice
 * (Core keeps its recent rejects and confirmations for this).
 *
 * <p>Differences from Core: the first announcer is asked at once, where Core waits 2 s for an
 * inbound peer ({@code NONPREF_PEER_TX_DELAY}) or a txid announcement ({@code TXID_RELAY_DELAY}) so
 * that an outbound or wtxid announcer can go first, and Core picks among announcers at random
 * rather than in order. Orphans and their parents are the application's.
 *
 * <p>Thread-safe; the listener runs on the sending peer's reader thread, never under a lock.
 * Include {@link #listeners()} in each peer's configuration.
 */
public final class TransactionFetcher {

    /** Core's {@code GETDATA_TX_INTERVAL}: how long an announcer has to answer before the next is asked. */
    public static final Duration GETDATA_TX_INTERVAL = Duration.ofSeconds(60);

    /** Core's {@code MAX_PEER_TX_ANNOUNCEMENTS}: transactions tracked per peer; more are ignored. */
    public static final int MAX_PEER_TX_ANNOUNCEMENTS = 5_000;

    /** Core's {@code MAX_PEER_TX_REQUEST_IN_FLIGHT}: above this, a peer is asked only after {@link #OVERLOADED_PEER_TX_DELAY}. */
    public static final int MAX_PEER_TX_REQUEST_IN_FLIGHT = 100;

    /** Core's {@code OVERLOADED_PEER_TX_DELAY}. */
    public static final Duration OVERLOADED_PEER_TX_DELAY = Duration.ofSeconds(2);

    /** Core's {@code MAX_GETDATA_SZ}: entries per getdata we send. */
    static final int MAX_GETDATA_SZ = 1_000;

    /** Transactions remembered as delivered (txid and wtxid each). */
    public static final int RECENT = 50_000;

    private final TransactionPool pool;
    private final PeerScheduler scheduler;
    private final BiConsumer<Peer, Transaction> listener;
    private final BooleanSupplier enabled;
    private final Duration timeout;

    private final ReentrantLock lock = new ReentrantLock();
    /** Transactions being fetched, by the hash they were announced with. */
    private final Map<Hash256, Wanted> wanted = new HashMap<>();
    private final Map<Long, PeerState> peers = new HashMap<>();
    private final Set<Hash256> recent = java.util.Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash256, Boolean> eldest) {
            return size() > 2 * RECENT;
        }
    });

    /** One announcement: who, and whether by wtxid. */
    private record Announcement(Peer peer, boolean wtxid) {
    }

    /** A transaction being fetched: its announcers in order, and the one asked now. */
    private static final class Wanted {
        final Hash256 hash;
        final List<Announcement> announcers = new ArrayList<>(2);
        Announcement asked;
        PeerScheduler.Cancellable timer;

        Wanted(Hash256 hash) {
            this.hash = hash;
        }
    }

    /** What is tracked for one peer. */
    private static final class PeerState {
        final Set<Hash256> announced = new LinkedHashSet<>();
        int inFlight;
    }

    private TransactionFetcher(Builder b) {
        this.pool = b.pool;
        this.scheduler = b.runtime.scheduler();
        this.listener = b.listener;
        this.enabled = b.enabled;
        this.timeout = b.timeout;
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

    /** The listeners to include in each peer's configuration (inv, tx, notfound). */
    public PeerListeners listeners() {
        return PeerListeners.builder()
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
     * How many of a peer's announcements are tracked now.
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
        if (fresh.isEmpty()) {
            return;
        }
        List<Wanted> toAsk = new ArrayList<>();
        boolean registered;
        lock.lock();
        try {
            registered = peers.containsKey(peer.id());
            PeerState state = peers.computeIfAbsent(peer.id(), id -> new PeerState());
            for (Hash256 hash : fresh) {
                if (state.announced.size() >= MAX_PEER_TX_ANNOUNCEMENTS) {
                    break; // Core: "too many announcements", the rest is ignored
                }
                if (recent.contains(hash) || !state.announced.add(hash)) {
                    continue;
                }
                Wanted w = wanted.computeIfAbsent(hash, Wanted::new);
                w.announcers.add(new Announcement(peer, byWtxid));
                if (w.asked == null && w.timer == null) {
                    toAsk.add(w);
                }
            }
        } finally {
            lock.unlock();
        }
        if (!registered) {
            peer.disconnected().whenComplete((d, e) -> forget(peer));
        }
        askNext(toAsk, false);
    }

    void onTransaction(Peer peer, Transaction tx) {
        Hash256 txid = tx.txid();
        Hash256 wtxid = tx.wtxid();
        boolean fresh;
        lock.lock();
        try {
            fresh = recent.add(wtxid);
            recent.add(txid);
            done(wanted.remove(txid));
            done(wanted.remove(wtxid));
        } finally {
            lock.unlock();
        }
        peer.addKnownInventory(txid); // it has it: never announced back to it
        peer.addKnownInventory(wtxid);
        if (fresh && pool.byWtxid(wtxid).isEmpty()) {
            listener.accept(peer, tx);
        }
    }

    void onNotFound(Peer peer, NotFoundMessage m) {
        List<Wanted> next = new ArrayList<>();
        lock.lock();
        try {
            for (InventoryVector v : m.items()) {
                Wanted w = wanted.get(v.hash());
                if (w != null && w.asked != null && w.asked.peer() == peer) {
                    giveUp(w, next);
                }
            }
        } finally {
            lock.unlock();
        }
        askNext(next, false);
    }

    private boolean recentlySeen(Hash256 hash) {
        lock.lock();
        try {
            return recent.contains(hash);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: the asked peer failed; drop its announcement, queue the transaction for the next one. */
    private void giveUp(Wanted w, List<Wanted> next) {
        Announcement failed = w.asked;
        w.asked = null;
        cancelTimer(w);
        w.announcers.remove(failed);
        PeerState s = peers.get(failed.peer().id());
        if (s != null) {
            s.inFlight--;
            s.announced.remove(w.hash);
        }
        if (w.announcers.isEmpty()) {
            wanted.remove(w.hash);
        } else {
            next.add(w);
        }
    }

    /** Under the lock: a transaction arrived; release every announcer's slot. */
    private void done(Wanted w) {
        if (w == null) {
            return;
        }
        cancelTimer(w);
        for (Announcement a : w.announcers) {
            PeerState s = peers.get(a.peer().id());
            if (s != null) {
                s.announced.remove(w.hash);
                if (a == w.asked) {
                    s.inFlight--;
                }
            }
        }
        w.asked = null;
    }

    private static void cancelTimer(Wanted w) {
        if (w.timer != null) {
            w.timer.cancel();
            w.timer = null;
        }
    }

    /**
     * Asks each transaction's best announcer for it (outbound before inbound, then in order); one
     * getdata per peer. A peer with too many requests in flight waits {@link #OVERLOADED_PEER_TX_DELAY}
     * unless {@code overloadedOk}.
     */
    private void askNext(List<Wanted> list, boolean overloadedOk) {
        if (list.isEmpty()) {
            return;
        }
        Map<Peer, List<InventoryVector>> requests = new LinkedHashMap<>();
        lock.lock();
        try {
            for (Wanted w : list) {
                if (wanted.get(w.hash) != w || w.asked != null || w.announcers.isEmpty()) {
                    continue; // arrived, or asked meanwhile
                }
                Announcement best = best(w);
                PeerState s = peers.get(best.peer().id());
                if (s == null) {
                    continue;
                }
                if (!overloadedOk && s.inFlight >= MAX_PEER_TX_REQUEST_IN_FLIGHT) {
                    if (w.timer == null) {
                        w.timer = scheduler.schedule(() -> afterDelay(w), OVERLOADED_PEER_TX_DELAY.toNanos());
                    }
                    continue;
                }
                cancelTimer(w);
                w.asked = best;
                s.inFlight++;
                w.timer = scheduler.schedule(() -> timedOut(w, best), timeout.toNanos());
                requests.computeIfAbsent(best.peer(), p -> new ArrayList<>()).add(item(best, w.hash));
            }
        } finally {
            lock.unlock();
        }
        requests.forEach((peer, items) -> {
            for (int i = 0; i < items.size(); i += MAX_GETDATA_SZ) {
                peer.send(new GetDataMessage(List.copyOf(items.subList(i, Math.min(items.size(), i + MAX_GETDATA_SZ)))));
            }
        });
    }

    private static Announcement best(Wanted w) {
        for (Announcement a : w.announcers) {
            if (!a.peer().isInbound()) {
                return a;
            }
        }
        return w.announcers.getFirst();
    }

    private static InventoryVector item(Announcement a, Hash256 hash) {
        if (a.wtxid()) {
            return new InventoryVector(InventoryVector.MSG_WTX, hash);
        }
        boolean witness = a.peer().remoteVersion().map(v -> v.services().has(ServiceFlags.NODE_WITNESS)).orElse(false);
        return new InventoryVector(witness ? InventoryVector.MSG_WITNESS_TX : InventoryVector.MSG_TX, hash);
    }

    private void afterDelay(Wanted w) {
        lock.lock();
        try {
            if (w.timer == null || w.asked != null) {
                return;
            }
            w.timer = null;
        } finally {
            lock.unlock();
        }
        // Scheduler tasks never send: the request goes out from its own thread.
        Thread.ofVirtual().name("tx-fetch-" + w.hash).start(() -> askNext(List.of(w), true));
    }

    private void timedOut(Wanted w, Announcement asked) {
        List<Wanted> next = new ArrayList<>(1);
        lock.lock();
        try {
            if (wanted.get(w.hash) != w || w.asked != asked) {
                return;
            }
            w.timer = null;
            giveUp(w, next);
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("tx-fetch-" + w.hash).start(() -> askNext(next, false));
    }

    private void forget(Peer peer) {
        List<Wanted> next = new ArrayList<>();
        lock.lock();
        try {
            PeerState s = peers.remove(peer.id());
            if (s == null) {
                return;
            }
            for (Hash256 hash : new HashSet<>(s.announced)) {
                Wanted w = wanted.get(hash);
                if (w == null) {
                    continue;
                }
                if (w.asked != null && w.asked.peer() == peer) {
                    w.asked = null;
                    cancelTimer(w);
                }
                w.announcers.removeIf(a -> a.peer() == peer);
                if (w.announcers.isEmpty()) {
                    cancelTimer(w);
                    wanted.remove(hash);
                } else if (w.asked == null) {
                    next.add(w);
                }
            }
        } finally {
            lock.unlock();
        }
        askNext(next, false);
    }

    /** Options of a {@link TransactionFetcher}; each has a default. */
    public static final class Builder {
        private final TransactionPool pool;
        private final PeerRuntime runtime;
        private BiConsumer<Peer, Transaction> listener = (peer, tx) -> { };
        private BooleanSupplier enabled = () -> true;
        private Duration timeout = GETDATA_TX_INTERVAL;

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

        /** The fetcher. */
        public TransactionFetcher build() {
            return new TransactionFetcher(this);
        }
    }
}
