package org.btcpeer.examples.follow;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.google.common.cache.CacheBuilder;
import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.headers.HeaderValidationException;
import org.btcpeer.chain.sync.HeaderSync;
import org.btcpeer.chain.sync.HeaderSyncEvent;
import org.btcpeer.examples.Connections;
import org.btcpeer.examples.Handshakes;
import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.node.MemoryTransactionPool;
import org.btcpeer.node.compact.CompactBlockReceiver;
import org.btcpeer.node.compact.CompactBlockReport;
import org.btcpeer.node.compact.HighBandwidthSelector;
import org.btcpeer.node.download.BlockCheck;
import org.btcpeer.node.relay.Broadcast;
import org.btcpeer.node.relay.Relay;
import org.btcpeer.node.relay.RelayPeers;
import org.btcpeer.node.relay.TransactionFetcher;
import org.btcpeer.node.serve.ChainServer;
import org.btcpeer.node.serve.HeaderChainSource;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.UserAgent;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.SendCmpctMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small live node that follows the chain tip, wiring the library's parts together:
 *
 * <ul>
 *   <li>{@link HeaderSync} keeps a {@link HeaderChain} in step with every connected peer;</li>
 *   <li>once synced, new blocks come as BIP-152 compact blocks: the {@link HighBandwidthSelector}
 *       asks up to three peers for high-bandwidth mode (the most recent block providers), a
 *       {@link CompactBlockReceiver} rebuilds each cmpctblock from the {@link MemoryTransactionPool} of relayed transactions, fetching
 *       what is missing with getblocktxn and falling back to the full block; a new tip announced by
 *       headers instead is asked for as a compact block (or a full block from a peer without
 *       compact blocks);</li>
 *   <li>every block is checked against its header ({@link BlockCheck}: merkle root, witness
 *       commitment) before it is reported; a block that fails disconnects its sender;</li>
 *   <li>transactions announced by inv are fetched by a {@link TransactionFetcher} (one announcer
 *       at a time, the next one after a notfound or 60 s, as Core), kept in the pool and relayed to
 *       the other peers with {@link Relay} (not back to the sender, which knows it);</li>
 *   <li>a {@link ChainServer} answers the peers' getheaders from the header chain and their getdata
 *       for relayed transactions (blocks are not kept, so block requests get notfound).</li>
 * </ul>
 *
 * Differences from Core: with no UTXO set nothing is validated beyond the header chain and each
 * block's match with its header; transactions are relayed without their fee rate (feefilters are
 * not applied); and at the end of the initial sync the connected outbound peers fill the free
 * high-bandwidth slots, where Core waits for each to deliver a block first.
 */
public final class Follower implements AutoCloseable {

    /** Transactions the pool holds by default. */
    public static final int DEFAULT_POOL_CAPACITY = 50_000;

    /** The user agent of the follower's peers. */
    public static final String USER_AGENT = UserAgent.of("btcpeer-follow", UserAgent.LIBRARY_VERSION, List.of());

    /** Recently requested and reported blocks remembered, so each is asked for and reported once. */
    static final int RECENT = 50_000;

    private static final Logger log = LoggerFactory.getLogger(Follower.class);

    private final NetworkParameters network;
    private final PeerRuntime runtime;
    private final Consumer<FollowEvent> events;
    private final HeaderChain chain;
    private final HeaderSync sync;
    private final MemoryTransactionPool pool;
    private final Relay relay;
    private final ChainServer server;
    private final HighBandwidthSelector selector = new HighBandwidthSelector();
    private final CompactBlockReceiver receiver;
    private final TransactionFetcher fetcher;
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final Set<Hash256> requestedBlocks = recentHashes();
    private final Set<Hash256> reportedBlocks = recentHashes();
    /** The initial header sync is over: new blocks are followed, peers may become high-bandwidth. */
    private volatile boolean following;

    private Follower(NetworkParameters network, PeerRuntime runtime, int poolCapacity, Duration blockTxnTimeout,
                     Consumer<FollowEvent> events) {
        this.network = Objects.requireNonNull(network, "network");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.events = Objects.requireNonNull(events, "events");
        this.chain = HeaderChain.builder(ConsensusParams.of(network)).build();
        this.pool = new MemoryTransactionPool(poolCapacity);
        this.relay = Relay.of(RelayPeers.ofPeers(this::peers));
        this.server = ChainServer.of(new HeaderChainSource(chain, hash -> Optional.empty()), relay.servingPool(pool));
        this.receiver = CompactBlockReceiver.builder(pool, runtime)
                .wanted(this::wanted)
                .listener(this::onCompactReport)
                .blockTxnTimeout(blockTxnTimeout)
                .build();
        this.fetcher = TransactionFetcher.builder(pool, runtime).listener(this::onTransaction).build();
        this.sync = HeaderSync.builder(chain).events(this::onSyncEvent).start();
    }

