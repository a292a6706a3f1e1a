package org.btcpeer.chain.sync;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import org.btcpeer.chain.headers.BlockLocator;
import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.headers.HeaderRule;
import org.btcpeer.chain.headers.HeaderValidationException;
import org.btcpeer.chain.headers.HeadersPresync;
import org.btcpeer.chain.headers.PresyncParams;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.TimeSource;
import org.btcpeer.peer.connect.ConnectionEvent;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.ProtocolVersion;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.SendHeadersMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link HeaderChain} in step with a changing set of peers, as Core's
 * {@code net_processing.cpp} (v30) does for headers:
 * <ul>
 *   <li>one initial sync peer at a time ({@code nSyncStarted}), outbound preferred, asked with a
 *       locator from the best header's parent; it must finish within Core's headers sync timeout
 *       (15 min + 1 ms per expected header, {@link Peer#startHeadersSync}), else the peer
 *       disconnects it and the next peer takes over;
 *   <li>a chain whose work stays below the anti-DoS threshold (the minimum chain work, or the tip's
 *       work less 144 blocks) goes through {@link HeadersPresync} first ({@code TryLowWorkHeadersSync});
 *   <li>headers that do not connect bring a getheaders from our best header
 *       ({@code HandleUnconnectingHeaders}); an inv of an unknown block brings one from a sync
 *       peer, and from one new peer per new block before the sync is done;
 *   <li>a best header within 24 h of now (Core's test) asks every peer and ends the deadline;
 *   <li>once caught up (a sync peer answered with fewer than 2,000 headers: it had nothing more),
 *       every peer is asked and announces new tips; each gets sendheaders (BIP-130);
 *   <li>non-continuous headers, bad proof of work and headers breaking a consensus rule (except
 *       a time too far in the future, as Core) are reported to the {@link MisbehaviorReporter}.
 * </ul>
 *
 * <p>Threads: peers' reader threads only enqueue (headers wait while {@link #MAX_QUEUED_HEADERS}
 * are queued, announcements are dropped and counted when the queue is full); one virtual thread does all the work and reports {@link HeaderSyncEvent}s.
 * Every headers message is handled on the same path whether asked for or announced (as Core's
 * {@code ProcessHeadersMessage}); the request futures only tell whether a getheaders still waits for
 * its answer (they complete before the listeners see the reply). Peers must carry {@link #listeners()} in their {@code PeerConfig}.
 */
public final class HeaderSync implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeaderSync.class);

    /** Core's 24 h: a best header younger than this ends the one-peer-at-a-time initial sync. */
    public static final Duration RECENT_TIP = Duration.ofHours(24);

    /** Core's 144 blocks below the tip's work for {@code GetAntiDoSWorkThreshold}. */
    static final int ANTI_DOS_BLOCKS = 144;

    /** Inputs waiting for the sync thread. */
    static final int INBOX_CAPACITY = 4_096;

    /**
     * Headers waiting for the sync thread, all peers together (ten full messages, ~2 MB): a peer
     * whose headers would exceed it waits, as Core stops reading a peer whose messages pile up.
     */
    public static final int MAX_QUEUED_HEADERS = 10 * HeadersMessage.MAX_HEADERS;

    /** What the sync thread handles, in arrival order. */
    private sealed interface Input {
        record Added(Peer peer) implements Input {
        }

        record Gone(Peer peer) implements Input {
        }

        record Headers(Peer peer, List<BlockHeader> headers) implements Input {
        }

        record BlockInv(Peer peer, Hash256 hash) implements Input {
        }

        record Stop() implements Input {
        }
    }

    private final HeaderChain chain;
    private final TimeSource time;
    private final BigInteger minimumChainWork;
    private final PresyncParams presyncParams;
    private final RandomGenerator random;
    private final MisbehaviorReporter misbehavior;
    private final Consumer<HeaderSyncEvent> events;
    private final BlockingQueue<Input> inbox = new ArrayBlockingQueue<>(INBOX_CAPACITY);
    private final CompletableFuture<ChainHeader> synced = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicLong droppedAnnouncements = new AtomicLong();
    private final Semaphore headersRoom = new Semaphore(MAX_QUEUED_HEADERS);
    private final PeerListeners listeners;
    private final Thread thread;
    private volatile boolean stopping;

    // ---- owned by the sync thread
    private final Map<Long, PeerSyncState> peers = new LinkedHashMap<>();
    private int syncStartedCount;
    private Long lastSyncPeer;
    private Hash256 lastInvTriggeringSync;
    private boolean caughtUp;
    private SyncRate rate;

    private HeaderSync(Builder b) {
        this.chain = b.chain;
        this.time = b.time;
        this.minimumChainWork = b.minimumChainWork != null ? b.minimumChainWork : chain.params().minimumChainWork();
        this.presyncParams = b.presyncParams;
        this.random = b.random;
        this.misbehavior = b.misbehavior;
        this.events = b.events;
        this.listeners = PeerListeners.builder()
                .on(HeadersMessage.class, this::onHeadersMessage)
                .on(InvMessage.class, this::onInv)
                .build();
        this.thread = Thread.ofVirtual().name("header-sync").unstarted(this::run);
    }

    /**
     * A builder for a sync into {@code chain}.
     *
     * @param chain the chain to extend
     * @return a builder: system time, Core's presync parameters, the network's minimum chain work,
     *         misbehaving peers disconnected, no event listener
     */
    public static Builder builder(HeaderChain chain) {
        return new Builder(chain);
    }

    // ---------------------------------------------------------------- public API

    /**
     * The listeners every synced peer must carry (in its {@code PeerConfig}, or the connection
     * manager's peer config template): they hand headers and block invs to the sync.
     *
     * @return the listeners
     */
    public PeerListeners listeners() {
        return listeners;
    }

    /**
     * Adds a peer the caller holds; it joins once its handshake completed and leaves when it
     * disconnects (or on {@link #removePeer}). Adding a peer twice is harmless.
     *
     * @param peer a peer built with {@link #listeners()}
     */
    public void addPeer(Peer peer) {
        Objects.requireNonNull(peer, "peer");
        peer.handshake().thenRun(() -> enqueue(new Input.Added(peer)));
        peer.disconnected().thenRun(() -> enqueue(new Input.Gone(peer)));
    }

    /**
     * Stops syncing with a peer (it stays connected). If it was the initial sync peer, the next
     * one takes over.
     *
     * @param peer the peer
     */
    public void removePeer(Peer peer) {
        enqueue(new Input.Gone(Objects.requireNonNull(peer, "peer")));
    }

    /**
     * Follows a {@code ConnectionManager}: pass its events here (peers that completed their
     * handshake join, disconnected ones leave).
     *
     * @param event a connection event; others than connected/disconnected are ignored
     */
    public void onConnectionEvent(ConnectionEvent event) {
        if (event instanceof ConnectionEvent.Connected c) {
            addPeer(c.peer());
        } else if (event instanceof ConnectionEvent.Disconnected d) {
            removePeer(d.peer());
        }
    }

    /** The chain being synced. */
    public HeaderChain chain() {
        return chain;
    }

    /**
     * Completes with the best header once the initial sync caught up; fails with a
     * {@link CancellationException} if the sync stops before.
     *
     * @return the future
     */
    public CompletableFuture<ChainHeader> synced() {
        return synced;
    }

    /** Block announcements dropped because the sync was busy (the queue was full). */
    public long droppedAnnouncements() {
        return droppedAnnouncements.get();
    }

    /**
     * Stops: the sync thread ends after the input it is handling, the sync peer's headers deadline
     * is cleared, {@link #synced()} fails if it had not completed. Peers stay connected.
     *
     * @return completes once the sync thread has ended
     */
    public CompletableFuture<Void> stop() {
        stopping = true;
        if (!thread.isAlive()) {
            stopped.complete(null);
            return stopped;
        }
        while (!inbox.offer(new Input.Stop())) {
            inbox.clear(); // what is queued is dropped: peers stay connected, nothing is half-done
        }
        return stopped;
    }

    /** Stops and waits up to 10 s for the sync thread to end. */
    @Override
    public void close() {
        try {
            stop().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("header sync did not stop in time: {}", e.toString());
        }
    }

    // ---------------------------------------------------------------- reader threads

    private void onInv(Peer peer, InvMessage inv) {
        Hash256 best = null;
        for (InventoryVector v : inv.items()) {
            if ((v.type() & ~InventoryVector.MSG_WITNESS_FLAG) == InventoryVector.MSG_BLOCK) {
                best = v.hash(); // Core: the last block in the inv is taken as the highest
            }
        }
        if (best != null && chain.get(best).isEmpty() && !stopping
                && !inbox.offer(new Input.BlockInv(peer, best))) {
            droppedAnnouncements.incrementAndGet();
        }
    }

    private void onHeadersMessage(Peer peer, HeadersMessage m) {
        int n = m.headers().size();
        try {
            while (!headersRoom.tryAcquire(n, 100, TimeUnit.MILLISECONDS)) {
                if (stopping) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        enqueue(new Input.Headers(peer, m.headers()));
    }

    /** Waits for room (back-pressure on the sending peer), unless the sync is stopping. */
    private void enqueue(Input in) {
        try {
            while (!stopping && !inbox.offer(in, 100, TimeUnit.MILLISECONDS)) {
                // full: the peer waits, as a slow Core node reads a peer's socket more slowly
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the sync thread

    private void start() {
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                Input in = inbox.take();
                if (in instanceof Input.Stop) {
                    break;
                }
                try {
                    handle(in);
                } catch (RuntimeException e) {
                    log.warn("header sync: {} failed", in.getClass().getSimpleName(), e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            endDeadlines();
            peers.clear();
            synced.completeExceptionally(new CancellationException("header sync stopped"));
            stopped.complete(null);
        }
    }

    private void handle(Input in) {
        switch (in) {
            case Input.Added a -> {
                if (a.peer().isConnected() && !peers.containsKey(a.peer().id())) {
                    peers.put(a.peer().id(), new PeerSyncState(a.peer()));
                    startSyncs();
                }
            }
            case Input.Gone g -> onGone(g.peer());
            case Input.Headers h -> {
                try {
                    PeerSyncState s = peers.get(h.peer().id()); // a peer not added (or removed) is not heard
                    if (s != null) {
                        onHeaders(s, h.headers());
                        startSyncs();
                    }
                } finally {
                    headersRoom.release(h.headers().size());
                }
            }
            case Input.BlockInv i -> {
                PeerSyncState s = peers.get(i.peer().id());
                if (s != null) {
                    onBlockInv(s, i.hash());
                }
            }
            case Input.Stop st -> throw new IllegalStateException("handled by run");
        }
    }

    private void onGone(Peer peer) {
        PeerSyncState s = peers.remove(peer.id());
        if (s == null) {
            return;
        }
        if (s.initialSyncPeer) {
            peer.endHeadersSync();
            syncStartedCount--;
        }
        startSyncs();
    }

    /** Core's "Start block sync" in {@code SendMessages}, for every peer that has not started. */
    private void startSyncs() {
        boolean everyone = caughtUp || tipIsRecent();
        if (!everyone && syncStartedCount > 0) {
            return;
        }
        List<PeerSyncState> candidates = new ArrayList<>();
        for (PeerSyncState s : peers.values()) {
            if (!s.syncStarted && s.canServeHeaders() && s.peer.isConnected()) {
                candidates.add(s);
            }
        }
        if (!everyone) { // one peer: outbound preferred (Core's fPreferredDownload)
            candidates.sort((a, b) -> Boolean.compare(a.peer.isInbound(), b.peer.isInbound()));
            candidates = candidates.isEmpty() ? candidates : candidates.subList(0, 1);
        }
        for (PeerSyncState s : candidates) {
            if (!sendGetHeaders(s, locatorBelowTip())) {
                continue;
            }
            s.syncStarted = true;
            if (!everyone) {
                s.initialSyncPeer = true;
                syncStartedCount++;
                s.peer.startHeadersSync(expectedHeaders());
                if (rate == null) {
                    rate = new SyncRate(time.nanoTime(), chain.height());
                }
                emit(new HeaderSyncEvent.SyncPeerChosen(s.peer.id(), Optional.ofNullable(lastSyncPeer)));
                lastSyncPeer = s.peer.id();
            }
        }
    }

    private void onBlockInv(PeerSyncState s, Hash256 hash) {
        if (chain.get(hash).isPresent()) {
            return;
        }
        // Core: a sync peer is asked; before sync started with it, one new peer per new block
        if (s.syncStarted || (!s.invTriggeredBeforeSync && !hash.equals(lastInvTriggeringSync))) {
            sendGetHeaders(s, chain.locator());
            if (!s.syncStarted) {
                s.invTriggeredBeforeSync = true;
                lastInvTriggeringSync = hash;
            }
        }
    }

    /** Core's {@code ProcessHeadersMessage}. */
    private void onHeaders(PeerSyncState s, List<BlockHeader> headers) {
        if (headers.isEmpty()) {
            s.presync = null; // the peer has nothing more: abandon a low-work sync with it
            if (s.syncStarted) {
                catchUp();
            }
            return;
        }
        if (!checkContinuityAndWork(s, headers)) {
            return;
        }
        boolean full = headers.size() == HeadersMessage.MAX_HEADERS;
        if (s.presync != null) {
            HeadersPresync.Result r = s.presync.process(headers, full);
            afterPresync(s, r, full);
            return;
        }
        Optional<ChainHeader> start = chain.get(headers.get(0).prevBlock());
        if (start.isEmpty()) {
            sendGetHeaders(s, chain.locator()); // HandleUnconnectingHeaders: fill in what is missing
            return;
        }
        BigInteger threshold = antiDosThreshold();
        if (chain.get(headers.get(headers.size() - 1).hash()).isEmpty()
                && start.get().chainWork().add(workOf(headers)).compareTo(threshold) < 0) {
            if (full) { // TryLowWorkHeadersSync: count the chain's work before storing any of it
                s.presync = new HeadersPresync(chain, start.get(), threshold, presyncParams, random, time::now);
                afterPresync(s, s.presync.process(headers, true), true);
            } // else: a short low-work chain is ignored, as Core
            return;
        }
        addToChain(s, headers);
        if (full) {
            sendGetHeaders(s, locatorFrom(headers.get(headers.size() - 1).hash()));
        } else if (s.syncStarted) {
            catchUp(); // a sync peer sent all it has
        }
    }

    /** Core's {@code CheckHeadersPoW}: each header follows the one before and meets its own target. */
    private boolean checkContinuityAndWork(PeerSyncState s, List<BlockHeader> headers) {
        for (int i = 0; i < headers.size(); i++) {
            BlockHeader h = headers.get(i);
            if (i > 0 && !h.prevBlock().equals(headers.get(i - 1).hash())) {
                punish(s, Optional.empty(), "non-continuous headers sequence");
                return false;
            }
            if (!h.checkProofOfWork(chain.params().powLimit())) {
                punish(s, Optional.of(HeaderRule.PROOF_OF_WORK), "header with invalid proof of work " + h.hash());
                return false;
            }
        }
        return true;
    }

    private void afterPresync(PeerSyncState s, HeadersPresync.Result r, boolean full) {
        if (!r.released().isEmpty()) {
            addToChain(s, r.released());
        }
        if (r.success() && r.requestMore()) {
            sendGetHeaders(s, s.presync.nextLocator());
        } else if (r.success() && full && !r.released().isEmpty()) {
            sendGetHeaders(s, locatorFrom(r.released().get(r.released().size() - 1).hash()));
        }
        if (s.presync.state() == HeadersPresync.State.FINAL) {
            s.presync = null;
        }
        if (s.initialSyncPeer) {
            reportProgress();
        }
    }

    private void addToChain(PeerSyncState s, List<BlockHeader> headers) {
        ChainHeader before = chain.tip();
        try {
            chain.addAll(headers);
        } catch (HeaderValidationException e) {
            if (e.rule() != HeaderRule.TIME_TOO_NEW) { // Core's BLOCK_TIME_FUTURE is not punished
                punish(s, Optional.of(e.rule()), e.getMessage());
            }
        }
        chain.get(headers.get(headers.size() - 1).hash()).ifPresent(last -> s.peer.updateLastBlockHeight(last.height()));
        reportTipChange(s, before);
        maybeSendSendHeaders(s);
        if (s.initialSyncPeer) {
            reportProgress();
        }
        if (tipIsRecent()) {
            endDeadlines(); // Core: after catching up once, the headers timeout can no longer fire
        }
    }

    private void reportTipChange(PeerSyncState s, ChainHeader before) {
        ChainHeader tip = chain.tip();
        if (tip.hash().equals(before.hash())) {
            return;
        }
        if (chain.isOnBestChain(before.hash())) {
            if (caughtUp) {
                emit(new HeaderSyncEvent.NewTip(tip, s.peer.id()));
            }
            return;
        }
        ChainHeader fork = before;
        while (!chain.isOnBestChain(fork.hash())) {
            fork = chain.get(fork.header().prevBlock()).orElseThrow();
        }
        emit(new HeaderSyncEvent.Reorg(before, fork, tip, s.peer.id()));
    }

    /** A sync peer had nothing more: the initial sync is over, every peer is asked from now on. */
    private void catchUp() {
        if (caughtUp) {
            return;
        }
        caughtUp = true;
        endDeadlines();
        for (PeerSyncState p : peers.values()) {
            maybeSendSendHeaders(p);
        }
        ChainHeader tip = chain.tip();
        emit(new HeaderSyncEvent.Synced(tip));
        synced.complete(tip);
    }

    private void endDeadlines() {
        for (PeerSyncState p : peers.values()) {
            if (p.initialSyncPeer) {
                p.peer.endHeadersSync();
                p.initialSyncPeer = false;
            }
        }
        syncStartedCount = 0;
    }

    /** Core's {@code MaybeSendSendHeaders}: once we trust our chain, ask for announcements as headers. */
    private void maybeSendSendHeaders(PeerSyncState s) {
        if (!caughtUp || s.sentSendHeaders || s.peer.config().sendHeaders()
                || s.peer.remoteVersion().map(v -> v.version() < ProtocolVersion.SENDHEADERS).orElse(true)
                || chain.tip().chainWork().compareTo(minimumChainWork) < 0) {
            return;
        }
        s.sentSendHeaders = true;
        s.peer.send(SendHeadersMessage.INSTANCE);
    }

    private void punish(PeerSyncState s, Optional<HeaderRule> rule, String detail) {
        emit(new HeaderSyncEvent.PeerMisbehaved(s.peer.id(), rule, detail));
        misbehavior.report(s.peer, detail);
    }

    private void reportProgress() {
        if (caughtUp || rate == null) {
            return;
        }
        int height = chain.height();
        int target = height;
        for (PeerSyncState p : peers.values()) {
            target = Math.max(target, p.startHeight());
        }
        long now = time.nanoTime();
        emit(new HeaderSyncEvent.Progress(height, target, rate.headersPerSecond(now, height), rate.eta(now, height, target)));
    }

    /** Core's {@code MaybeSendGetHeaders}: at most one getheaders in flight per peer. */
    private boolean sendGetHeaders(PeerSyncState s, List<Hash256> locator) {
        if (s.getHeadersInFlight() || !s.peer.isConnected()) {
            return false;
        }
        // the answer comes through the listener (the future completes first); a timeout just frees the slot
        s.getHeaders = s.peer.requests().getHeaders(locator, Hash256.ZERO);
        return true;
    }

    private boolean tipIsRecent() {
        long tipTime = chain.tip().header().time();
        return tipTime > time.now().minus(RECENT_TIP).getEpochSecond();
    }

    /** Core: one header per block interval since the best header's time. */
    private long expectedHeaders() {
        long age = time.now().getEpochSecond() - chain.tip().header().time();
        return Math.max(0, age / chain.params().targetSpacingSecs());
    }

    /** Core's {@code GetAntiDoSWorkThreshold}: the minimum chain work, or the tip's less 144 blocks. */
    private BigInteger antiDosThreshold() {
        ChainHeader tip = chain.tip();
        BigInteger near = tip.chainWork().subtract(tip.header().work().multiply(BigInteger.valueOf(ANTI_DOS_BLOCKS)))
                .max(BigInteger.ZERO);
        return near.max(minimumChainWork);
    }

    private static BigInteger workOf(List<BlockHeader> headers) {
        BigInteger sum = BigInteger.ZERO;
        for (BlockHeader h : headers) {
            sum = sum.add(h.work());
        }
        return sum;
    }

    /** Core starts from the best header's parent, so even a caught-up peer answers with one header. */
    private List<Hash256> locatorBelowTip() {
        ChainHeader tip = chain.tip();
        if (tip.height() == chain.root().height()) {
            return chain.locator();
        }
        List<Hash256> out = new ArrayList<>();
        for (int h : BlockLocator.heights(tip.height() - 1, chain.root().height())) {
            chain.atHeight(h).ifPresent(c -> out.add(c.hash()));
        }
        return out;
    }

    /** A locator starting at a stored header (maybe on a fork), then the best chain's. */
    private List<Hash256> locatorFrom(Hash256 hash) {
        List<Hash256> out = new ArrayList<>();
        out.add(hash);
        for (Hash256 h : chain.locator()) {
            if (!h.equals(hash) && out.size() < BlockLocator.MAX_ENTRIES) {
                out.add(h);
            }
        }
        return out;
    }

    private void emit(HeaderSyncEvent event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            log.warn("header sync event listener failed on {}", event, e);
        }
    }

    /** Builds and starts a {@link HeaderSync}. */
    public static final class Builder {
        private final HeaderChain chain;
        private TimeSource time = TimeSource.system();
        private BigInteger minimumChainWork;
        private PresyncParams presyncParams = PresyncParams.CORE;
        private RandomGenerator random = new SecureRandom();
        private MisbehaviorReporter misbehavior = MisbehaviorReporter.DISCONNECT;
        private Consumer<HeaderSyncEvent> events = e -> { };

        private Builder(HeaderChain chain) {
            this.chain = Objects.requireNonNull(chain, "chain");
        }

        /**
         * The clock for the headers deadline, the 24 h test and the rate (use the peers' runtime's).
         * Default: the system clocks.
         *
         * @param time the clock
         * @return this builder
         */
        public Builder time(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * The work below which a chain is counted by {@link HeadersPresync} before it is stored.
         * Default: the network's {@code minimumChainWork}.
         *
         * @param work the work
         * @return this builder
         */
        public Builder minimumChainWork(BigInteger work) {
            this.minimumChainWork = Objects.requireNonNull(work, "work");
            return this;
        }

        /**
         * The presync tuning. Default: {@link PresyncParams#CORE}.
         *
         * @param params the parameters
         * @return this builder
         */
        public Builder presyncParams(PresyncParams params) {
            this.presyncParams = Objects.requireNonNull(params, "params");
            return this;
        }

        /**
         * The randomness of the presync salt. Default: a {@link SecureRandom}.
         *
         * @param random the source
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * What happens to a peer that sends invalid headers. Default: {@link MisbehaviorReporter#DISCONNECT};
         * for inbound peers {@code acceptor::reportMisbehaving} also discourages them.
         *
         * @param reporter the reporter
         * @return this builder
         */
        public Builder misbehavior(MisbehaviorReporter reporter) {
            this.misbehavior = Objects.requireNonNull(reporter, "reporter");
            return this;
        }

        /**
         * Receives the {@link HeaderSyncEvent}s, on the sync thread. Default: none.
         *
         * @param events the listener
         * @return this builder
         */
        public Builder events(Consumer<HeaderSyncEvent> events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /**
         * Starts the sync thread; add peers next.
         *
         * @return the running sync
         */
        public HeaderSync start() {
            HeaderSync sync = new HeaderSync(this);
            sync.start();
            return sync;
        }
    }
}
