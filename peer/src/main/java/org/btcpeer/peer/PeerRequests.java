package org.btcpeer.peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.ProtocolVersion;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.CFCheckptMessage;
import org.btcpeer.wire.message.CFHeadersMessage;
import org.btcpeer.wire.message.CFilterMessage;
import org.btcpeer.wire.message.CompactFilters;
import org.btcpeer.wire.message.GetCFCheckptMessage;
import org.btcpeer.wire.message.GetCFHeadersMessage;
import org.btcpeer.wire.message.GetCFiltersMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.GetHeadersMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.TxMessage;

/**
 * Requests as futures, matched to their replies: {@link #getHeaders}, {@link #getBlock},
 * {@link #getBlocks}, {@link #getTransaction}, {@link #ping} and the BIP-157 requests
 * {@link #getCFCheckpt}, {@link #getCFHeaders} and {@link #getCFilters} (basic filters). Each future
 * completes with the answer, or fails once with a {@link RequestFailedException}: {@code NOT_FOUND}
 * on the peer's notfound, {@code TIMEOUT} after the request's timeout, {@code DISCONNECTED} when the
 * peer goes away, {@code WRONG_REPLY} when a BIP-157 answer is not the one due, {@code NOT_SENT} at
 * once when {@link Peer#send} refuses the request (e.g. getcfilters to a peer without
 * {@code NODE_COMPACT_FILTERS}), {@code TOO_MANY_IN_FLIGHT} (nothing sent) past
 * {@link #MAX_IN_FLIGHT} requests or {@link #MAX_BLOCKS_IN_FLIGHT} blocks. Replies still reach the
 * peer's listeners, after the futures.
 *
 * <p>Futures complete on the peer's reader thread (a reply) or another thread (timeout,
 * disconnect): chain blocking work with the {@code *Async} methods.
 *
 * <p>Matching. A block or transaction is matched by its hash. A headers message answers the oldest
 * pending getheaders whose locator contains the first header's parent (Core answers from the first
 * locator hash on its active chain), or the oldest one if the message is empty; a headers
 * announcement that happens to extend our locator completes it too, which is a correct answer.
 * A pong is matched by its nonce, so user pings and the peer's keep-alive pings do not mix.
 * A cfcheckpt or cfheaders answers the oldest pending request with its stop hash; Core answers
 * these requests in order, so one that answers none of ours fails the oldest as {@code WRONG_REPLY}.
 * The cfilters of a getcfilters arrive one per block, in height order: each must be for the next
 * block the caller listed, else the request fails {@code WRONG_REPLY}. Do not mix these futures
 * with getcf* messages sent through {@link Peer#send}: their answers would be taken for ours.
 *
 * <p>Timeouts (Core's): headers {@code HEADERS_RESPONSE_TIME} (2 min), blocks none of their own
 * (as Core: the peer's block download deadline, {@link RequestTimeouts#blockDownloadBase()} (10 min)
 * plus {@link RequestTimeouts#blockDownloadPerPeer()} per other download peer, disconnects a peer
 * that withholds a block, which fails its futures with {@code DISCONNECTED}), transactions
 * {@link RequestTimeouts#txRequestExpiry()} (60 s), pings {@code TIMEOUT_INTERVAL} (20 min),
 * BIP-157 requests {@link #FILTER_RESPONSE_TIME} (2 min, restarted by each cfilter of a stream).
 */
public final class PeerRequests {

    /** Core's {@code HEADERS_RESPONSE_TIME}: how long a getheaders may stay unanswered. */
    public static final Duration HEADERS_RESPONSE_TIME = Duration.ofMinutes(2);

    /** Core's {@code TIMEOUT_INTERVAL}: how long a ping may stay unanswered. */
    public static final Duration PING_TIMEOUT = Duration.ofMinutes(20);

    /**
     * How long a BIP-157 request may wait for its answer, or a getcfilters for its next cfilter.
     * Core never sends these requests, so it has no such timeout; Core answers them at once from
     * its index, and we allow them what Core allows a getheaders ({@code HEADERS_RESPONSE_TIME}).
     */
    public static final Duration FILTER_RESPONSE_TIME = HEADERS_RESPONSE_TIME;