    /** A thread-safe set of at most {@link #RECENT} recent hashes, the least recently used forgotten first. */
    private static Set<Hash256> recentHashes() {
        return Collections.newSetFromMap(CacheBuilder.newBuilder().maximumSize(RECENT).<Hash256, Boolean>build().asMap());
    }

    /**
     * Starts a follower with no peers yet.
     *
     * @param network the network
     * @param runtime the peers' runtime
     * @param events  receives every event; called on peers' and the sync's threads, must not block
     * @return the follower; {@link #connect} adds peers
     */
    public static Follower start(NetworkParameters network, PeerRuntime runtime, Consumer<FollowEvent> events) {
        return new Follower(network, runtime, DEFAULT_POOL_CAPACITY, CompactBlockReceiver.DEFAULT_BLOCKTXN_TIMEOUT, events);
    }

    /**
     * Starts a follower with a pool size and a getblocktxn timeout of its own.
     *
     * @param network         the network
     * @param runtime         the peers' runtime
     * @param poolCapacity    the most transactions the pool holds
     * @param blockTxnTimeout how long a peer has to answer getblocktxn before the full block is asked for
     * @param events          receives every event
     * @return the follower
     */
    public static Follower start(NetworkParameters network, PeerRuntime runtime, int poolCapacity,
                                 Duration blockTxnTimeout, Consumer<FollowEvent> events) {
        return new Follower(network, runtime, poolCapacity, blockTxnTimeout, events);
    }

    /**
     * Connects to a peer (outbound, full relay), waits for its handshake and adds it to the sync.
     *
     * @param target    host and port
     * @param transport the transport choice
     * @param proxy     a SOCKS5 proxy, if any
     * @param timeout   the limit for the TCP connect and for the handshake
     * @return the peer, handshake complete
     * @throws IOException          if the connection or the handshake fails; the message says why
     * @throws TransportException   if the transport handshake fails
     * @throws InterruptedException if interrupted
     */
    public Peer connect(HostPort target, TransportOption transport, Optional<HostPort> proxy, Duration timeout)
            throws IOException, TransportException, InterruptedException {
        TransportConnection connection = Connections.dial(target, network, transport, proxy, timeout);
        PeerConfig config = PeerConfig.builder()
                .network(network)
                .userAgent(USER_AGENT)
                .transportPolicy(transport.policy())
                .handshakeTimeout(timeout)
                .startHeight(chain::height)
                .listeners(listeners())
                .build();
        Peer peer = Peer.outbound(connection, config, runtime);
        Optional<String> failure = Handshakes.await(peer, target, network, timeout);
        if (failure.isPresent()) {
            throw new IOException(failure.get());
        }
        peers.add(peer);
        events.accept(new FollowEvent.Connected(peer.address().toString(), peer.id(), peer.connection().version().toString(),
                peer.remoteVersion().map(v -> v.userAgent()).orElse("?"),
                peer.remoteVersion().map(v -> v.startHeight()).orElse(0)));
        peer.disconnected().thenAccept(d -> {
            peers.remove(peer);
            sync.removePeer(peer);
            events.accept(new FollowEvent.Disconnected(peer.address().toString(), peer.id(), d.toString()));
        });
        sync.addPeer(peer);
        // A peer joining after the initial sync may take a free high-bandwidth slot; its sendcmpct
        // follows its verack, so it has arrived once our ping is answered.
        peer.requests().ping().thenRun(() -> {
            if (following) {
                offerHighBandwidthSlot(peer);
            }
        });
        return peer;
    }

    /** The connected peers. */
    public List<Peer> peers() {
        return List.copyOf(peers);
    }

    /** The header chain being followed. */
    public HeaderChain chain() {
        return chain;
    }

    /** The transactions seen and not yet in a block. */
    public MemoryTransactionPool pool() {
        return pool;
    }

    /** Completes with the best header once the initial header sync caught up. */
    public CompletableFuture<ChainHeader> synced() {
        return sync.synced();
    }

    /** The peers asked for high-bandwidth compact blocks, the longest-standing first. */
    public List<Peer> highBandwidthPeers() {
        return selector.highBandwidthPeers();
    }

    /** Stops the sync and disconnects every peer. */
    @Override
    public void close() {
        sync.close();
        for (Peer p : peers) {
            p.disconnect("follower closed");
        }
    }

    private PeerListeners listeners() {
        return PeerListeners.builder()
                .include(sync.listeners())
                .include(receiver.listeners())
                .include(server.listeners())
                .include(relay.listeners())
                .include(fetcher.listeners())
                .build();
    }

    // ---------------------------------------------------------------- transactions

    /** A new transaction from the {@link TransactionFetcher} (Core's request rules): kept and relayed to the other peers. */
    private void onTransaction(Peer peer, Transaction tx) {
        if (!pool.add(tx)) {
            return;
        }
        Broadcast b = relay.broadcast(tx, -1);
        events.accept(new FollowEvent.TxSeen(tx.txid(), tx.wtxid(), peer.address().toString(), b.announcedTo()));
    }

    // ---------------------------------------------------------------- headers

