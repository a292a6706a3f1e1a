package org.btcpeer.peer;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.btcpeer.transport.ReceivedMessage;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.v1.V1FrameDecoder;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.RawMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Bitcoin peer on a connection the caller opened or accepted: it negotiates (version, verack and
 * the feature messages), keeps the connection alive, answers pings, trickles announcements, detects
 * stalls and self-connections, and hands every message to the registered listeners.
 *
 * <p>Threads: one virtual thread reads (and runs listeners), one virtual thread writes from a
 * bounded queue, and the shared {@link PeerScheduler} only evaluates deadlines and enqueues work.
 * All public methods are thread-safe.
 *
 * <pre>
 *   connecting ──version/verack──► ready ──disconnect(reason)──► disconnected
 *        │                                    ▲
 *        └──── timeout, bad version, error ───┘
 * </pre>
 *
 * @see PeerConfig for every timeout and limit, with Core's and btcd's values
 */
public final class Peer {

    private static final Logger log = LoggerFactory.getLogger(Peer.class);

    /**
     * Disconnects that happen all the time on a healthy node, logged at DEBUG; the others (a broken
     * rule, a timeout, a stall) at INFO, as Core logs them without a debug category.
     */
    private static final java.util.Set<DisconnectReason> ROUTINE_DISCONNECTS = java.util.EnumSet.of(
            DisconnectReason.LOCAL, DisconnectReason.REMOTE_CLOSED, DisconnectReason.EVICTED,
            DisconnectReason.OBSOLETE_VERSION, DisconnectReason.VERSION_REJECTED, DisconnectReason.MISSING_SERVICES);

    /**
     * Peer ids are unique in the process and strictly increasing, across all runtimes (like btcd's
     * package-level counter): the one piece of process-wide state, and it holds no behaviour.
     */
    /** How many addresses per peer are remembered as known (Core keeps a 5,000-entry rolling filter). */
    static final int KNOWN_ADDRESSES = 5_000;

    private static final java.util.concurrent.atomic.AtomicLong NEXT_ID = new java.util.concurrent.atomic.AtomicLong(1);

    private final long id;
    private final boolean inbound;
    private final TransportConnection connection;
    private final PeerConfig config;
    private final PeerRuntime runtime;
    private final NetAddress address;
    private final Instant connectedAt;
    private final long connectedAtNanos;
    private final HandshakeDeadline handshakeDeadline;

    final SendQueue sendQueue;
    final BoundedRecentSet<Hash256> knownInventory;
    final BoundedRecentSet<NetAddress> knownAddresses;
    final InventoryTrickler trickler;
    final PingTracker ping = new PingTracker();
    final RequestTracker requests = new RequestTracker();
    final PeerRequests requestFutures = new PeerRequests(this);
    final TrafficCounters sent = new TrafficCounters();
    final TrafficCounters received = new TrafficCounters();
    final IgnoredInputCounters ignoredInput = new IgnoredInputCounters();
    final PeerTimer timer;
    private final PeerProtocol protocol;
    private final PeerPushes pushes;

    private final CompletableFuture<Peer> handshake = new CompletableFuture<>();
    private final CompletableFuture<PeerDisconnect> disconnected = new CompletableFuture<>();
    private final AtomicReference<PeerDisconnect> disconnect = new AtomicReference<>();
    private final AtomicInteger liveThreads = new AtomicInteger(2);
    volatile long lastSendNanos;
    volatile long lastReceiveNanos;
    private volatile Instant lastSend;
    private volatile Instant lastReceive;
    private volatile MessageArrival lastArrival;
    private volatile int lastBlock;
    private volatile long lastNovelBlockNanos = Long.MIN_VALUE;
    private volatile long lastNovelTxNanos = Long.MIN_VALUE;