    /** Core's {@code MAX_BLOCKS_IN_TRANSIT_PER_PEER}. */
    public static final int MAX_BLOCKS_IN_FLIGHT = 16;

    /** At most this many requests of all kinds wait for answers per peer. */
    public static final int MAX_IN_FLIGHT = 64;

    private final Peer peer;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Pending<HeadersMessage>> headers = new ArrayList<>();
    private final Map<Hash256, List<Pending<Block>>> blocks = new HashMap<>();
    private final Map<Hash256, List<Pending<Transaction>>> transactions = new HashMap<>();
    private final Map<Long, Pending<Duration>> pings = new HashMap<>();
    private final List<Pending<CFCheckptMessage>> checkpoints = new ArrayList<>();
    private final List<Pending<CFHeadersMessage>> filterHeaders = new ArrayList<>();
    private final List<FilterStream> filterStreams = new ArrayList<>();
    private int inFlight;
    private int blocksInFlight;
    private PeerDisconnect disconnect;

    PeerRequests(Peer peer) {
        this.peer = peer;
    }

    /** The timer of a request that has none of its own. */
    private static final PeerScheduler.Cancellable NO_TIMER = () -> { };

    /** One waiting request: its future, its timer, and what it matches. */
    private static class Pending<T> {
        final CompletableFuture<T> future = new CompletableFuture<>();
        final String what;
        final Object key;
        final long sentNanos;
        volatile PeerScheduler.Cancellable timer;
        volatile Removal removal;

        Pending(String what, Object key, long sentNanos) {
            this.what = what;
            this.key = key;
            this.sentNanos = sentNanos;
        }
    }

    /**
     * Sends getheaders and waits for the headers that answer it (at most 2,000; empty if the peer
     * knows nothing after our locator). Not subject to {@link Peer#pushGetHeaders}'s repeat filter.
     *
     * @param locator  block locator, tip first, at most 101 hashes
     * @param stopHash the last hash wanted, or zero
     * @return the headers message
     */
    public CompletableFuture<HeadersMessage> getHeaders(List<Hash256> locator, Hash256 stopHash) {
        List<Hash256> loc = List.copyOf(locator);
        Objects.requireNonNull(stopHash, "stopHash");
        if (loc.size() > GetHeadersMessage.MAX_LOCATOR) {
            throw new IllegalArgumentException("a locator has at most " + GetHeadersMessage.MAX_LOCATOR + " hashes");
        }
        Pending<HeadersMessage> p = new Pending<>("getheaders from " + (loc.isEmpty() ? stopHash : loc.get(0)),
                loc, now());
        if (!admit(p, false)) {
            return p.future;
        }
        lock.lock();
        try {
            headers.add(p);
        } finally {
            lock.unlock();
        }
        arm(p, HEADERS_RESPONSE_TIME, () -> remove(headers, p));
        send(p, new GetHeadersMessage(peer.config().protocolVersion(), loc, stopHash));
        return p.future;
    }

    /** A getcfilters: the blocks it asked for and the cfilters received so far (guarded by the lock). */
    private static final class FilterStream extends Pending<List<CFilterMessage>> {
        final List<Hash256> blocks;
        final List<CFilterMessage> received = new ArrayList<>();

        FilterStream(String what, List<Hash256> blocks, long sentNanos) {
            super(what, blocks.getLast(), sentNanos);
            this.blocks = blocks;
        }
    }

    /**
     * Sends getcfcheckpt (basic filters) and waits for the cfcheckpt: the filter headers at heights
     * 1,000, 2,000, ... up to the stop block.
     *
     * @param stopHash the last block
     * @return the answer
     */
    public CompletableFuture<CFCheckptMessage> getCFCheckpt(Hash256 stopHash) {
        Objects.requireNonNull(stopHash, "stopHash");
        Pending<CFCheckptMessage> p = new Pending<>("getcfcheckpt to " + stopHash, stopHash, now());
        return sendListed(checkpoints, p, new GetCFCheckptMessage(CompactFilters.BASIC, stopHash));
    }