    private void onSyncEvent(HeaderSyncEvent e) {
        switch (e) {
            case HeaderSyncEvent.Progress p -> events.accept(new FollowEvent.HeadersProgress(p.height(), p.targetHeight()));
            case HeaderSyncEvent.Synced s -> {
                events.accept(new FollowEvent.Synced(s.tip().height(), s.tip().hash()));
                following = true;
                peers.forEach(this::offerHighBandwidthSlot);
            }
            case HeaderSyncEvent.NewTip t -> requestBlock(t.peerId(), t.tip());
            case HeaderSyncEvent.Reorg r -> requestBlock(r.peerId(), r.newTip());
            case HeaderSyncEvent.SyncPeerChosen c -> log.debug("header sync peer {}", c.peerId());
            case HeaderSyncEvent.PeerMisbehaved m -> log.info("peer {} misbehaved: {}", m.peerId(), m.detail());
        }
    }

    /**
     * A new tip announced by headers (or inv): ask its announcer for it, as a compact block if it
     * speaks BIP-152 version 2 (Core: {@code MSG_CMPCT_BLOCK} for a block close to the tip), else in full.
     */
    private void requestBlock(long peerId, ChainHeader tip) {
        Hash256 hash = tip.hash();
        Peer peer = peers.stream().filter(p -> p.id() == peerId).findFirst().orElse(null);
        if (peer == null || reportedBlocks.contains(hash) || !requestedBlocks.add(hash)) {
            return;
        }
        if (peer.features().peerCompactVersion() == SendCmpctMessage.CMPCTBLOCKS_VERSION) {
            peer.send(new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_CMPCT_BLOCK, hash))));
        } else {
            peer.requests().getBlock(hash).thenAccept(b -> accept(peer, b, new FollowEvent.FullBlock(Optional.empty())));
        }
    }

    // ---------------------------------------------------------------- blocks

    /**
     * Whether a cmpctblock's block is wanted: not reported yet, and its header connects to our
     * chain and passes its checks (added to the chain now, as Core's cmpctblock handler processes
     * the header first).
     */
    private boolean wanted(BlockHeader header) {
        if (reportedBlocks.contains(header.hash()) || chain.get(header.prevBlock()).isEmpty()) {
            return false; // a header that does not connect: HeaderSync asks for the missing ones when it is announced
        }
        try {
            chain.add(header);
            return true;
        } catch (HeaderValidationException e) {
            log.info("cmpctblock header {} rejected: {}", header.hash(), e.getMessage());
            return false;
        }
    }

    private void onCompactReport(Peer peer, CompactBlockReport report) {
        switch (report) {
            case CompactBlockReport.Reconstructed r -> accept(peer, r.block(),
                    new FollowEvent.Reconstructed(r.prefilled(), r.fromPool(), r.fetched()));
            case CompactBlockReport.FellBack f -> log.debug("{}: block {} falls back to the full block: {} ({})", peer,
                    f.blockHash(), f.reason(), f.detail());
            case CompactBlockReport.Downloaded d -> accept(peer, d.block(), new FollowEvent.FullBlock(Optional.of(d.reason())));
        }
    }

    /** Checks a block against its header, then reports it if it is on the best chain. */
    private void accept(Peer peer, Block block, FollowEvent.Arrival arrival) {
        Hash256 hash = block.hash();
        String from = peer.address().toString();
        Optional<String> problem = BlockCheck.problem(block, true);
        ChainHeader header;
        try {
            header = problem.isPresent() ? null : chain.add(block.header());
        } catch (HeaderValidationException e) {
            problem = Optional.of("header: " + e.getMessage());
            header = null;
        }
        if (problem.isPresent()) {
            events.accept(new FollowEvent.BlockRejected(hash, from, problem.get()));
            peer.disconnect("block " + hash + " does not match its header: " + problem.get());
            return;
        }
        if (!reportedBlocks.add(hash)) {
            return;
        }
        pool.removeAll(block.transactions());
        if (!chain.isOnBestChain(hash)) {
            log.info("{}: block {} is not on the best chain, not reported", peer, hash);
            return;
        }
        events.accept(new FollowEvent.NewTip(header.height(), hash, from, arrival, block.transactions().size()));
        selectHighBandwidth(peer); // Core: a peer that gave us a new tip becomes (or stays) high-bandwidth
    }

    /** Outside Core's rule: a free high-bandwidth slot goes to an outbound peer before it gave us a block. */
    private void offerHighBandwidthSlot(Peer peer) {
        List<Peer> chosen = selector.highBandwidthPeers();
        if (!peer.isInbound() && !chosen.contains(peer) && chosen.size() < HighBandwidthSelector.MAX_HIGH_BANDWIDTH_PEERS) {
            selectHighBandwidth(peer);
        }
    }

    private void selectHighBandwidth(Peer peer) {
        if (selector.blockProvidedBy(peer)) {
            events.accept(new FollowEvent.HighBandwidth(peer.address().toString(),
                    selector.highBandwidthPeers().stream().map(p -> p.address().toString()).toList()));
        }
    }
}