    private Peer(TransportConnection connection, NetAddress dialed, boolean inbound, PeerConfig config, PeerRuntime runtime,
                 HandshakeDeadline deadline) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.config = Objects.requireNonNull(config, "config");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.inbound = inbound;
        this.id = NEXT_ID.getAndIncrement();
        InetSocketAddress remote = connection.remoteAddress();
        this.address = dialed != null ? dialed
                : remote == null || remote.isUnresolved() ? NetAddress.UNSPECIFIED : NetAddress.of(remote);
        this.connectedAt = runtime.time().now();
        this.connectedAtNanos = runtime.time().nanoTime();
        this.handshakeDeadline = deadline != null ? deadline : new HandshakeDeadline(connectedAtNanos, config.handshakeTimeout());
        this.lastSendNanos = connectedAtNanos;
        this.lastReceiveNanos = connectedAtNanos;
        this.sendQueue = new SendQueue(config.sendQueueLimitBytes());
        this.knownInventory = new BoundedRecentSet<>(config.knownInventoryCapacity());
        this.knownAddresses = new BoundedRecentSet<>(KNOWN_ADDRESSES);
        this.trickler = new InventoryTrickler(config.maxPendingAnnouncements());
        this.timer = new PeerTimer(runtime.scheduler(), runtime.time(), this::onTimer);
        this.protocol = new PeerProtocol(this, config, runtime);
        this.pushes = new PeerPushes(this, runtime);
    }

    /**
     * Starts a peer on a connection we opened: it sends version at once.
     *
     * @param connection a negotiated transport connection
     * @param config     the configuration
     * @param runtime    what the process's peers share
     * @return the running peer
     */
    public static Peer outbound(TransportConnection connection, PeerConfig config, PeerRuntime runtime) {
        return outbound(connection, null, config, runtime);
    }

    /**
     * Starts a peer on a connection we opened to {@code dialed} through something in between (a
     * SOCKS5 proxy, a relay): {@link #address()} is then the peer we asked for (an onion address,
     * say), not the proxy the socket is connected to.
     *
     * @param connection a negotiated transport connection
     * @param dialed     the peer's address, or null to take the socket's remote address
     * @param config     the configuration
     * @param runtime    what the process's peers share
     * @return the running peer
     */
    public static Peer outbound(TransportConnection connection, NetAddress dialed, PeerConfig config,
                                PeerRuntime runtime) {
        return outbound(connection, dialed, config, runtime, null);
    }

    /**
     * Starts a peer on a connection we opened, whose handshake deadline started when the dial
     * began: the version handshake gets only what the transport handshake left of it.
     *
     * @param connection a negotiated transport connection
     * @param dialed     the peer's address, or null to take the socket's remote address
     * @param config     the configuration
     * @param runtime    what the process's peers share
     * @param deadline   the deadline for both handshakes, or null to start one now
     * @return the running peer
     */
    public static Peer outbound(TransportConnection connection, NetAddress dialed, PeerConfig config,
                                PeerRuntime runtime, HandshakeDeadline deadline) {
        Peer p = new Peer(connection, dialed, false, config, runtime, deadline);
        p.start();
        return p;
    }

    /**
     * Starts a peer on a connection we accepted: it waits for the remote version.
     *
     * @param connection a negotiated transport connection
     * @param config     the configuration
     * @param runtime    what the process's peers share
     * @return the running peer
     */
    public static Peer inbound(TransportConnection connection, PeerConfig config, PeerRuntime runtime) {
        return inbound(connection, config, runtime, null);
    }

    /**
     * Starts a peer on a connection we accepted, whose handshake deadline started at accept.
     *
     * @param connection a negotiated transport connection
     * @param config     the configuration
     * @param runtime    what the process's peers share
     * @param deadline   the deadline for both handshakes, or null to start one now
     * @return the running peer
     */
    public static Peer inbound(TransportConnection connection, PeerConfig config, PeerRuntime runtime,
                               HandshakeDeadline deadline) {
        return inbound(connection, config, runtime, deadline, p -> { });
    }

    /**
     * Starts an inbound peer after {@code beforeStart} has seen it: whatever it records (the
     * acceptor's peer list) holds the peer before any of its messages can be read, so before its
     * handshake can complete.
     */
    static Peer inbound(TransportConnection connection, PeerConfig config, PeerRuntime runtime,
                        HandshakeDeadline deadline, java.util.function.Consumer<Peer> beforeStart) {
        Peer p = new Peer(connection, null, true, config, runtime, deadline);
        beforeStart.accept(p);
        p.start();
        return p;
    }

    private void start() {
        Thread.ofVirtual().name("btcpeer-" + id + "-writer").start(this::writeLoop);
        Thread.ofVirtual().name("btcpeer-" + id + "-reader").start(this::readLoop);
        if (!inbound) {
            protocol.sendVersion();
        }
        timer.wakeAt(handshakeDeadline.atNanos());
    }

    // ---------------------------------------------------------------- public API

    /** The process-unique, strictly increasing id. */
    public long id() {
        return id;
    }

    /** Whether the remote connected to us. */
    public boolean isInbound() {
        return inbound;
    }

    /**
     * The remote address: for an outbound peer the address it was dialed at (through a proxy too,
     * see {@link PeerConnector}), else the socket's remote address.
     */
    public NetAddress address() {
        return address;
    }

    /** The configuration. */
    public PeerConfig config() {
        return config;
    }

    /** The transport connection (negotiated version, session id). */
    public TransportConnection connection() {
        return connection;
    }

    /**
     * Completes with this peer when version and verack have been exchanged, after the listeners of
     * the remote's verack have run; fails if it disconnects first. A listener must therefore never
     * wait on it (listeners must not block at all): inside a listener, {@code stats().handshakeComplete()}
     * says whether the verack has arrived.
     */
    public CompletableFuture<Peer> handshake() {
        return handshake.copy();
    }

    /** Completes with the disconnect once the peer has ended: socket closed, threads finished, pending sends failed. */
    public CompletableFuture<PeerDisconnect> disconnected() {
        return disconnected.copy();
    }

    /**
     * Blocks until the peer has ended.
     *
     * @param timeout how long to wait at most
     * @return the disconnect
     * @throws TimeoutException     if it is still running after {@code timeout}
     * @throws InterruptedException if interrupted
     */
    public PeerDisconnect awaitDisconnect(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return disconnected.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Whether the peer is still connected. */
    public boolean isConnected() {
        return disconnect.get() == null;
    }

    /**
     * The last message read from this peer: its wire size and receive time. Inside a listener
     * (which runs on the reader thread) it is the message the listener was called for.
     *
     * @return the arrival, empty before the first message
     */
    public Optional<MessageArrival> lastArrival() {
        return Optional.ofNullable(lastArrival);
    }

    /** The remote version message, once received. */
    public Optional<VersionMessage> remoteVersion() {
        return protocol.remoteVersion();
    }

    /** What the handshake negotiated (all false and 0 before it completed). */
    public NegotiatedFeatures features() {
        return protocol.features();
    }

    /**
     * Queues a message. The future completes when the bytes were written to the socket, in queue
     * order; it fails with {@link SendQueueFullException} at once if the queue is at its byte limit,
     * with {@link SendRefusedException} at once if the remote would disconnect us for it (BIP-37
     * messages to a peer without NODE_BLOOM, tx announcements while tx relay is off for this peer;
     * see {@code docs/peer.md}), and with {@link PeerDisconnectedException} if the peer goes away
     * first. Never blocks.
     *
     * @param message the message
     * @return the completion
     */
    public CompletableFuture<Void> send(Message message) {
        Objects.requireNonNull(message, "message");
        ByteString payload;
        try {
            payload = message.payload();
            org.btcpeer.transport.FrameEncoder.checkPayloadLength(message.commandName(), payload.size());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Optional<String> refusal = protocol.sendRefusal(message);
        if (refusal.isPresent()) {
            return CompletableFuture.failedFuture(new SendRefusedException(message.commandName(), refusal.get()));
        }
        CompletableFuture<Void> done = sendQueue.offer(message, payload, runtime.time().nanoTime());
        if (done.isCompletedExceptionally() && sendQueue.isFull()) {
            FlightEvents.sendQueueFull(id, message.commandName(), sendQueue.queuedBytes(), sendQueue.limitBytes());
        }
        if (!done.isCompletedExceptionally()) {
            protocol.onSending(message, runtime.time().nanoTime());
        }
        return done;
    }

    /**
     * Announces inventory. Blocks go out at once; transactions wait for the trickle timer, are
     * skipped if the peer already knows them or tx relay is off for it (relay=0 on either side and
     * no BIP-37 filter), and go out at most 1,000 per inv.
     *
     * @param inv the inventory vector
     */
    public void announce(InventoryVector inv) {
        protocol.announce(inv, -1);
    }

    /**
     * Announces a transaction, ordered by its fee rate: see
     * {@link #announceTransaction(Hash256, Hash256, long, long)}.
     *
     * @param txid    the txid
     * @param wtxid   the wtxid
     * @param feeRate the fee rate in sat/kvB, or -1 if unknown
     */
    public void announceTransaction(Hash256 txid, Hash256 wtxid, long feeRate) {
        announceTransaction(txid, wtxid, feeRate, feeRate);
    }

    /**
     * Announces a transaction on the trickle timer: by wtxid or txid, whichever was negotiated
     * (BIP-339) when the announcement is released, not now; best {@code order} first (Core sorts
     * by mempool ancestor score); skipped for peers whose feefilter is above {@code feeRate}, peers
     * that know it, and peers with tx relay off.
     *
     * @param txid    the txid
     * @param wtxid   the wtxid
     * @param feeRate the fee rate in sat/kvB, or -1 if unknown
     * @param order   the ordering key: higher is released first, ties in announcement order
     */
    public void announceTransaction(Hash256 txid, Hash256 wtxid, long feeRate, long order) {
        protocol.announceTransaction(txid, wtxid, feeRate, order);
    }

    /**
     * Says whether this peer blocks the application's block download window (Core's staller: the
     * block we need next is in flight from it). While it does, it must deliver a block within the
     * stalling timeout ({@link RequestTimeouts#blockStallingDefault()}, adaptive up to
     * {@link RequestTimeouts#blockStallingMax()}), else it is disconnected with
     * {@link DisconnectReason#STALL}. A block from it clears the mark.
     *
     * @param blocking whether it blocks the window now
     */
    public void setBlockingDownloadWindow(boolean blocking) {
        requests.setBlockingDownloadWindow(blocking, runtime.time().nanoTime());
        timer.wakeAt(runtime.time().nanoTime());
    }

    /**
     * Makes this peer the application's initial headers-sync peer: the sync must finish (see
     * {@link #endHeadersSync()}) within {@link RequestTimeouts#headersSyncBase()} +
     * {@link RequestTimeouts#headersSyncPerHeader()} × {@code expectedHeaders}, else
     * {@link DisconnectReason#STALL} (Core's {@code m_headers_sync_timeout}; Core expects one header
     * per block interval since its best header's time).
     *
     * @param expectedHeaders how many headers the sync should bring
     */
    public void startHeadersSync(long expectedHeaders) {
        long now = runtime.time().nanoTime();
        requests.startHeadersSync(now + config.requestTimeouts().headersSyncNanos(expectedHeaders));
        timer.wakeAt(now);
    }

    /** The headers sync with this peer caught up, or moved elsewhere: no headers deadline any more. */
    public void endHeadersSync() {
        requests.endHeadersSync();
    }

    /**
     * Announces a new block: as headers if the peer sent sendheaders (BIP-130), else as an inv;
     * immediately, and only if the peer does not already know it.
     *
     * @param header the block's header
     */
    public void announceBlock(BlockHeader header) {
        pushes.announceBlock(header);
    }

    /**
     * Sends addresses the peer does not know yet: addrv2 if it sent sendaddrv2, else addr with the
     * IPv4/IPv6 ones only; a random subset of at most 1,000 (Core's {@code MAX_ADDR_TO_SEND}).
     *
     * @param addresses candidate addresses
     * @return the send's completion (already complete if nothing was left to send)
     */
    public CompletableFuture<Void> pushAddresses(java.util.List<AddressRecord> addresses) {
        return pushes.addresses(addresses);
    }

    /**
     * Forgets that the peer knows {@code address}, so {@link #pushAddresses} sends it again: used
     * for our own address, re-advertised about once a day (Core resets the peer's whole known-address
     * filter before its self-advertisement, {@code MaybeSendAddr}).
     *
     * @param address the address
     */
    public void forgetKnownAddress(NetAddress address) {
        knownAddresses.remove(address);
    }

    /**
     * Sends getheaders, unless it repeats the previous getheaders' first locator hash and stop hash
     * (btcd's duplicate-request filter). A retry loop must look at the result: a skipped request
     * gets no answer. {@link #requests()} sends without this filter and matches the answer.
     *
     * @param locator  block locator, tip first
     * @param stopHash last hash wanted, or zero
     * @return true once sent; false at once if skipped as a repeat
     */
    public CompletableFuture<Boolean> pushGetHeaders(java.util.List<Hash256> locator, Hash256 stopHash) {
        return pushes.getHeaders(locator, stopHash);
    }

    /**
     * Sends getblocks, unless it repeats the previous getblocks' first locator hash and stop hash.
     *
     * @param locator  block locator, tip first
     * @param stopHash last hash wanted, or zero
     * @return true once sent; false at once if skipped as a repeat
     */
    public CompletableFuture<Boolean> pushGetBlocks(java.util.List<Hash256> locator, Hash256 stopHash) {
        return pushes.getBlocks(locator, stopHash);
    }

    /**
     * Requests as futures matched to their replies (getheaders, blocks, transactions, ping), with
     * Core's timeouts and a bound on requests in flight; replies still reach the listeners.
     *
     * @return this peer's request futures
     */
    public PeerRequests requests() {
        return requestFutures;
    }

    /**
     * Sends a BIP-61 reject, only to peers at 70002 or later (btcd's rule; Core no longer sends them).
     *
     * @param command the rejected message's command
     * @param code    the BIP-61 code
     * @param reason  a short reason
     * @param hash    the rejected tx or block hash, if any
     * @return the send's completion (already complete if skipped)
     */
    public CompletableFuture<Void> pushReject(String command, int code, String reason, Optional<Hash256> hash) {
        return pushes.reject(command, code, reason, hash);
    }

    /**
     * Records that the peer has {@code hash}, so it is not announced to it again.
     *
     * @param hash a tx or block hash
     */
    public void addKnownInventory(Hash256 hash) {
        knownInventory.add(hash);
    }

    /**
     * Reports that the peer just sent a block that was new to us and valid as far as the application
     * checked (Core's validation calls {@code UpdateLastBlockTime}): inbound eviction protects the
     * peers that most recently did so.
     */
    public void markNovelBlock() {
        lastNovelBlockNanos = runtime.time().nanoTime();
    }

    /**
     * Reports that the peer just sent a transaction that was new to us and accepted (Core's
     * {@code UpdateLastTxTime}, on mempool acceptance): inbound eviction protects the peers that
     * most recently did so.
     */
    public void markNovelTransaction() {
        lastNovelTxNanos = runtime.time().nanoTime();
    }

    /**
     * Raises the best height we know the peer has.
     *
     * @param height a block height
     */
    public void updateLastBlockHeight(int height) {
        if (height > lastBlock) {
            lastBlock = height;
        }
    }

    /**
     * Starts disconnecting with reason {@link DisconnectReason#LOCAL}. Idempotent.
     *
     * @param detail why, for logs and statistics
     */
    public void disconnect(String detail) {
        disconnect(DisconnectReason.LOCAL, detail);
    }

    /**
     * Disconnects with reason {@link DisconnectReason#LOCAL} once everything already queued is
     * written (Peerlink's {@code TryFlush}), where {@link #disconnect(String)} fails queued sends at
     * once. Sends from now on fail with {@link SendRefusedException}. A remote that stops reading
     * is still ended by the send-stall timeout ({@link PeerConfig#sendStallTimeout()}), so this
     * cannot hang. Idempotent.
     *
     * @param detail why, for logs and statistics
     * @return the disconnect, completing when the peer has gone away
     */
    public CompletableFuture<PeerDisconnect> disconnectAfterFlush(String detail) {
        sendQueue.closeWhenDrained(() -> disconnect(DisconnectReason.LOCAL, detail));
        return disconnected;
    }

    /**
     * How long the oldest message not yet written has been waiting in the send queue (Peerlink's
     * send-queue telemetry): a growing age means the remote reads slower than we send.
     *
     * @return the age on the runtime's clock, {@link Duration#ZERO} when nothing is waiting
     */
    public Duration oldestQueuedSendAge() {
        return sendQueue.oldestQueuedAtNanos().stream()
                .mapToObj(at -> Duration.ofNanos(runtime.time().nanoTime() - at))
                .findFirst().orElse(Duration.ZERO);
    }

    /** An immutable snapshot of the peer's state and counters. */
    public PeerStats stats() {
        Optional<VersionMessage> v = remoteVersion();
        long checksumFailures = connection.reader().decoder() instanceof V1FrameDecoder d ? d.checksumFailures() : 0;
        return new PeerStats(id, address, inbound, connection.version(), connection.sessionIdHex(),
                v.map(VersionMessage::services).orElse(ServiceFlags.NONE), v.map(VersionMessage::userAgent).orElse(""),
                v.map(VersionMessage::version).orElse(0), features(), v.map(VersionMessage::startHeight).orElse(0),
                lastBlock, connectedAt, protocol.isComplete(),
                sent.totalBytes(), received.totalBytes(), sent.snapshot(), received.snapshot(),
                Optional.ofNullable(lastSend), Optional.ofNullable(lastReceive), ping.lastRtt(), ping.minRtt(),
                ping.outstanding(), protocol.timeOffset(), sendQueue.queuedBytes(), checksumFailures,
                ignoredInput.snapshot(), requests.expiredTxRequests(), trickler.droppedCount());
    }

    @Override
    public String toString() {
        return "peer " + id + " " + address + (inbound ? " (inbound)" : " (outbound)");
    }

    // ---------------------------------------------------------------- package API for PeerProtocol

    /** When the connection started, on the runtime's monotonic clock. */
    long connectedAtNanos() {
        return connectedAtNanos;
    }

    /** When {@link #markNovelBlock} was last called, or {@code Long.MIN_VALUE}. */
    long lastNovelBlockNanos() {
        return lastNovelBlockNanos;
    }

    /** When {@link #markNovelTransaction} was last called, or {@code Long.MIN_VALUE}. */
    long lastNovelTxNanos() {
        return lastNovelTxNanos;
    }

    /** The smallest ping round trip in nanoseconds, or {@code Long.MAX_VALUE} if none was measured. */
    long minPingNanos() {
        return ping.minRtt().map(java.time.Duration::toNanos).orElse(Long.MAX_VALUE);
    }

    /** Queues a protocol message we generate ourselves; a refusal (queue full) is logged, not thrown. */
    void enqueue(Message message) {
        send(message).exceptionally(e -> {
            if (!(e instanceof PeerDisconnectedException)) {
                log.debug("{}: could not queue {}: {}", this, message.commandName(), e.getMessage());
            }
            return null;
        });
    }

    /**
     * Whether the version handshake has completed successfully. Unlike a callback on
     * {@link #handshake()}, it is already true when the first of those callbacks runs.
     */
    boolean handshakeSucceeded() {
        return handshake.isDone() && !handshake.isCompletedExceptionally();
    }

    void handshakeCompleted() {
        FlightEvents.connected(this, runtime.time().nanoTime() - connectedAtNanos);
        handshake.complete(this);
    }

    HandshakeDeadline handshakeDeadline() {
        return handshakeDeadline;
    }

    PeerRuntime runtime() {
        return runtime;
    }

    /**
     * Starts the disconnect: records the reason once, closes the socket (which ends both threads),
     * fails queued sends and stops the timer. The {@link #disconnected()} future completes when both
     * threads have finished.
     */
    void disconnect(DisconnectReason reason, String detail) {
        if (reason == DisconnectReason.REMOTE_CLOSED && disconnect.get() == null && protocol.reachedOurselves()) {
            // The remote was our own inbound side (same runtime): say so on this side too.
            reason = DisconnectReason.SELF_CONNECTION;
            detail = "connected to ourselves: our inbound side saw this connection's version nonce and closed ("
                    + detail + ")";
        }
        PeerDisconnect d = new PeerDisconnect(reason, detail, runtime.time().now());
        if (!disconnect.compareAndSet(null, d)) {
            return;
        }
        FlightEvents.disconnected(this, d, runtime.time().nanoTime() - connectedAtNanos, sent.totalBytes(),
                received.totalBytes());
        if (!handshake.isDone() || handshake.isCompletedExceptionally()) {
            // A connection that never finished its version handshake (an evicted or timed-out flood
            // connection) gets no INFO line: the acceptor's summary counts them.
            log.debug("{} disconnected before its version handshake: {}", this, d);
        } else if (ROUTINE_DISCONNECTS.contains(reason)) {
            log.debug("{} disconnected: {}", this, d);
        } else {
            log.info("{} disconnected: {}", this, d);
        }
        timer.stop();
        protocol.onDisconnect();
        requestFutures.failAll(d);
        try {
            connection.close();
        } catch (IOException e) {
            log.debug("{}: close failed: {}", this, e.toString());
        }
        sendQueue.close(d);
        handshake.completeExceptionally(new PeerDisconnectedException(d));
    }

    // ---------------------------------------------------------------- threads

    private void readLoop() {
        try {
            while (isConnected()) {
                ReceivedMessage r;
                try {
                    r = connection.reader().read();
                } catch (TransportException e) {
                    if (!dropMalformed(e)) {
                        throw e;
                    }
                    continue;
                }
                long now = runtime.time().nanoTime();
                lastReceiveNanos = now;
                lastReceive = runtime.time().now();
                lastArrival = new MessageArrival(r.message().commandName(), r.wireBytes(), lastReceive);
                received.count(r.message(), r.wireBytes());
                FlightEvents.received(id, r.message().commandName(), r.wireBytes());
                if (r.trailingBytes() > 0) {
                    ignoredInput.trailingBytes(r.message().commandName(), r.trailingBytes());
                    log.debug("{}: ignored {} bytes after the fields of {} (a future extension?)", this,
                            r.trailingBytes(), r.message().commandName());
                }
                protocol.onMessage(r.message(), now);
            }
        } catch (EOFException e) {
            disconnect(DisconnectReason.REMOTE_CLOSED, "peer closed the connection");
        } catch (TransportException e) {
            disconnect(e.reason() == TransportException.Reason.MALFORMED_PAYLOAD
                    ? DisconnectReason.PROTOCOL_VIOLATION : transportReason(e), e.getMessage());
        } catch (IOException e) {
            // A reset or broken connection: the remote (or the path to it) went away.
            disconnect(DisconnectReason.REMOTE_CLOSED, "connection lost while reading: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            log.error("{}: unexpected failure in the reader", this, e);
            disconnect(DisconnectReason.IO_ERROR, "internal error in reader: " + e);
        } finally {
            threadEnded();
        }
    }

    /**
     * Under {@link MalformedMessagePolicy#DROP}, a payload that did not decode is dropped and the
     * peer kept, as Core's {@code ProcessMessages} catches the deserialization exception and moves
     * on. The decoder consumed the whole frame first, so the stream is still in sync.
     *
     * @return whether the failure was a dropped malformed message (the caller reads on)
     */
    private boolean dropMalformed(TransportException e) {
        if (e.reason() != TransportException.Reason.MALFORMED_PAYLOAD
                || config.malformedMessagePolicy() != MalformedMessagePolicy.DROP) {
            return false;
        }
        long now = runtime.time().nanoTime();
        lastReceiveNanos = now; // bytes did arrive: the peer is alive
        lastReceive = runtime.time().now();
        long n = ignoredInput.malformedDropped();
        log.debug("{}: dropped a malformed message ({} so far): {}", this, n, e.getMessage());
        return true;
    }

    private static DisconnectReason transportReason(TransportException e) {
        return switch (e.reason()) {
            case AUTHENTICATION_FAILED, BAD_HANDSHAKE, GARBAGE_TOO_LONG -> DisconnectReason.V2_FAILURE;
            default -> DisconnectReason.TRANSPORT_ERROR;
        };
    }

    /** The most messages, and bytes, the writer sends with one flush. */
    static final int WRITE_BATCH_MESSAGES = 128;
    static final long WRITE_BATCH_BYTES = 256 * 1024;

    private void writeLoop() {
        try {
            java.util.List<SendQueue.Entry> batch = new java.util.ArrayList<>();
            java.util.List<RawMessage> frames = new java.util.ArrayList<>();
            while (true) {
                SendQueue.Entry first = sendQueue.take();
                if (first == null) {
                    return; // closed
                }
                batch.clear();
                batch.add(first);
                // Whatever else is queued goes out with the same flush: one syscall for many small messages.
                sendQueue.drainTo(batch, WRITE_BATCH_MESSAGES, WRITE_BATCH_BYTES);
                frames.clear();
                for (SendQueue.Entry e : batch) {
                    frames.add(new RawMessage(e.message().commandName(), e.payload()));
                }
                int[] sizes;
                try {
                    sizes = connection.writer().writeAll(frames);
                } catch (IOException ex) {
                    for (SendQueue.Entry e : batch) {
                        e.done().completeExceptionally(ex);
                    }
                    disconnect(DisconnectReason.REMOTE_CLOSED, "connection lost while writing: " + ex.getMessage());
                    return;
                }
                long now = runtime.time().nanoTime();
                lastSendNanos = now; // also the last write progress, for the send-stall deadline
                lastSend = runtime.time().now();
                for (int i = 0; i < batch.size(); i++) {
                    SendQueue.Entry e = batch.get(i);
                    sendQueue.written(e);
                    sent.count(e.message(), sizes[i]);
                    FlightEvents.sent(id, e.message().commandName(), sizes[i]);
                    e.done().complete(null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("{}: unexpected failure in the writer", this, e);
            disconnect(DisconnectReason.IO_ERROR, "internal error in writer: " + e);
        } finally {
            threadEnded();
        }
    }

    private void threadEnded() {
        if (liveThreads.decrementAndGet() == 0) {
            PeerDisconnect d = disconnect.get();
            if (d == null) {
                disconnect(DisconnectReason.IO_ERROR, "threads ended");
                d = disconnect.get();
            }
            disconnected.complete(d);
        }
    }

    private void onTimer() {
        try {
            long next = protocol.onTick(runtime.time().nanoTime());
            timer.wakeAt(next);
        } catch (RuntimeException e) {
            log.error("{}: unexpected failure in the timer", this, e);
            disconnect(DisconnectReason.IO_ERROR, "internal error in timer: " + e);
        }
    }

}