    /**
     * Sends getcfheaders (basic filters) and waits for the cfheaders: the filter header before the
     * start height and the filter hashes from it to the stop block. The peer checks the range
     * (at most {@link CompactFilters#MAX_GETCFHEADERS_SIZE} blocks); the caller checks the answer.
     *
     * @param startHeight the first block's height
     * @param stopHash    the last block
     * @return the answer
     */
    public CompletableFuture<CFHeadersMessage> getCFHeaders(long startHeight, Hash256 stopHash) {
        Objects.requireNonNull(stopHash, "stopHash");
        Pending<CFHeadersMessage> p = new Pending<>("getcfheaders " + startHeight + " to " + stopHash, stopHash, now());
        return sendListed(filterHeaders, p, new GetCFHeadersMessage(CompactFilters.BASIC, startHeight, stopHash));
    }

    /**
     * Sends getcfilters (basic filters) and waits for the stream of cfilters, one per block.
     *
     * @param startHeight the first block's height
     * @param blocks      the hashes of the blocks from the start height to the stop block, in
     *                    height order (the caller's chain); 1 to {@link CompactFilters#MAX_GETCFILTERS_SIZE}
     * @return the cfilters, in the order of {@code blocks}
     * @throws IllegalArgumentException if {@code blocks} is empty or longer than 1,000
     */
    public CompletableFuture<List<CFilterMessage>> getCFilters(long startHeight, List<Hash256> blocks) {
        List<Hash256> expected = List.copyOf(blocks);
        if (expected.isEmpty() || expected.size() > CompactFilters.MAX_GETCFILTERS_SIZE) {
            throw new IllegalArgumentException("getcfilters asks for 1 to " + CompactFilters.MAX_GETCFILTERS_SIZE
                    + " blocks, not " + expected.size());
        }
        FilterStream p = new FilterStream("getcfilters " + startHeight + " to " + expected.getLast(), expected, now());
        return sendListed(filterStreams, p, new GetCFiltersMessage(CompactFilters.BASIC, startHeight, expected.getLast()));
    }

    /** Admits, lists, times and sends a request answered in order of the list. */
    private <T, P extends Pending<T>> CompletableFuture<T> sendListed(List<P> list, P p, Message request) {
        if (!admit(p, false)) {
            return p.future;
        }
        lock.lock();
        try {
            list.add(p);
        } finally {
            lock.unlock();
        }
        arm(p, FILTER_RESPONSE_TIME, () -> remove(list, p));
        send(p, request);
        return p.future;
    }

    /**
     * Requests a block (with witnesses if the peer serves them) and waits for it.
     *
     * @param hash the block hash
     * @return the block
     */
    public CompletableFuture<Block> getBlock(Hash256 hash) {
        Pending<Block> p = new Pending<>("block " + hash, hash, now());
        if (!admit(p, true)) {
            return p.future;
        }
        lock.lock();
        try {
            blocks.computeIfAbsent(hash, h -> new ArrayList<>(1)).add(p);
        } finally {
            lock.unlock();
        }
        // No timer of its own (Core has none): a peer that withholds the block is disconnected at its
        // block download deadline, 10 min x (1 + 0.5 x other download peers), which fails the future.
        p.removal = () -> removeKeyed(blocks, p, true);
        p.timer = NO_TIMER;
        boolean witness = peer.remoteVersion().map(v -> v.services().has(ServiceFlags.NODE_WITNESS)).orElse(false);
        send(p, new GetDataMessage(List.of(new InventoryVector(
                witness ? InventoryVector.MSG_WITNESS_BLOCK : InventoryVector.MSG_BLOCK, hash))));
        return p.future;
    }

