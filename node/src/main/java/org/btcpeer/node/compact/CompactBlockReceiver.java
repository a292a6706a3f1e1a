package org.btcpeer.node.compact;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.btcpeer.node.TransactionPool;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.PeerScheduler;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.BlockTransactionsRequest;
import org.btcpeer.wire.chain.HeaderAndShortIds;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxIndexes;
import org.btcpeer.wire.message.BlockTxnMessage;
import org.btcpeer.wire.message.CmpctBlockMessage;
import org.btcpeer.wire.message.GetBlockTxnMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives compact blocks from any number of peers (BIP-152, Core's cmpctblock and blocktxn
 * handlers in {@code net_processing}): reconstructs each from the {@link TransactionPool}, asks
 * the announcing peer for the missing transactions with getblocktxn, completes the block from its
 * blocktxn, and falls back to a full-block getdata on a short id collision, a mutated result or a
 * blocktxn that does not come in time. Every step is reported to a {@link CompactBlockListener}.
 *
 * <pre>
 *   cmpctblock ── not wanted / already done / already syncing it from this peer ──▶ ignored
 *       │ InitData: invalid ─▶ misbehaving        collision ─▶ getdata (FellBack)
 *       ▼
 *   nothing missing ─▶ FillBlock ─▶ Reconstructed (no round trip)   mutated ─▶ getdata (FellBack)
 *   missing, first announcer ─▶ getblocktxn ─▶ blocktxn ─▶ FillBlock ─▶ Reconstructed
 *                                    │ timeout ─▶ getdata (FellBack)     │ wrong count ─▶ misbehaving
 *   missing, block already in flight from another peer ─▶ ignored (Core: wait for the first)
 * </pre>
 *
 * <p>As Core, only the first peer to announce a block gets a round trip; a later announcer's
 * cmpctblock is used only if it completes from the pool alone. Differences from Core: there is no
 * chain here, so "do we want this block" is the application's {@code wanted} test (Core also
 * checks the header connects and is at most 2 past the tip); Core has no blocktxn timeout of its
 * own (the block download timeout, 10 minutes, disconnects the peer), while we re-request the
 * full block after {@link Builder#blockTxnTimeout}.
 *
 * <p>Thread-safe; register {@link #listeners()} in each peer's configuration.
 */
public final class CompactBlockReceiver {

    /** Default time a peer has to answer our getblocktxn before we ask it for the full block. */
    public static final Duration DEFAULT_BLOCKTXN_TIMEOUT = Duration.ofSeconds(10);

    /** Blocks being completed from one peer at once (Core's {@code MAX_BLOCKS_IN_TRANSIT_PER_PEER}). */
    public static final int MAX_IN_FLIGHT_PER_PEER = 16;

    /** Block hashes remembered as done, so later announcements of them are ignored. */
    static final int RECENTLY_DONE = 128;

    private static final Logger log = LoggerFactory.getLogger(CompactBlockReceiver.class);

    private final TransactionPool pool;
    private final Predicate<BlockHeader> wanted;
    private final MisbehaviourReporter reporter;
    private final CompactBlockListener listener;
    private final PeerScheduler scheduler;
    private final Duration blockTxnTimeout;
    private final Executor fallbackThread;

    private final ReentrantLock lock = new ReentrantLock();
    /** Blocks being completed, by hash: the first announcer and its state. */
    private final Map<Hash256, InFlight> inFlight = new LinkedHashMap<>();
    /** Blocks reconstructed or downloaded, oldest first. */
    private final Map<Hash256, Boolean> done = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash256, Boolean> eldest) {
            return size() > RECENTLY_DONE;
        }
    };

    /** A block we are completing from {@code peer}: waiting for its blocktxn, or for the full block. */
    private static final class InFlight {
        final Peer peer;
        final PartialBlock partial; // null once falling back to the full block
        PeerScheduler.Cancellable timer;

        InFlight(Peer peer, PartialBlock partial) {
            this.peer = peer;
            this.partial = partial;
        }
    }

    private CompactBlockReceiver(Builder b) {
        this.pool = Objects.requireNonNull(b.pool, "pool");
        this.wanted = b.wanted;
        this.reporter = b.reporter;
        this.listener = b.listener;
        this.scheduler = Objects.requireNonNull(b.runtime, "runtime").scheduler();
        this.blockTxnTimeout = b.blockTxnTimeout;
        this.fallbackThread = b.fallbackThread;
    }

    /**
     * A builder.
     *
     * @param pool    the transactions to reconstruct from
     * @param runtime the peers' runtime, whose scheduler times getblocktxn answers
     * @return the builder
     */
    public static Builder builder(TransactionPool pool, PeerRuntime runtime) {
        return new Builder(pool, runtime);
    }

    /**
     * The listeners to include in each peer's configuration (cmpctblock, blocktxn).
     *
     * @return the listeners to include in each peer's configuration (cmpctblock, blocktxn)
     */
    public PeerListeners listeners() {
        return PeerListeners.builder()
                .on(CmpctBlockMessage.class, (peer, m) -> onCompactBlock(peer, m.compactBlock()))
                .on(BlockTxnMessage.class, (peer, m) -> onBlockTxn(peer, m))
                .build();
    }

    /**
     * Blocks being completed now (waiting for a blocktxn or a full block).
     *
     * @return the count
     */
    public int inFlightCount() {
        lock.lock();
        try {
            return inFlight.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Handles a cmpctblock.
     *
     * @param peer    the peer it came from
     * @param compact the compact block
     */
    void onCompactBlock(Peer peer, HeaderAndShortIds compact) {
        Hash256 hash = compact.header().hash();
        if (!wanted.test(compact.header())) {
            log.debug("{}: cmpctblock {} not wanted", peer, hash);
            return;
        }
        boolean first;
        lock.lock();
        try {
            if (done.containsKey(hash)) {
                return;
            }
            InFlight current = inFlight.get(hash);
            if (current != null && current.peer == peer) {
                log.debug("{}: sent us compact block {} we were already syncing", peer, hash);
                return;
            }
            first = current == null && inFlightFrom(peer) < MAX_IN_FLIGHT_PER_PEER;
        } finally {
            lock.unlock();
        }
        switch (PartialBlock.init(compact, pool)) {
            case ReadOutcome.Invalid<PartialBlock> invalid -> {
                if (first) {
                    reporter.report(peer, CompactMisbehaviour.INVALID_COMPACT_BLOCK, invalid.reason() + " (" + hash + ")");
                }
            }
            case ReadOutcome.Failed<PartialBlock> failed -> {
                if (first) {
                    fallBack(peer, hash, failed.reason(), failed.detail(), null);
                }
            }
            case ReadOutcome.Ok<PartialBlock> ok -> reconstruct(peer, ok.value(), first);
        }
    }

    private void reconstruct(Peer peer, PartialBlock partial, boolean first) {
        TxIndexes missing = partial.missing();
        if (missing.isEmpty()) {
            finish(peer, partial, partial.fill(List.of()), 0, !first);
            return;
        }
        if (!first) {
            log.debug("{}: block {} is in flight from another peer; {} transactions missing here, not requested",
                    peer, partial.hash(), missing.size());
            return;
        }
        InFlight entry = new InFlight(peer, partial);
        lock.lock();
        try {
            if (done.containsKey(partial.hash()) || inFlight.putIfAbsent(partial.hash(), entry) != null) {
                return; // another peer got there while we matched the pool
            }
            entry.timer = scheduler.schedule(() -> timedOut(entry), blockTxnTimeout.toNanos());
        } finally {
            lock.unlock();
        }
        peer.disconnected().thenRun(() -> forget(entry));
        log.debug("{}: block {}: {} prefilled, {} from the pool, requesting {}", peer, partial.hash(),
                partial.prefilledCount(), partial.fromPool(), missing.size());
        peer.send(new GetBlockTxnMessage(new BlockTransactionsRequest(partial.hash(), missing)));
    }

    /**
     * Handles a blocktxn: completes the block if we asked this peer for it.
     *
     * @param peer the peer it came from
     * @param m    the message
     */
    void onBlockTxn(Peer peer, BlockTxnMessage m) {
        Hash256 hash = m.transactions().blockHash();
        InFlight entry;
        lock.lock();
        try {
            entry = inFlight.get(hash);
            if (entry == null || entry.peer != peer || entry.partial == null) {
                log.debug("{}: sent us block transactions for block {} we weren't expecting", peer, hash);
                return;
            }
            inFlight.remove(hash);
            entry.timer.cancel();
        } finally {
            lock.unlock();
        }
        List<Transaction> txs = m.transactions().transactions();
        finish(peer, entry.partial, entry.partial.fill(txs), txs.size(), false);
    }

    /**
     * Acts on a fill: reports the block, the peer, or falls back.
     *
     * @param optimistic the block is in flight from another peer: a failure is then ignored (Core: wait for the first download)
     */
    private void finish(Peer peer, PartialBlock partial, ReadOutcome<Block> outcome, int fetched, boolean optimistic) {
        switch (outcome) {
            case ReadOutcome.Ok<Block> ok -> {
                InFlight replaced;
                lock.lock();
                try {
                    done.put(partial.hash(), Boolean.TRUE);
                    replaced = inFlight.remove(partial.hash());
                    if (replaced != null && replaced.timer != null) {
                        replaced.timer.cancel();
                    }
                } finally {
                    lock.unlock();
                }
                listener.onReport(peer, new CompactBlockReport.Reconstructed(ok.value(), partial.prefilledCount(),
                        partial.fromPool(), fetched));
            }
            case ReadOutcome.Invalid<Block> invalid ->
                    reporter.report(peer, CompactMisbehaviour.NON_MATCHING_BLOCK_TRANSACTIONS, invalid.reason() + " (" + partial.hash() + ")");
            case ReadOutcome.Failed<Block> failed -> {
                if (!optimistic) {
                    fallBack(peer, partial.hash(), failed.reason(), failed.detail(), null);
                } else {
                    log.debug("{}: compact block {} failed to reconstruct ({}), waiting on the first download",
                            peer, partial.hash(), failed.detail());
                }
            }
        }
    }

    private void timedOut(InFlight entry) {
        Hash256 hash = entry.partial.hash();
        lock.lock();
        try {
            if (inFlight.get(hash) != entry) {
                return;
            }
            inFlight.remove(hash);
        } finally {
            lock.unlock();
        }
        // Scheduler tasks do not call listeners or send: hand the fallback to its own thread.
        fallbackThread.execute(() -> fallBack(entry.peer, hash, FallbackReason.TIMEOUT,
                "no blocktxn within " + blockTxnTimeout, entry));
    }

    /**
     * Requests the full block from the same peer (Core: getdata MSG_BLOCK with the witness flag)
     * and reports {@link CompactBlockReport.FellBack}, then {@link CompactBlockReport.Downloaded}.
     */
    private void fallBack(Peer peer, Hash256 hash, FallbackReason reason, String detail, InFlight previous) {
        InFlight waiting = new InFlight(peer, null);
        lock.lock();
        try {
            InFlight current = inFlight.get(hash);
            if (done.containsKey(hash) || (current != null && current != previous)) {
                return;
            }
            inFlight.put(hash, waiting);
        } finally {
            lock.unlock();
        }
        log.debug("{}: block {}: falling back to the full block: {} ({})", peer, hash, reason, detail);
        listener.onReport(peer, new CompactBlockReport.FellBack(hash, reason, detail));
        peer.requests().getBlock(hash).whenComplete((block, failure) -> {
            lock.lock();
            try {
                inFlight.remove(hash, waiting);
                if (block != null) {
                    done.put(hash, Boolean.TRUE);
                }
            } finally {
                lock.unlock();
            }
            if (block != null) {
                listener.onReport(peer, new CompactBlockReport.Downloaded(block, reason));
            } else {
                log.debug("{}: full block {} after a compact block failure: {}", peer, hash, failure.toString());
            }
        });
    }

    private void forget(InFlight entry) {
        lock.lock();
        try {
            inFlight.values().removeIf(e -> e == entry);
            if (entry.timer != null) {
                entry.timer.cancel();
            }
        } finally {
            lock.unlock();
        }
    }

    private int inFlightFrom(Peer peer) {
        int n = 0;
        for (InFlight e : inFlight.values()) {
            if (e.peer == peer) {
                n++;
            }
        }
        return n;
    }

    /** Options of a {@link CompactBlockReceiver}; each has a default. */
    public static final class Builder {
        private final TransactionPool pool;
        private final PeerRuntime runtime;
        private Predicate<BlockHeader> wanted = header -> true;
        private MisbehaviourReporter reporter = MisbehaviourReporter.disconnecting();
        private CompactBlockListener listener = (peer, report) -> { };
        private Duration blockTxnTimeout = DEFAULT_BLOCKTXN_TIMEOUT;
        private Executor fallbackThread = task -> Thread.ofVirtual().name("cmpct-timeout").start(task);

        private Builder(TransactionPool pool, PeerRuntime runtime) {
            this.pool = pool;
            this.runtime = runtime;
        }

        /**
         * Which announced blocks to reconstruct; default all. The application says no to blocks it
         * has, and to headers that do not connect to its chain or fail its checks.
         *
         * @param v the test
         * @return this builder
         */
        public Builder wanted(Predicate<BlockHeader> v) {
            wanted = Objects.requireNonNull(v);
            return this;
        }

        /**
         * Where misbehaviour goes; default {@link MisbehaviourReporter#disconnecting()}.
         *
         * @param v the reporter
         * @return this builder
         */
        public Builder misbehaviour(MisbehaviourReporter v) {
            reporter = Objects.requireNonNull(v);
            return this;
        }

        /**
         * Who hears what happened to each block; default nobody.
         *
         * @param v the listener
         * @return this builder
         */
        public Builder listener(CompactBlockListener v) {
            listener = Objects.requireNonNull(v);
            return this;
        }

        /**
         * How long a peer has to answer getblocktxn; default {@link #DEFAULT_BLOCKTXN_TIMEOUT}.
         *
         * @param v a positive duration
         * @return this builder
         */
        public Builder blockTxnTimeout(Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("the blocktxn timeout must be positive: " + v);
            }
            blockTxnTimeout = v;
            return this;
        }

        /**
         * Where the fallback after a blocktxn timeout runs, off the scheduler's thread; default a
         * new virtual thread each. For tests: a direct executor makes a manual clock's advance run
         * the fallback before it returns, so "nothing happened" is checked without sleeping.
         *
         * @param v the executor
         * @return this builder
         */
        Builder fallbackThread(Executor v) {
            fallbackThread = Objects.requireNonNull(v);
            return this;
        }

        /**
         * The receiver.
         *
         * @return the receiver
         */
        public CompactBlockReceiver build() {
            return new CompactBlockReceiver(this);
        }
    }
}
