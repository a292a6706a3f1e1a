package org.btcpeer.node.relay;

import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.btcpeer.node.TransactionPool;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.GetDataMessage;

/**
 * Announces transactions and blocks to every suitable peer, with Core's rules, and keeps what it
 * announced so the getdata that follows can be served.
 *
 * <p>{@link #broadcast} queues a transaction on each peer's own trickle timer
 * ({@link Peer#announceTransaction}: Poisson delays, one timer shared by inbound peers and one per
 * outbound peer, best fee rate first, by wtxid to BIP-339 peers and by txid to others, skipped for
 * peers that already know it). Skipped up front: block-relay-only connections, peers with tx relay
 * off (relay=0 in either version and no BIP-37 filter loaded since), peers whose feefilter is above
 * the transaction's fee rate (BIP-133), and peers before or after their handshake. The
 * transaction goes into a bounded recently-announced map; {@link #servingPool} makes it available
 * to the getdata answerer ({@code ChainServer}), and {@link #listeners()} count which peers asked,
 * completing {@link Broadcast#requestedBy}.
 *
 * <p>{@link #announceBlock} tells every peer after its handshake, block-relay-only ones included,
 * through a {@link BlockAnnouncer}.
 *
 * <p>Unlike Core, peers with a BIP-37 filter get every broadcast announced, not only the matching
 * ones (the filter lives with the getdata answerer); Core also serves a transaction only to peers it
 * was announced to, where the serving pool here serves it to any peer that names it.
 */
public final class Relay {

    /** How many announced transactions are kept for getdata by default. */
    public static final int DEFAULT_RECENT_CAPACITY = 5_000;

    private final RelayPeers peers;
    private final BlockAnnouncer announcer;
    private final RecentTransactions recent;

    private Relay(RelayPeers peers, BlockAnnouncer announcer, int recentCapacity) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.announcer = Objects.requireNonNull(announcer, "announcer");
        this.recent = new RecentTransactions(recentCapacity);
    }

    /**
     * A relay that announces blocks with {@link BlockAnnouncer#single()} and keeps
     * {@value #DEFAULT_RECENT_CAPACITY} transactions.
     *
     * @param peers where the peers are
     * @return the relay
     */
    public static Relay of(RelayPeers peers) {
        return new Relay(peers, BlockAnnouncer.single(), DEFAULT_RECENT_CAPACITY);
    }

    /**
     * A relay.
     *
     * @param peers          where the peers are
     * @param announcer      how a block is announced to one peer
     * @param recentCapacity how many announced transactions are kept for getdata
     * @return the relay
     */
    public static Relay of(RelayPeers peers, BlockAnnouncer announcer, int recentCapacity) {
        return new Relay(peers, announcer, recentCapacity);
    }

    /**
     * Announces a transaction to every suitable peer (see the class comment).
     *
     * @param tx      the transaction, already accepted by the application
     * @param feeRate its fee rate in sat/kvB (compared with feefilters), or -1 if unknown (never filtered)
     * @return the broadcast: how many peers it was queued for, and futures for the requests
     */
    public Broadcast broadcast(Transaction tx, long feeRate) {
        Objects.requireNonNull(tx, "tx");
        Hash256 txid = tx.txid();
        Hash256 wtxid = tx.wtxid();
        int queued = forEachPeer(t -> !t.blockRelayOnly() && takesTransactions(t.peer(), feeRate),
                p -> p.announceTransaction(txid, wtxid, feeRate));
        Broadcast b = new Broadcast(tx, queued);
        recent.add(b);
        return b;
    }

    /**
     * Announces a block to every peer after its handshake.
     *
     * @param header the new block's header
     * @return how many peers were told
     */
    public int announceBlock(BlockHeader header) {
        Objects.requireNonNull(header, "header");
        return forEachPeer(t -> true, p -> announcer.announce(p, header));
    }

    /**
     * The broadcast of a transaction still in the recently-announced map.
     *
     * @param wtxid its wtxid
     * @return the broadcast, if still held
     */
    public Optional<Broadcast> recent(Hash256 wtxid) {
        return recent.broadcastByWtxid(wtxid);
    }

    /**
     * The pool a getdata answerer should serve from: the recently announced transactions first, then
     * {@code pool}.
     *
     * @param pool the application's pool ({@link TransactionPool#empty()} if none)
     * @return both, as one pool
     */
    public TransactionPool servingPool(TransactionPool pool) {
        return new ServingPool(recent, Objects.requireNonNull(pool, "pool"));
    }

    /** The listeners that see which peers ask for broadcast transactions; include them in each peer's config. */
    public PeerListeners listeners() {
        return PeerListeners.builder().on(GetDataMessage.class, this::onGetData).build();
    }

    private void onGetData(Peer peer, GetDataMessage m) {
        for (InventoryVector item : m.items()) {
            Optional<Broadcast> b = switch (item.type()) {
                case InventoryVector.MSG_WTX -> recent.broadcastByWtxid(item.hash());
                case InventoryVector.MSG_TX, InventoryVector.MSG_WITNESS_TX -> recent.broadcastByTxid(item.hash());
                default -> Optional.empty();
            };
            b.ifPresent(x -> x.requested(peer.id()));
        }
    }

    /** A peer after its handshake that accepts transaction announcements at this fee rate. */
    private static boolean takesTransactions(Peer peer, long feeRate) {
        if (!peer.config().relay() || !peer.features().peerRelaysTx()) {
            return false; // we said relay=0, or it did and loaded no filter since
        }
        return feeRate < 0 || feeRate >= peer.features().peerFeeFilter();
    }

    private int forEachPeer(java.util.function.Predicate<RelayTarget> suitable, Consumer<Peer> action) {
        Set<Long> seen = new HashSet<>();
        int n = 0;
        for (RelayTarget t : peers.current()) {
            Peer p = t.peer();
            if (!seen.add(p.id()) || !isReady(p) || !suitable.test(t)) {
                continue;
            }
            action.accept(p);
            n++;
        }
        return n;
    }

    private static boolean isReady(Peer p) {
        return p.isConnected() && p.handshake().isDone() && !p.handshake().isCompletedExceptionally();
    }
}