    /**
     * Requests several blocks and waits for all of them, in the order asked. Fails with the first
     * failure (the other blocks' requests stay in flight until answered or timed out).
     *
     * @param hashes the block hashes, at most {@link #MAX_BLOCKS_IN_FLIGHT} minus the blocks already in flight
     * @return the blocks, in the order of {@code hashes}
     */
    public CompletableFuture<List<Block>> getBlocks(List<Hash256> hashes) {
        List<CompletableFuture<Block>> each = new ArrayList<>(hashes.size());
        for (Hash256 h : List.copyOf(hashes)) {
            each.add(getBlock(h));
        }
        CompletableFuture<List<Block>> all = new CompletableFuture<>();
        CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            if (e != null) {
                all.completeExceptionally(e instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : e);
            } else {
                all.complete(each.stream().map(CompletableFuture::join).toList());
            }
        });
        // fail fast: the first failure ends the whole request
        each.forEach(f -> f.whenComplete((b, e) -> {
            if (e != null) {
                all.completeExceptionally(e);
            }
        }));
        return all;
    }

    /**
     * Requests a transaction by wtxid (BIP-339 {@code MSG_WTX}) and waits for it.
     *
     * @param wtxid the witness txid
     * @return the transaction; fails {@code UNSUPPORTED} if the peer did not negotiate wtxidrelay
     */
    public CompletableFuture<Transaction> getTransaction(Hash256 wtxid) {
        Pending<Transaction> p = new Pending<>("tx " + wtxid, wtxid, now());
        if (!peer.features().wtxidRelay()) {
            p.future.completeExceptionally(new RequestFailedException(RequestFailedException.Reason.UNSUPPORTED,
                    p.what, "the peer did not negotiate wtxidrelay (BIP-339)"));
            return p.future;
        }
        if (!admit(p, false)) {
            return p.future;
        }
        lock.lock();
        try {
            transactions.computeIfAbsent(wtxid, h -> new ArrayList<>(1)).add(p);
        } finally {
            lock.unlock();
        }
        arm(p, peer.config().requestTimeouts().txRequestExpiry(), () -> removeKeyed(transactions, p, false));
        send(p, new GetDataMessage(List.of(InventoryVector.wtx(wtxid))));
        return p.future;
    }

    /**
     * Sends a ping with a fresh nonce and waits for its pong.
     *
     * @return the round-trip time, measured with the runtime's clock
     */
    public CompletableFuture<Duration> ping() {
        long nonce;
        do {
            nonce = peer.runtime().random().nextLong();
        } while (nonce == 0);
        Pending<Duration> p = new Pending<>("ping " + Long.toUnsignedString(nonce), nonce, now());
        if (peer.features().version() <= ProtocolVersion.BIP31_PONG) {
            p.future.completeExceptionally(new RequestFailedException(RequestFailedException.Reason.UNSUPPORTED,
                    p.what, "no pong before BIP-31 (version " + peer.features().version() + ")"));
            return p.future;
        }
        if (!admit(p, false)) {
            return p.future;
        }
        long key = nonce;
        lock.lock();
        try {
            pings.put(key, p);
        } finally {
            lock.unlock();
        }
        arm(p, PING_TIMEOUT, () -> {
            lock.lock();
            try {
                return pings.remove(key, p);
            } finally {
                lock.unlock();
            }
        });
        send(p, new PingMessage(nonce));
        return p.future;
    }

    /** How many requests wait for an answer. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- internals

    private long now() {
        return peer.runtime().time().nanoTime();
    }

    /** Counts the request in, or fails it (nothing sent) if the peer is gone or the caps are reached. */
    private boolean admit(Pending<?> p, boolean block) {
        RequestFailedException refused = null;
        lock.lock();
        try {
            if (disconnect != null || !peer.isConnected()) {
                refused = new RequestFailedException(RequestFailedException.Reason.DISCONNECTED, p.what,
                        disconnect == null ? "not connected" : disconnect.toString());
            } else if (inFlight >= MAX_IN_FLIGHT || (block && blocksInFlight >= MAX_BLOCKS_IN_FLIGHT)) {
                refused = new RequestFailedException(RequestFailedException.Reason.TOO_MANY_IN_FLIGHT, p.what,
                        inFlight + " in flight, " + blocksInFlight + " of them blocks");
            } else {
                inFlight++;
                if (block) {
                    blocksInFlight++;
                }
            }
        } finally {
            lock.unlock();
        }
        if (refused != null) {
            p.future.completeExceptionally(refused);
            return false;
        }
        return true;
    }

    /** Interface of a removal that says whether the request was still pending (then it is ours to fail). */
    @FunctionalInterface
    private interface Removal {
        boolean remove();
    }

    private void arm(Pending<?> p, Duration timeout, Removal removal) {
        p.removal = removal;
        p.timer = peer.runtime().scheduler().schedule(() -> {
            if (removal.remove()) {
                // never run callers' code on the scheduler thread
                Thread.ofVirtual().name("btcpeer-request-timeout").start(() -> p.future.completeExceptionally(
                        new RequestFailedException(RequestFailedException.Reason.TIMEOUT, p.what, "after " + timeout)));
            }
        }, timeout.toNanos());
    }

    private void send(Pending<?> p, Message m) {
        peer.send(m).whenComplete((v, e) -> {
            Throwable cause = e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
            if (cause instanceof SendRefusedException || cause instanceof SendQueueFullException) {
                // nothing went out: waiting for an answer would only end in a timeout
                if (p.removal.remove()) {
                    p.timer.cancel();
                    p.future.completeExceptionally(new RequestFailedException(RequestFailedException.Reason.NOT_SENT,
                            p.what, cause.getMessage(), cause));
                }
            } else if (e != null) {
                // the send failed: the peer is going away, disconnect handling fails the request
                PeerDisconnect d = disconnect;
                if (d == null && !peer.isConnected()) {
                    failAll(new PeerDisconnect(DisconnectReason.IO_ERROR, "send failed: " + e, peer.runtime().time().now()));
                }
            }
        });
    }

    private <P> boolean remove(List<P> list, P p) {
        lock.lock();
        try {
            if (list.remove(p)) {
                inFlight--;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    private <T> boolean removeKeyed(Map<Hash256, List<Pending<T>>> map, Pending<T> p, boolean block) {
        lock.lock();
        try {
            List<Pending<T>> list = map.get((Hash256) p.key);
            if (list != null && list.remove(p)) {
                if (list.isEmpty()) {
                    map.remove((Hash256) p.key);
                }
                inFlight--;
                if (block) {
                    blocksInFlight--;
                }
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Completes the requests a received message answers; called on the reader thread before the listeners. */
    void onMessage(Message m) {
        switch (m) {
            case HeadersMessage h -> answerHeaders(h);
            case BlockMessage b -> complete(blocks, b.block().hash(), b.block(), true);
            case TxMessage t -> {
                if (hasPending(transactions)) {
                    complete(transactions, t.transaction().wtxid(), t.transaction(), false);
                }
            }
            case PongMessage pong -> answerPing(pong.nonce());
            case NotFoundMessage nf -> notFound(nf);
            case CFCheckptMessage c -> answerInOrder(checkpoints, c, c.filterType(), c.stopHash());
            case CFHeadersMessage h -> answerInOrder(filterHeaders, h, h.filterType(), h.stopHash());
            case CFilterMessage f -> answerFilter(f);
            default -> {
                // not an answer to a request future
            }
        }
    }

    private boolean hasPending(Map<?, ?> map) {
        lock.lock();
        try {
            return !map.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private void answerHeaders(HeadersMessage h) {
        Pending<HeadersMessage> match = null;
        lock.lock();
        try {
            Predicate<Pending<HeadersMessage>> answers = p -> {
                if (h.headers().isEmpty()) {
                    return true;
                }
                @SuppressWarnings("unchecked")
                List<Hash256> locator = (List<Hash256>) p.key;
                return locator.isEmpty() || locator.contains(h.headers().get(0).prevBlock());
            };
            for (Iterator<Pending<HeadersMessage>> it = headers.iterator(); it.hasNext(); ) {
                Pending<HeadersMessage> p = it.next();
                if (answers.test(p)) {
                    it.remove();
                    inFlight--;
                    match = p;
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
        if (match != null) {
            match.timer.cancel();
            match.future.complete(h);
        }
    }

    /** A cfcheckpt or cfheaders: answers the oldest request for its stop hash, else it is a wrong reply to the oldest. */
    private <T> void answerInOrder(List<Pending<T>> list, T answer, int filterType, Hash256 stopHash) {
        Pending<T> match = null;
        boolean wrong = false;
        lock.lock();
        try {
            if (list.isEmpty()) {
                return;
            }
            for (Pending<T> p : list) {
                if (filterType == CompactFilters.BASIC && p.key.equals(stopHash)) {
                    match = p;
                    break;
                }
            }
            if (match == null) {
                match = list.getFirst();
                wrong = true;
            }
            list.remove(match);
            inFlight--;
        } finally {
            lock.unlock();
        }
        match.timer.cancel();
        if (wrong) {
            match.future.completeExceptionally(new RequestFailedException(RequestFailedException.Reason.WRONG_REPLY,
                    match.what, "got type " + filterType + " to " + stopHash));
        } else {
            match.future.complete(answer);
        }
    }

    /** A cfilter: the next of the oldest getcfilters stream, else that stream fails as a wrong reply. */
    private void answerFilter(CFilterMessage f) {
        FilterStream s;
        List<CFilterMessage> done = null;
        Hash256 expected;
        lock.lock();
        try {
            if (filterStreams.isEmpty()) {
                return;
            }
            s = filterStreams.getFirst();
            expected = s.blocks.get(s.received.size());
            boolean next = f.filterType() == CompactFilters.BASIC && f.blockHash().equals(expected);
            if (next) {
                s.received.add(f);
            }
            if (!next || s.received.size() == s.blocks.size()) {
                filterStreams.removeFirst();
                inFlight--;
                done = next ? List.copyOf(s.received) : null;
            } else {
                expected = null;
            }
        } finally {
            lock.unlock();
        }
        s.timer.cancel();
        if (done != null) {
            s.future.complete(done);
        } else if (expected != null) {
            s.future.completeExceptionally(new RequestFailedException(RequestFailedException.Reason.WRONG_REPLY, s.what,
                    "cfilter of type " + f.filterType() + " for " + f.blockHash() + ", expected " + expected));
        } else {
            arm(s, FILTER_RESPONSE_TIME, s.removal); // progress: the next cfilter gets a full timeout again
        }
    }

    private <T> void complete(Map<Hash256, List<Pending<T>>> map, Hash256 key, T value, boolean block) {
        List<Pending<T>> done;
        lock.lock();
        try {
            done = map.remove(key);
            if (done == null) {
                return;
            }
            inFlight -= done.size();
            if (block) {
                blocksInFlight -= done.size();
            }
        } finally {
            lock.unlock();
        }
        for (Pending<T> p : done) {
            p.timer.cancel();
            p.future.complete(value);
        }
    }

    private void answerPing(long nonce) {
        Pending<Duration> p;
        lock.lock();
        try {
            p = pings.remove(nonce);
            if (p != null) {
                inFlight--;
            }
        } finally {
            lock.unlock();
        }
        if (p != null) {
            p.timer.cancel();
            p.future.complete(Duration.ofNanos(now() - p.sentNanos));
        }
    }

    private void notFound(NotFoundMessage nf) {
        List<Pending<?>> failed = new ArrayList<>();
        lock.lock();
        try {
            for (InventoryVector inv : nf.items()) {
                List<? extends Pending<?>> gone = inv.isBlock() ? blocks.remove(inv.hash())
                        : inv.type() == InventoryVector.MSG_WTX ? transactions.remove(inv.hash()) : null;
                if (gone != null) {
                    inFlight -= gone.size();
                    if (inv.isBlock()) {
                        blocksInFlight -= gone.size();
                    }
                    failed.addAll(gone);
                }
            }
        } finally {
            lock.unlock();
        }
        for (Pending<?> p : failed) {
            p.timer.cancel();
            p.future.completeExceptionally(new RequestFailedException(RequestFailedException.Reason.NOT_FOUND, p.what, ""));
        }
    }

    /** Fails every waiting request: the peer disconnected. Called once by the peer. */
    void failAll(PeerDisconnect d) {
        List<Pending<?>> failed = new ArrayList<>();
        lock.lock();
        try {
            if (disconnect != null) {
                return;
            }
            disconnect = d;
            failed.addAll(headers);
            blocks.values().forEach(failed::addAll);
            transactions.values().forEach(failed::addAll);
            failed.addAll(pings.values());
            failed.addAll(checkpoints);
            failed.addAll(filterHeaders);
            failed.addAll(filterStreams);
            checkpoints.clear();
            filterHeaders.clear();
            filterStreams.clear();
            headers.clear();
            blocks.clear();
            transactions.clear();
            pings.clear();
            inFlight = 0;
            blocksInFlight = 0;
        } finally {
            lock.unlock();
        }
        for (Pending<?> p : failed) {
            if (p.timer != null) {
                p.timer.cancel();
            }
            p.future.completeExceptionally(new RequestFailedException(RequestFailedException.Reason.DISCONNECTED,
                    p.what, d.toString()));
        }
    }
}
