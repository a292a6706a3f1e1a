package org.btcpeer.peer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.peer.inbound.Permission;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.ProtocolVersion;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.AddrMessage;
import org.btcpeer.wire.message.AddrV2Message;
import org.btcpeer.wire.message.FeeFilterMessage;
import org.btcpeer.wire.message.FilterAddMessage;
import org.btcpeer.wire.message.FilterClearMessage;
import org.btcpeer.wire.message.FilterLoadMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.MempoolMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.SendAddrV2Message;
import org.btcpeer.wire.message.SendCmpctMessage;
import org.btcpeer.wire.message.SendHeadersMessage;
import org.btcpeer.wire.message.SendTxRcnclMessage;
import org.btcpeer.wire.message.TxMessage;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.btcpeer.wire.message.WtxidRelayMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol rules of one peer, kept apart from its threads: the version handshake and feature
 * negotiation, what is answered or recorded automatically, what breaks the protocol, and the timer
 * tick that enforces every deadline.
 *
 * <p>Received messages arrive on the reader thread only; the tick runs on the scheduler thread and
 * touches only thread-safe trackers and the negotiated state under {@link #lock}. Listeners are
 * called on the reader thread with no lock held.
 *
 * <p>Handshake, as Core's {@code ProcessMessage}:
 * <pre>
 * outbound: send version ─► recv version ─► send [wtxidrelay] [sendaddrv2] verack ─► recv verack
 * inbound:  recv version ─► send version [wtxidrelay] [sendaddrv2] verack ─► recv verack
 * then:     send [sendcmpct(0,2)] [sendheaders] [feefilter], first ping; feefilter refreshed on
 *           Core's timer ({@link FeeFilterSchedule})
 * </pre>
 * Messages before version are ignored; between version and verack only wtxidrelay, sendaddrv2,
 * sendheaders and sendcmpct are processed, others are ignored ("Unsupported message prior to
 * verack"). wtxidrelay or sendaddrv2 after verack disconnects. As Core v30, these are ignored
 * (counted in {@link IgnoredInput#ignoredMessages()}, not passed to listeners): a redundant version
 * or verack, sendcmpct with a version other than 2, wtxidrelay when the common version is below
 * 70016, and sendtxrcncl whenever it arrives (we do not implement Erlay, so Core's path for a node
 * without {@code -txreconciliation} applies).
 */
final class PeerProtocol {

    private static final Logger log = LoggerFactory.getLogger(PeerProtocol.class);

    private final Peer peer;
    private final PeerConfig config;
    private final PeerRuntime runtime;
    private final ReentrantLock lock = new ReentrantLock();

    // Negotiation state, written by the reader thread, read by others under the lock.
    private VersionMessage remoteVersion;
    private boolean verackReceived; // the handshake is complete once the peer's verack arrived
    private long ourNonce;
    private int negotiatedVersion;
    private boolean peerWtxidRelay;
    private boolean peerAddrV2;
    private boolean peerTxReconciliation;
    private boolean peerWantsHeaders;
    private long peerCompactVersion;
    private boolean peerHighBandwidth;
    private long peerFeeFilter;
    private boolean peerRelayTxs; // Core's m_relay_txs: the version's relay flag, or a BIP-37 filter loaded since
    private Duration timeOffset = Duration.ZERO;
    private final FeeFilterSchedule feeFilterSchedule; // null unless FeeFilter.Mempool

    PeerProtocol(Peer peer, PeerConfig config, PeerRuntime runtime) {
        this.peer = peer;
        this.config = config;
        this.runtime = runtime;
        this.feeFilterSchedule = config.feeFilter() instanceof FeeFilter.Mempool m
                ? new FeeFilterSchedule(m, new FeeFilterRounder(m.incrementalRelayFee(), runtime.random()),
                        runtime::exponentialDelay, runtime::uniformLong)
                : null;
    }

    // ------------------------------------------------------------------ handshake

    void sendVersion() {
        long nonce = runtime.nonZeroNonce();
        lock.lock();
        try {
            ourNonce = nonce;
        } finally {
            lock.unlock();
        }
        if (!peer.isInbound()) {
            runtime.nonces().add(nonce); // Core checks inbound nonces against outbound connections
        }
        NetAddress remote = peer.address();
        ServiceFlags theirServices = remoteVersion().map(VersionMessage::services).orElse(ServiceFlags.NONE);
        // Core sends addr_you only for routable addresses that fit the legacy field (never a loopback,
        // a local proxy's address, or an onion / I2P / CJDNS address).
        NetAddress addrYou = remote.isRoutable() && remote.network().isLegacyEncodable() ? remote : NetAddress.UNSPECIFIED;
        ServiceFlags ours = config.advertisedServices(); // NODE_P2P_V2 whenever v2 is offered, as Core
        peer.enqueue(new VersionMessage(config.protocolVersion(), ours, runtime.time().now().getEpochSecond(),
                theirServices, addrYou, ours, NetAddress.UNSPECIFIED, nonce, config.userAgent(),
                config.startHeight().getAsInt(), config.relay()));
    }

    private void onVersion(VersionMessage v) {
        if (v.version() < config.minProtocolVersion()) {
            peer.disconnect(DisconnectReason.OBSOLETE_VERSION, "peer version " + v.version()
                    + " below minimum " + config.minProtocolVersion());
            return;
        }
        if (peer.isInbound() && runtime.nonces().contains(v.nonce())) {
            runtime.nonces().markSelfConnection(v.nonce()); // before the close the dialing side sees
            peer.disconnect(DisconnectReason.SELF_CONNECTION, "inbound version carries our nonce "
                    + Long.toHexString(v.nonce()));
            return;
        }
        if (!peer.isInbound()) {
            // Core: ExpectServicesFromConn() && !HasAllDesirableServiceFlags(nServices) => disconnect.
            Optional<String> missing = config.requiredServices().missing(v.services());
            if (missing.isPresent()) {
                peer.disconnect(DisconnectReason.MISSING_SERVICES, missing.get());
                return;
            }
        }
        Optional<String> rejection;
        try {
            rejection = config.listeners().versionCheck().check(peer, v);
        } catch (RuntimeException e) {
            log.warn("{}: version check threw; rejecting", peer, e);
            rejection = Optional.of("version check failed: " + e);
        }
        if (rejection.isPresent()) {
            peer.disconnect(DisconnectReason.VERSION_REJECTED, rejection.get());
            return;
        }
        int common = Math.min(config.protocolVersion(), v.version());
        lock.lock();
        try {
            remoteVersion = v;
            peerRelayTxs = v.relay();
            negotiatedVersion = common;
            timeOffset = Duration.ofSeconds(v.timestamp() - runtime.time().now().getEpochSecond());
        } finally {
            lock.unlock();
        }
        peer.updateLastBlockHeight(v.startHeight());
        if (peer.isInbound()) {
            sendVersion();
        }
        if (common >= ProtocolVersion.WTXID_RELAY) {
            if (config.wtxidRelay()) {
                peer.enqueue(WtxidRelayMessage.INSTANCE);
            }
            if (config.addrV2()) {
                peer.enqueue(SendAddrV2Message.INSTANCE);
            }
        }
        peer.enqueue(VerackMessage.INSTANCE);
    }

    private void onVerack(long now) {
        int common;
        lock.lock();
        try {
            verackReceived = true;
            common = negotiatedVersion;
        } finally {
            lock.unlock();
        }
        runtime.nonces().remove(ourNonce);
        if (config.compactBlocks() && common >= ProtocolVersion.SHORT_IDS_BLOCKS) {
            peer.enqueue(new SendCmpctMessage(false, SendCmpctMessage.CMPCTBLOCKS_VERSION));
        }
        if (config.sendHeaders() && common >= ProtocolVersion.SENDHEADERS) {
            peer.enqueue(SendHeadersMessage.INSTANCE);
        }
        if (config.feeFilter() instanceof FeeFilter.Fixed f && feeFilterAllowed(common)) {
            peer.enqueue(new FeeFilterMessage(f.satPerKvB()));
        }
        peer.timer.wakeAt(now); // the first ping goes out right away, as Core's
        // The handshake future completes in onMessage, after the listeners have seen this verack.
    }

    /**
     * Core's {@code MaybeSendFeefilter} preconditions: the peer understands feefilter
     * ({@code FEEFILTER_VERSION}) and we take transactions on this connection (not a
     * block-relay-only or blocks-only connection, whose version said relay=false).
     */
    private boolean feeFilterAllowed(int common) {
        return config.relay() && common >= ProtocolVersion.FEEFILTER;
    }

    // ------------------------------------------------------------------ receiving

    /** Handles one received message on the reader thread, then calls the listeners. */
    void onMessage(Message m, long now) {
        boolean deliver = switch (m) {
            case VersionMessage v -> {
                if (remoteVersion().isPresent()) {
                    // Core's ProcessMessage: "redundant version message", ignored (not a disconnect)
                    ignored(m, "redundant");
                    yield false;
                }
                onVersion(v);
                yield peer.isConnected();
            }
            default -> handleAfterVersion(m, now);
        };
        if (deliver && peer.isConnected()) {
            dispatch(m);
        }
        if (deliver && m instanceof VerackMessage) {
            // Last, after the verack's listeners: whoever waits on the handshake sees them run and
            // the ping timer armed.
            peer.handshakeCompleted();
        }
    }

    private boolean handleAfterVersion(Message m, long now) {
        if (remoteVersion().isEmpty()) {
            ignored(m, "before version");
            return false;
        }
        boolean afterVerack = isComplete();
        switch (m) {
            case VerackMessage v -> {
                if (afterVerack) {
                    ignored(m, "redundant"); // Core: "ignoring redundant verack message"
                    return false;
                }
                onVerack(now);
                return true;
            }
            case WtxidRelayMessage w -> {
                if (!afterVerack && negotiatedVersion() < ProtocolVersion.WTXID_RELAY) {
                    // Core: "ignoring wtxidrelay due to old common version" (not recorded); the
                    // after-verack check comes first there too.
                    ignored(m, "with common version " + negotiatedVersion() + " below " + ProtocolVersion.WTXID_RELAY);
                    return false;
                }
                return featureBeforeVerack(m, afterVerack, () -> peerWtxidRelay = true);
            }
            case SendAddrV2Message s -> {
                return featureBeforeVerack(m, afterVerack, () -> peerAddrV2 = true);
            }
            case SendTxRcnclMessage s -> {
                // Core without -txreconciliation: "sendtxrcncl ... ignored, as our node does not
                // have txreconciliation enabled", checked before the after-verack disconnect. We
                // only note that the peer offered Erlay (NegotiatedFeatures.peerTxReconciliation).
                if (!afterVerack) {
                    setUnderLock(() -> peerTxReconciliation = true);
                }
                ignored(m, "(Erlay is not implemented)");
                return false;
            }
            case SendHeadersMessage s -> {
                setUnderLock(() -> peerWantsHeaders = true);
                return true;
            }
            case SendCmpctMessage s -> {
                if (s.version() != SendCmpctMessage.CMPCTBLOCKS_VERSION) {
                    // Core: "Only support compact block relay with witnesses": the whole message,
                    // its high-bandwidth flag included, is ignored.
                    ignored(m, "with version " + s.version());
                    return false;
                }
                setUnderLock(() -> {
                    peerCompactVersion = s.version();
                    peerHighBandwidth = s.highBandwidth(); // the latest one counts, as Core
                });
                return true;
            }
            default -> {
                if (!afterVerack) {
                    ignored(m, "prior to verack");
                    return false;
                }
                return handleReady(m, now);
            }
        }
    }

    private boolean featureBeforeVerack(Message m, boolean afterVerack, Runnable record) {
        if (afterVerack) {
            peer.disconnect(DisconnectReason.PROTOCOL_VIOLATION, m.commandName() + " received after verack");
            return false;
        }
        setUnderLock(record);
        return true;
    }

    private boolean handleReady(Message m, long now) {
        switch (m) {
            case PingMessage p -> {
                if (negotiatedVersion() > ProtocolVersion.BIP31_PONG) {
                    peer.enqueue(new PongMessage(p.nonce()));
                }
            }
            case PongMessage p -> {
                if (peer.ping.pong(p.nonce(), now)) {
                    peer.timer.wakeAt(peer.ping.nextDue(config.pingInterval().toNanos(), now));
                }
            }
            case FeeFilterMessage f -> setUnderLock(() -> peerFeeFilter = f.feeRate());
            case InvMessage inv -> {
                Optional<InventoryVector> unwanted = unwantedTxAnnouncement(inv);
                if (unwanted.isPresent()) {
                    // Core: "transaction (hash) inv sent in violation of protocol" when RejectIncomingTxs.
                    peer.disconnect(DisconnectReason.PROTOCOL_VIOLATION, "transaction " + unwanted.get().hash()
                            + " inv sent in violation of protocol (we sent relay=0)");
                    return false;
                }
                for (InventoryVector v : inv.items()) {
                    peer.knownInventory.add(v.hash());
                }
            }
            case TxMessage t -> {
                if (rejectsIncomingTxs()) {
                    peer.disconnect(DisconnectReason.PROTOCOL_VIOLATION,
                            "transaction sent in violation of protocol (we sent relay=0)");
                    return false;
                }
                ChainResponses.onResponse(peer, m, now);
            }
            case NotFoundMessage nf -> peer.requests.notFound(nf.items(), now);
            case AddrMessage a -> a.addresses().forEach(r -> peer.knownAddresses.add(r.address()));
            case AddrV2Message a -> a.addresses().forEach(r -> peer.knownAddresses.add(r.address()));
            case FilterLoadMessage f -> {
                return bloomAllowed(m) && txRelayTurnedOn();
            }
            case FilterAddMessage f -> {
                return bloomAllowed(m);
            }
            case FilterClearMessage f -> {
                return bloomAllowed(m) && txRelayTurnedOn();
            }
            case MempoolMessage mp -> {
                if (!config.services().has(ServiceFlags.NODE_BLOOM) && !config.permissions().has(Permission.MEMPOOL)) {
                    // Core's ProcessMessage(MEMPOOL): without NODE_BLOOM and no mempool permission,
                    // "mempool request with bloom filters disabled", disconnect.
                    peer.disconnect(DisconnectReason.PROTOCOL_VIOLATION, "mempool request with bloom filters disabled"
                            + " (we do not offer NODE_BLOOM)");
                    return false;
                }
            }
            default -> ChainResponses.onResponse(peer, m, now);
        }
        return true;
    }

    /**
     * BIP-111: a peer at 70011+ that sends filter messages when we do not offer NODE_BLOOM is
     * disconnected; older peers' filter messages are ignored without reaching listeners.
     */
    private boolean bloomAllowed(Message m) {
        if (config.services().has(ServiceFlags.NODE_BLOOM)) {
            return true;
        }
        if (remoteVersion().map(VersionMessage::version).orElse(0) >= ProtocolVersion.NO_BLOOM) {
            peer.disconnect(DisconnectReason.PROTOCOL_VIOLATION, m.commandName() + " without NODE_BLOOM offered (BIP-111)");
        } else {
            ignored(m, "without NODE_BLOOM offered (pre-BIP-111 peer)");
        }
        return false;
    }

    /** Core's filterload and filterclear set {@code m_relay_txs}: a relay=0 peer now takes transactions. */
    private boolean txRelayTurnedOn() {
        setUnderLock(() -> peerRelayTxs = true);
        return true;
    }

    /**
     * A tx announcement the peer must not send us: we said relay=0 (Core's {@code RejectIncomingTxs}:
     * block-relay-only or blocks-only). Only vectors of the negotiated kind count: Core skips MSG_TX
     * from wtxid-relay peers and MSG_WTX from others before the check.
     */
    /**
     * Core's {@code RejectIncomingTxs}: we asked for no transactions ({@code relay=0}) and the peer
     * has no {@code relay} permission (which lets a whitelisted peer send transactions to a blocks-only node).
     */
    private boolean rejectsIncomingTxs() {
        return !config.relay() && !config.permissions().has(Permission.RELAY);
    }

    private Optional<InventoryVector> unwantedTxAnnouncement(InvMessage inv) {
        if (!rejectsIncomingTxs()) {
            return Optional.empty();
        }
        boolean wtxid = features().wtxidRelay();
        for (InventoryVector v : inv.items()) {
            boolean isWtx = (v.type() & ~InventoryVector.MSG_WITNESS_FLAG) == InventoryVector.MSG_WTX;
            if (v.isTransaction() && isWtx == wtxid) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** Counts and logs a well-formed message that a protocol rule ignores; listeners do not see it. */
    private void ignored(Message m, String when) {
        long n = peer.ignoredInput.ignoredMessage();
        log.debug("{}: ignoring {} {} ({} ignored so far)", peer, m.commandName(), when, n);
    }

    private void dispatch(Message m) {
        peer.requestFutures.onMessage(m); // request futures first, then the listeners see the reply too
        for (MessageListener<Message> l : config.listeners().forType(m.getClass())) {
            call(l, m);
        }
        for (MessageListener<Message> l : config.listeners().forAny()) {
            call(l, m);
        }
    }

    private void call(MessageListener<Message> l, Message m) {
        try {
            l.onMessage(peer, m);
        } catch (RuntimeException e) {
            // A peer that keeps triggering a listener bug must not flood the log: the first few
            // failures are logged with their stack trace, the rest counted and reported at disconnect.
            long n = listenerFailures.incrementAndGet();
            if (n <= LOGGED_LISTENER_FAILURES) {
                log.warn("{}: listener for {} threw; the peer continues", peer, m.commandName(), e);
            } else {
                log.debug("{}: listener for {} threw again: {}", peer, m.commandName(), e.toString());
            }
        }
    }

    /** Listener failures of this peer logged at WARN; the rest are summed up at disconnect. */
    static final int LOGGED_LISTENER_FAILURES = 5;

    private final AtomicLong listenerFailures = new AtomicLong();

    /** How many times a listener threw on this peer's messages. */
    long listenerFailureCount() {
        return listenerFailures.get();
    }

    // ------------------------------------------------------------------ sending side hooks

    /**
     * Why {@code m} must not be sent to this peer now, if it must not: messages the remote would
     * disconnect us for (see {@link SendRules}).
     */
    Optional<String> sendRefusal(Message m) {
        return SendRules.refusal(m, remoteVersion().map(VersionMessage::services), txRelayAllowed());
    }

    /** Tracks requests that expect answers, for their timeouts. */
    void onSending(Message m, long now) {
        if (m instanceof GetDataMessage g) {
            peer.requests.requested(g.items(), now, config.requestTimeouts().txRequestExpiry().toNanos());
            peer.timer.wakeAt(now); // the tick computes the new deadlines
        }
    }

    /**
     * Whether transactions may be announced or sent to this peer: we did not say relay=0, and the
     * peer did not either or has loaded a BIP-37 filter since (Core's {@code m_relay_txs}); false
     * before its version arrived.
     */
    boolean txRelayAllowed() {
        lock.lock();
        try {
            return config.relay() && remoteVersion != null && peerRelayTxs;
        } finally {
            lock.unlock();
        }
    }

    /** Whether announcing a tx now can still lead to relay (true before the peer's version is known). */
    private boolean txRelayPossible() {
        lock.lock();
        try {
            return config.relay() && (remoteVersion == null || peerRelayTxs);
        } finally {
            lock.unlock();
        }
    }

    void announceTransaction(Hash256 txid, Hash256 wtxid, long feeRate, long order) {
        if (!peer.isConnected() || !txRelayPossible()) {
            return;
        }
        if (peer.knownInventory.contains(wtxid) || peer.knownInventory.contains(txid)) {
            return;
        }
        if (peer.trickler.addTransaction(txid, wtxid, feeRate, order)) {
            scheduleTrickle();
        }
    }

    private void scheduleTrickle() {
        long at = nextTrickleRelease(runtime.time().nanoTime());
        peer.trickler.scheduleRelease(at);
        peer.timer.wakeAt(at);
    }

    void announce(InventoryVector inv, long feeRate) {
        if (!peer.isConnected()) {
            return;
        }
        if (inv.isBlock()) {
            if (peer.knownInventory.add(inv.hash())) {
                peer.enqueue(new InvMessage(List.of(inv)));
            }
            return;
        }
        if ((inv.isTransaction() && !txRelayPossible()) || peer.knownInventory.contains(inv.hash())) {
            return;
        }
        if (peer.trickler.add(inv, feeRate)) {
            scheduleTrickle();
        }
    }

    /**
     * When the next batch of tx announcements goes out: Core's shared Poisson timer for inbound
     * peers ({@code NextInvToInbounds}), a per-peer exponential delay for outbound ones.
     */
    private long nextTrickleRelease(long now) {
        return peer.isInbound()
                ? runtime.nextInboundInventorySend(now, config.inboundTrickleInterval().toNanos())
                : now + runtime.exponentialDelay(config.outboundTrickleInterval().toNanos());
    }

    // ------------------------------------------------------------------ timer

    /**
     * Enforces every deadline and does the periodic work; returns when to run next.
     *
     * @return the next deadline in nanos, or {@code Long.MAX_VALUE}
     */
    long onTick(long now) {
        if (!peer.isConnected()) {
            return Long.MAX_VALUE;
        }
        long handshakeDeadline = peer.handshakeDeadline().atNanos();
        if (!isComplete()) {
            if (now - handshakeDeadline >= 0) {
                peer.disconnect(DisconnectReason.HANDSHAKE_TIMEOUT, "version handshake not complete "
                        + peer.handshakeDeadline().timeout().toSeconds() + " s after the connection began");
                return Long.MAX_VALUE;
            }
            return handshakeDeadline;
        }
        long pongTimeout = config.pongTimeout().toNanos();
        if (now - peer.ping.pongDeadline(pongTimeout) >= 0 && peer.ping.outstanding()) {
            peer.disconnect(DisconnectReason.PONG_TIMEOUT, "no pong within " + config.pongTimeout().toMinutes() + " min");
            return Long.MAX_VALUE;
        }
        long idle = config.idleTimeout().toNanos();
        long idleDeadline = Math.min(peer.lastReceiveNanos, peer.lastSendNanos) + idle;
        if (now - idleDeadline >= 0) {
            String what = now - (peer.lastReceiveNanos + idle) >= 0 ? "received" : "sent";
            peer.disconnect(DisconnectReason.IDLE, "nothing " + what + " for " + config.idleTimeout().toSeconds() + " s");
            return Long.MAX_VALUE;
        }
        RequestTimeouts timeouts = config.requestTimeouts();
        long stallingDefault = timeouts.blockStallingDefault().toNanos();
        long stallingMax = timeouts.blockStallingMax().toNanos();
        RequestTracker.Verdict requests = peer.requests.check(now,
                peer.requests.blocksInFlight() == 0 ? 0 : timeouts.blockDownloadNanos(timeouts.otherDownloadPeers().getAsInt()),
                runtime.blockStalling().current(stallingDefault, stallingMax));
        if (requests.stall().isPresent()) {
            if (requests.stalling()) {
                // Core: the next staller gets twice as long, so our own slow link does not drop peer after peer.
                runtime.blockStalling().stallerDisconnected(stallingDefault, stallingMax);
            }
            peer.disconnect(DisconnectReason.STALL, requests.stall().get());
            return Long.MAX_VALUE;
        }
        long sendStall = Long.MAX_VALUE;
        if (peer.sendQueue.isFull()) {
            sendStall = peer.lastSendNanos + config.sendStallTimeout().toNanos(); // the last write's end
            if (now - sendStall >= 0) {
                peer.disconnect(DisconnectReason.SEND_BUFFER_OVERFLOW, "send queue full (" + peer.sendQueue.queuedBytes()
                        + " bytes, limit " + peer.sendQueue.limitBytes() + ") with no write progress for "
                        + config.sendStallTimeout().toSeconds() + " s");
                return Long.MAX_VALUE;
            }
        }
        long interval = config.pingInterval().toNanos();
        if (peer.ping.isDue(now, interval)) {
            long nonce = runtime.nonZeroNonce();
            peer.ping.sent(nonce, now);
            peer.enqueue(new PingMessage(nonce));
        }
        long feeFilterWake = Long.MAX_VALUE;
        if (feeFilterSchedule != null && feeFilterAllowed(negotiatedVersion())) {
            feeFilterSchedule.poll(now).ifPresent(v -> peer.enqueue(new FeeFilterMessage(v)));
            feeFilterWake = feeFilterSchedule.nextWake(now);
        }
        if (!txRelayAllowed()) {
            peer.trickler.clear(); // Core clears m_tx_inventory_to_send while !m_relay_txs
        }
        NegotiatedFeatures f = features();
        List<InventoryVector> release = peer.trickler.release(now, peer.knownInventory, f.peerFeeFilter(), f.wtxidRelay());
        if (!release.isEmpty()) {
            peer.enqueue(new InvMessage(release));
        }
        if (peer.trickler.nextRelease() != Long.MAX_VALUE && peer.trickler.nextRelease() - now <= 0) {
            // More than one release's worth was pending: schedule the next release on the same timer.
            peer.trickler.scheduleRelease(nextTrickleRelease(now));
        }
        long next = Math.min(peer.ping.nextDue(interval, now), peer.ping.pongDeadline(pongTimeout));
        next = Math.min(next, idleDeadline);
        next = Math.min(next, requests.nextDeadlineNanos());
        next = Math.min(next, sendStall);
        next = Math.min(next, peer.trickler.nextRelease());
        next = Math.min(next, feeFilterWake);
        return next;
    }

    void onDisconnect() {
        runtime.nonces().remove(ourNonce);
        long failures = listenerFailures.get();
        if (failures > LOGGED_LISTENER_FAILURES) {
            log.warn("{}: listeners threw {} times in all ({} logged above)", peer, failures, LOGGED_LISTENER_FAILURES);
        }
    }

    /** Whether this outbound peer's version came back to our own inbound side (it marked our nonce). */
    boolean reachedOurselves() {
        if (peer.isInbound()) {
            return false;
        }
        long nonce;
        lock.lock();
        try {
            nonce = ourNonce;
        } finally {
            lock.unlock();
        }
        return nonce != 0 && runtime.nonces().takeSelfConnection(nonce);
    }

    // ------------------------------------------------------------------ state access

    Optional<VersionMessage> remoteVersion() {
        lock.lock();
        try {
            return Optional.ofNullable(remoteVersion);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the remote's verack has arrived (the handshake is done, even before its future completes). */
    boolean isComplete() {
        lock.lock();
        try {
            return verackReceived;
        } finally {
            lock.unlock();
        }
    }

    private int negotiatedVersion() {
        lock.lock();
        try {
            return negotiatedVersion;
        } finally {
            lock.unlock();
        }
    }

    Duration timeOffset() {
        lock.lock();
        try {
            return timeOffset;
        } finally {
            lock.unlock();
        }
    }

    NegotiatedFeatures features() {
        lock.lock();
        try {
            if (!verackReceived) {
                return NegotiatedFeatures.NONE;
            }
            return new NegotiatedFeatures(negotiatedVersion, config.wtxidRelay() && peerWtxidRelay, peerAddrV2,
                    peerWantsHeaders, peerCompactVersion, peerHighBandwidth, peerFeeFilter,
                    peerRelayTxs, peerTxReconciliation);
        } finally {
            lock.unlock();
        }
    }

    private void setUnderLock(Runnable r) {
        lock.lock();
        try {
            r.run();
        } finally {
            lock.unlock();
        }
    }
}
