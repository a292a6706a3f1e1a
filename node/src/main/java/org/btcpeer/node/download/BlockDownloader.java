package org.btcpeer.node.download;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import org.btcpeer.peer.DisconnectReason;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerDisconnect;
import org.btcpeer.peer.PeerStats;
import org.btcpeer.peer.RequestFailedException;
import org.btcpeer.peer.TimeSource;
import org.btcpeer.peer.connect.ConnectionEvent;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads the blocks of a validated header chain from many peers at once and hands them to a
 * {@link BlockConsumer} in height order, with Bitcoin Core v30's limits ({@code net_processing.cpp}):
 *
 * <ul>
 *   <li>only heights within {@link DownloadConfig#window()} (1,024) of the last consumed block are
 *       requested, at most {@link DownloadConfig#maxInFlightPerPeer()} (16) per peer, lowest first
 *       ({@code FindNextBlocksToDownload});</li>
 *   <li>a peer that gets nothing to do because the window is full marks the peer holding the
 *       window's first block as stalling ({@link Peer#setBlockingDownloadWindow}); that peer is
 *       disconnected by its own timer after the stalling timeout (2 s, doubling per stall up to
 *       64 s) unless a block from it arrives first, and its blocks go to the others;</li>
 *   <li>the per-block timeout (10 min × (1 + 0.5 × other download peers)) is the peer's own, once
 *       the application builds its peers' {@link org.btcpeer.peer.RequestTimeouts} with
 *       {@link #otherDownloadPeers()};</li>
 *   <li>every block is checked against its header (merkle root, CVE-2012-2459, witness
 *       commitment); a peer sending one that does not match is disconnected (Core's
 *       {@code BLOCK_MUTATED}) and the block is asked from another;</li>
 *   <li>backpressure: no request is sent that could take the bytes held for the consumer past
 *       {@link DownloadConfig#maxHeldBytes()}.</li>
 * </ul>
 *
 * <p>Peers may be added at any time and leave when they disconnect; the download waits while it
 * has none. One virtual thread runs the bookkeeping (all state is confined to it, fed by events
 * from the peers' reader threads); another calls the consumer. Blocks are checked on the reader
 * thread of the peer that sent them, so checking scales with the peers.
 */
public final class BlockDownloader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BlockDownloader.class);

    /** The size assumed for a block in flight before any block arrived: 1 MiB, about a full pre-segwit block. */
    static final long ASSUMED_BLOCK_BYTES = 1 << 20;

    /** What happens to a download, in the order the loop thread sees it. */
    private sealed interface Event {
    }

    private record Joined(Peer peer) implements Event {
    }

    private record Left(Peer peer, PeerDisconnect why) implements Event {
    }

    private record Arrived(Peer peer, int height, Block block, int size, Optional<String> problem) implements Event {
    }

    private record Failed(Peer peer, int height, Throwable error) implements Event {
    }

    private record Consumed(DownloadedBlock block) implements Event {
    }

    private record ConsumerFailed(Throwable error) implements Event {
    }

    private record Stop() implements Event {
    }

    /** Completes once every event before it is handled and the requests they lead to are sent ({@link #idle()}). */
    private record Barrier(CompletableFuture<Void> passed) implements Event {
    }

    private final BlockSource source;
    private final DownloadConfig config;
    private final TimeSource clock;
    private final CompletableFuture<DownloadProgress> finished = new CompletableFuture<>();
    // bounded in practice: one event per request sent (at most 16 per peer) plus peer and consumer events
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger downloadingPeers = new AtomicInteger();
    private volatile DownloadProgress progress;

    // ---- loop-thread state
    private final Map<Peer, DownloadPeer> peers = new LinkedHashMap<>();
    private final List<CompletableFuture<Void>> barriers = new ArrayList<>();
    private DownloadWindow window;
    private BlockingQueue<DownloadedBlock> handoff;
    private Thread deliverer;
    private int fromHeight;
    private int toHeight;
    private long startNanos;
    private long receivedBlocks;
    private long receivedBytes;
    private long heldBytes;
    private long peakHeldBytes;
    private long largestBlock;
    private long badBlocks;
    private long stallDisconnects;
    private long reassigned;

    /**
     * A downloader along {@code source}.
     *
     * @param source the validated header chain
     * @param config the limits ({@link DownloadConfig#CORE})
     * @param clock  the clock for rates (the peers' runtime clock in tests)
     */
    public BlockDownloader(BlockSource source, DownloadConfig config, TimeSource clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * For {@link org.btcpeer.peer.RequestTimeouts#withOtherDownloadPeers}: how many other peers
     * we download blocks from, seen from a peer with blocks in flight (Core's
     * {@code nOtherPeersWithValidatedDownloads}), so its block timeout is 10 min × (1 + 0.5 × that).
     *
     * @return a cheap, thread-safe supplier
     */
    public IntSupplier otherDownloadPeers() {
        return () -> Math.max(0, downloadingPeers.get() - 1);
    }

    /**
     * Adds a peer to download from, once its handshake completes, if it serves blocks with
     * witnesses ({@code NODE_NETWORK}, or {@code NODE_NETWORK_LIMITED} for its last 288 blocks,
     * and {@code NODE_WITNESS}). It leaves the download when it disconnects.
     *
     * @param peer a connected peer
     */
    public void addPeer(Peer peer) {
        Objects.requireNonNull(peer, "peer");
        peer.handshake().whenComplete((p, e) -> {
            if (e == null) {
                post(new Joined(peer));
            }
        });
    }

    /**
     * Follows a {@link org.btcpeer.peer.connect.ConnectionManager}: each peer that completes its
     * handshake joins the download ({@link #addPeer}); leaving needs no event, a peer leaves when it
     * disconnects. Call it from the manager's event consumer.
     *
     * @param event a connection event; only {@link ConnectionEvent.Connected} matters
     */
    public void onConnectionEvent(ConnectionEvent event) {
        if (event instanceof ConnectionEvent.Connected c) {
            addPeer(c.peer());
        }
    }

    /**
     * Starts downloading heights {@code fromHeight..toHeight} (inclusive). Once only.
     *
     * @param fromHeight the first height, at least 0
     * @param toHeight   the last height; the source must reach it
     * @param consumer   takes the blocks in height order
     * @return completes with the final progress once the consumer finished the last block; fails
     *         with a {@link BlockDownloadException} if stopped, the consumer threw or a header is missing
     */
    public CompletableFuture<DownloadProgress> start(int fromHeight, int toHeight, BlockConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        if (fromHeight < 0 || toHeight < fromHeight - 1) {
            throw new IllegalArgumentException("heights " + fromHeight + ".." + toHeight);
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a downloader starts once");
        }
        if (closed.get()) {
            return finished; // closed before it started: already failed with STOPPED
        }
        this.fromHeight = fromHeight;
        this.toHeight = toHeight;
        this.startNanos = clock.nanoTime();
        this.window = new DownloadWindow(fromHeight, toHeight, config.window());
        this.handoff = new LinkedBlockingQueue<>();
        publish();
        if (source.hashAt(toHeight).isEmpty() && toHeight >= fromHeight) {
            finished.completeExceptionally(new BlockDownloadException(BlockDownloadException.Reason.NO_HEADER,
                    "the header chain does not reach height " + toHeight, null));
            return finished;
        }
        deliverer = Thread.ofVirtual().name("btcpeer-download-deliver").start(() -> deliver(consumer));
        Thread.ofVirtual().name("btcpeer-download").start(this::loop);
        return finished;
    }

    /** Completes as {@link #start} says. */
    public CompletableFuture<DownloadProgress> finished() {
        return finished;
    }

    /**
     * A snapshot of the download.
     *
     * @return the progress; rates over the time since {@link #start}
     */
    public DownloadProgress progress() {
        DownloadProgress p = progress;
        if (p == null) {
            return new DownloadProgress(0, -1, -1, 0, 0, Duration.ZERO, 0, 0, 0, 0, 0, 0, 0);
        }
        if (finished.isDone()) {
            return p;
        }
        return new DownloadProgress(p.fromHeight(), p.toHeight(), p.consumedHeight(), p.receivedBlocks(),
                p.receivedBytes(), Duration.ofNanos(clock.nanoTime() - startNanos), p.peers(), p.inFlight(),
                p.heldBytes(), p.peakHeldBytes(), p.badBlocks(), p.stallDisconnects(), p.reassignedBlocks());
    }

    /**
     * Stops downloading: no more requests, the consumer gets no more blocks, stall marks are
     * cleared; the peers stay connected. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (started.get()) {
                post(new Stop());
            }
            finished.completeExceptionally(new BlockDownloadException(BlockDownloadException.Reason.STOPPED,
                    "closed", null));
        }
    }

    /**
     * A synchronisation point for tests' negative checks, instead of sleeping: completes once the
     * loop thread has handled every event posted before this call and has handed the requests they
     * led to to the peers' send queues (so a ping sent after it is answered after those requests).
     * Completes at once if the download already ended.
     */
    CompletableFuture<Void> idle() {
        CompletableFuture<Void> passed = new CompletableFuture<>();
        if (!started.get() || finished.isDone()) {
            passed.complete(null);
            return passed;
        }
        post(new Barrier(passed));
        if (finished.isDone()) {
            passed.complete(null); // the loop may have ended before it took the barrier
        }
        return passed;
    }

    // ---------------------------------------------------------------- loop thread

    private void post(Event e) {
        events.add(e);
    }

    private void loop() {
        try {
            while (true) {
                Event e = events.take();
                do {
                    if (!handle(e)) {
                        shutDown();
                        return;
                    }
                } while ((e = events.poll()) != null);
                for (DownloadedBlock b : window.takeReady()) {
                    handoff.add(b);
                }
                if (window.complete()) {
                    publish();
                    finished.complete(progress);
                    shutDown();
                    return;
                }
                requestMore();
                publish();
                passBarriers();
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            shutDown();
        } catch (RuntimeException | Error bug) {
            log.error("block download loop failed", bug);
            finished.completeExceptionally(bug);
            shutDown();
        }
    }

    /** Applies one event; false to end the loop. */
    private boolean handle(Event event) {
        switch (event) {
            case Joined j -> join(j.peer());
            case Left l -> leave(l.peer(), l.why());
            case Arrived a -> arrived(a);
            case Failed f -> failed(f);
            case Consumed c -> {
                heldBytes -= c.block().size();
                window.consumed(c.block().height());
            }
            case ConsumerFailed c -> {
                finished.completeExceptionally(new BlockDownloadException(BlockDownloadException.Reason.CONSUMER_FAILED,
                        "the consumer threw " + c.error(), c.error()));
                return false;
            }
            case Stop s -> {
                return false;
            }
            case Barrier b -> barriers.add(b.passed());
        }
        return true;
    }

    private void passBarriers() {
        barriers.forEach(b -> b.complete(null));
        barriers.clear();
    }

    private void join(Peer peer) {
        if (peers.containsKey(peer) || !peer.isConnected()) {
            return;
        }
        PeerStats stats = peer.stats();
        if (!DownloadPeer.suitable(stats.services())) {
            log.debug("{} does not serve witness blocks ({}): not downloading from it", peer, stats.services());
            return;
        }
        boolean full = stats.services().has(ServiceFlags.NODE_NETWORK);
        DownloadPeer p = new DownloadPeer(peer, !full, Math.max(stats.startHeight(), stats.lastBlock()));
        peers.put(peer, p);
        peer.disconnected().whenComplete((d, e) -> post(new Left(peer, d)));
    }

    private void leave(Peer peer, PeerDisconnect why) {
        DownloadPeer p = peers.remove(peer);
        if (p == null) {
            return;
        }
        if (why != null && why.reason() == DisconnectReason.STALL) {
            stallDisconnects++;
        }
        List<Integer> back = List.copyOf(p.inFlight);
        for (int h : back) {
            if (window.release(h, p)) {
                reassigned++;
            }
        }
        log.debug("{} left the download ({}), {} blocks back to the others", peer, why, back.size());
    }

    private void arrived(Arrived a) {
        DownloadPeer p = peers.get(a.peer());
        if (p != null) {
            window.release(a.height(), p);
            p.stallMarked = false; // the peer's own stall mark ends with any block from it
            p.bestHeight = Math.max(p.bestHeight, a.height());
        }
        if (a.problem().isPresent()) {
            badBlocks++;
            a.peer().disconnect("block " + a.block().hash() + " at height " + a.height() + " does not match its header: "
                    + a.problem().get());
            return;
        }
        if (!window.wanted(a.height())) {
            return; // a late duplicate of a reassigned block
        }
        DownloadedBlock b = new DownloadedBlock(a.height(), a.block(), a.size(), a.peer().id());
        window.received(b);
        receivedBlocks++;
        receivedBytes += a.size();
        heldBytes += a.size();
        peakHeldBytes = Math.max(peakHeldBytes, heldBytes);
        largestBlock = Math.max(largestBlock, a.size());
    }

    private void failed(Failed f) {
        DownloadPeer p = peers.get(f.peer());
        if (p == null) {
            return; // left: its blocks were released then
        }
        Throwable cause = f.error() instanceof CompletionException c && c.getCause() != null ? c.getCause() : f.error();
        if (cause instanceof RequestFailedException r && r.reason() == RequestFailedException.Reason.DISCONNECTED) {
            return; // the Left event releases everything
        }
        // notfound, a request timeout or a refused send: ask someone else, not this peer again
        p.refused.add(f.height());
        if (window.release(f.height(), p)) {
            reassigned++;
        }
        log.debug("{} did not deliver height {}: {}", f.peer(), f.height(), cause.toString());
    }

    /** Core's {@code SendMessages} block-request step, for every peer in the order they joined. */
    private void requestMore() {
        int downloading = 0;
        for (DownloadPeer p : peers.values()) {
            int memory = memoryBudget();
            int budget = Math.min(config.maxInFlightPerPeer() - p.inFlight.size(), memory);
            DownloadWindow.Plan plan = memory > 0 ? window.plan(p, budget)
                    // memory is full: if the received blocks wait for one in flight, its holder stalls us
                    : new DownloadWindow.Plan(List.of(), window.gapHolder().filter(holder -> holder != p));
            for (int h : plan.heights()) {
                Optional<Hash256> hash = source.hashAt(h);
                if (hash.isEmpty()) {
                    finished.completeExceptionally(new BlockDownloadException(BlockDownloadException.Reason.NO_HEADER,
                            "the header chain no longer reaches height " + h, null));
                    post(new Stop());
                    return;
                }
                window.requested(h, p);
                request(p.peer, h, hash.get());
            }
            if (p.inFlight.isEmpty() && plan.staller().isPresent() && !plan.staller().get().stallMarked) {
                DownloadPeer staller = plan.staller().get();
                staller.stallMarked = true;
                log.debug("stall started: {} holds the window's first block", staller);
                staller.peer.setBlockingDownloadWindow(true);
            }
            if (!p.inFlight.isEmpty()) {
                downloading++;
            }
        }
        downloadingPeers.set(downloading);
    }

    /**
     * How many more blocks may be requested without the held bytes passing the bound, counting
     * each block in flight at the largest size seen ({@link #ASSUMED_BLOCK_BYTES} before the first);
     * a single block always moves when nothing is held or in flight.
     */
    private int memoryBudget() {
        int inFlight = window.inFlightCount();
        long estimate = largestBlock == 0 ? ASSUMED_BLOCK_BYTES : largestBlock;
        long free = config.maxHeldBytes() - heldBytes - inFlight * estimate;
        if (free < estimate) {
            return heldBytes == 0 && inFlight == 0 ? 1 : 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, free / estimate);
    }

    private void request(Peer peer, int height, Hash256 hash) {
        peer.requests().getBlock(hash).whenComplete((block, e) -> {
            if (e != null) {
                post(new Failed(peer, height, e));
                return;
            }
            // checked here, on the sending peer's reader thread: hashing runs in parallel across peers
            post(new Arrived(peer, height, block, block.serializedSize(), BlockCheck.problem(block, config.checkWitness())));
        });
    }

    private void publish() {
        progress = new DownloadProgress(fromHeight, toHeight, window.consumedHeight(), receivedBlocks, receivedBytes,
                Duration.ofNanos(clock.nanoTime() - startNanos), peers.size(), window.inFlightCount(), heldBytes,
                peakHeldBytes, badBlocks, stallDisconnects, reassigned);
    }

    private void shutDown() {
        closed.set(true);
        passBarriers();
        deliverer.interrupt();
        for (DownloadPeer p : peers.values()) {
            if (p.stallMarked) {
                p.peer.setBlockingDownloadWindow(false);
            }
        }
        downloadingPeers.set(0);
        finished.completeExceptionally(new BlockDownloadException(BlockDownloadException.Reason.STOPPED, "stopped", null));
    }

    // ---------------------------------------------------------------- delivery thread

    private void deliver(BlockConsumer consumer) {
        try {
            while (true) {
                DownloadedBlock b = handoff.take();
                consumer.accept(b);
                post(new Consumed(b));
            }
        } catch (InterruptedException e) {
            // stopped
        } catch (Exception e) {
            post(new ConsumerFailed(e));
        }
    }
}
