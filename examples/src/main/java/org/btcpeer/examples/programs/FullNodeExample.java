package org.btcpeer.examples.programs;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.headers.HeaderValidationException;
import org.btcpeer.chain.sync.HeaderSync;
import org.btcpeer.chain.sync.HeaderSyncEvent;
import org.btcpeer.examples.HostPort;
import org.btcpeer.node.MemoryTransactionPool;
import org.btcpeer.node.TransactionPool;
import org.btcpeer.node.compact.CompactBlockReceiver;
import org.btcpeer.node.compact.CompactBlockReport;
import org.btcpeer.node.compact.CompactBlockServer;
import org.btcpeer.node.compact.CompactBlockSource;
import org.btcpeer.node.compact.HighBandwidthSelector;
import org.btcpeer.node.compact.MisbehaviourReporter;
import org.btcpeer.node.download.BlockCheck;
import org.btcpeer.node.download.BlockDownloader;
import org.btcpeer.node.download.BlockSource;
import org.btcpeer.node.download.DownloadConfig;
import org.btcpeer.node.download.DownloadProgress;
import org.btcpeer.node.relay.Relay;
import org.btcpeer.node.relay.RelayPeers;
import org.btcpeer.node.serve.ChainServer;
import org.btcpeer.node.serve.HeaderChainSource;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerAcceptor;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerConnector;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.RequestTimeouts;
import org.btcpeer.transport.TransportException;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.InvMessage;

/**
 * A small full node on the node module's parts: it dials the given peers and accepts inbound ones,
 * syncs headers ({@link HeaderSync}), downloads every block from all dialled peers at once
 * ({@link BlockDownloader}) into memory, serves what it holds ({@link ChainServer}), relays the
 * transactions it hears of ({@link Relay}) and follows the tip with compact blocks
 * ({@link CompactBlockReceiver}, {@link CompactBlockServer}, {@link HighBandwidthSelector}).
 * It validates headers and merkle roots, nothing else: scripts and the UTXO set are the
 * application's ({@code docs/guides/full-node.md}).
 *
 * <pre>java ... FullNodeExample LISTEN_PORT HOST:PORT...    (regtest, listens on 127.0.0.1)</pre>
 */
public final class FullNodeExample implements AutoCloseable {

    private final PrintStream out;
    private final HeaderChain headers;   // every valid header heard of (Core's block index)
    private final HeaderChain active;    // the headers of the blocks we hold (Core's active chain)
    private final Map<Hash256, Block> blocks = new ConcurrentHashMap<>();
    private final MemoryTransactionPool mempool = new MemoryTransactionPool(100_000);
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final ReentrantLock tipLock = new ReentrantLock();
    private final HighBandwidthSelector selector = new HighBandwidthSelector();
    private final Relay relay;
    private final ChainServer server;
    private final CompactBlockServer compactServer;
    private final BlockDownloader downloader;
    private final HeaderSync sync;
    private final PeerAcceptor acceptor;
    private final CompletableFuture<DownloadProgress> downloaded = new CompletableFuture<>();

    private FullNodeExample(InetSocketAddress listen, List<InetSocketAddress> dial, NetworkParameters network,
                            PeerRuntime runtime, PrintStream out) throws IOException, TransportException {
        this.out = out;
        headers = HeaderChain.builder(ConsensusParams.of(network)).build();
        active = HeaderChain.builder(ConsensusParams.of(network)).build();
        // Relay: txs to every suitable peer on Core's trickle timers; blocks through announce() below.
        relay = Relay.of(RelayPeers.ofPeers(() -> peers), this::announce, Relay.DEFAULT_RECENT_CAPACITY);
        // Serving: getheaders, getblocks, getdata from the blocks we hold; the relay's txs before the pool.
        server = ChainServer.leavingCompactBlocks(new HeaderChainSource(active,
                hash -> Optional.ofNullable(blocks.get(hash)).map(Block::serialization)), relay.servingPool(mempool), r -> { });
        compactServer = new CompactBlockServer(new CompactBlockSource() {    // serves cmpctblock and blocktxn
            @Override
            public OptionalInt depth(Hash256 hash) {
                return active.get(hash).map(h -> OptionalInt.of(active.height() - h.height())).orElse(OptionalInt.empty());
            }

            @Override
            public Optional<Block> block(Hash256 hash) {
                return Optional.ofNullable(blocks.get(hash));
            }
        }, MisbehaviourReporter.disconnecting(), new SecureRandom());
        // Receiving compact blocks: only one that extends our chain, rebuilt from the mempool.
        CompactBlockReceiver receiver = CompactBlockReceiver.builder(mempool, runtime)
                .wanted(h -> h.prevBlock().equals(active.tip().hash())).listener(this::onCompactBlock).build();
        downloader = new BlockDownloader(BlockSource.of(headers), DownloadConfig.CORE, runtime.time());
        sync = HeaderSync.builder(headers).time(runtime.time()).events(this::onSyncEvent).start();
        PeerConfig config = PeerConfig.builder().network(network).startHeight(active::height)
                .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS))
                .requestTimeouts(RequestTimeouts.CORE.withOtherDownloadPeers(downloader.otherDownloadPeers()))
                .listeners(PeerListeners.builder().include(sync.listeners()).include(server.listeners())
                        .include(compactServer.listeners()).include(receiver.listeners()).include(relay.listeners())
                        .on(InvMessage.class, this::onInv).build())
                .build();
        acceptor = PeerAcceptor.start(listen, config, runtime, this::track);
        for (InetSocketAddress address : dial) {   // outbound peers: header sync and block download
            Peer peer = PeerConnector.connect(address, config, runtime);
            track(peer);
            sync.addPeer(peer);
            downloader.addPeer(peer);
        }
        // Once the headers are synced, download every block in parallel, checked against its header.
        sync.synced().thenCompose(tip -> downloader.start(1, tip.height(), b -> {
            if (!connect(b.block())) {
                throw new IllegalStateException("block " + b.height() + " does not extend our chain");
            }
        })).whenComplete((p, e) -> {
            if (e != null) {
                downloaded.completeExceptionally(e);
                return;
            }
            out.printf("full: %d blocks downloaded and verified, %.1f blocks/s, tip %d %s%n", p.consumedBlocks(),
                    p.blocksPerSecond(), active.height(), active.tip().hash());
            downloaded.complete(p);
            relay.announceBlock(active.tip().header());     // out of the initial download: tell the peers
        });
    }

    /**
     * Starts the node.
     *
     * @param listen  where to accept peers (port 0 for any)
     * @param dial    peers to sync from
     * @param network the network
     * @param runtime the peers' runtime
     * @param out     where to print
     * @return the running node
     * @throws IOException if it cannot listen or dial
     */
    public static FullNodeExample start(InetSocketAddress listen, List<InetSocketAddress> dial, NetworkParameters network,
                                        PeerRuntime runtime, PrintStream out) throws IOException, TransportException {
        return new FullNodeExample(listen, dial, network, runtime, out);
    }

    /** A new block became our tip: peers that asked for high bandwidth got a cmpctblock, the rest get headers or an inv (BIP-130). */
    private void announce(Peer peer, BlockHeader tip) {
        if (peer.features().peerCompactVersion() != 2 || !peer.features().peerHighBandwidth()) {
            server.announceTip(peer, tip);
        }
    }

    /** Makes {@code block} our tip if it extends it; false otherwise. Announces it once the initial download is over. */
    private boolean connect(Block block) {
        tipLock.lock();
        try {
            if (!block.header().prevBlock().equals(active.tip().hash())) {
                return false;
            }
            active.add(block.header());              // proof of work and Core's header rules
            blocks.put(block.hash(), block);
            mempool.removeAll(block.transactions());
        } catch (HeaderValidationException e) {
            out.println("full: block " + block.hash() + " rejected: " + e.getMessage());
            return false;
        } finally {
            tipLock.unlock();
        }
        if (downloaded.isDone()) {                          // Core announces nothing during the initial download
            compactServer.announce(block, peers);            // cmpctblock to peers that asked for high bandwidth
            relay.announceBlock(block.header());
        }
        return true;
    }

    /** After the initial sync, a new header from a peer: ask that peer for the block as a compact block (Core's direct fetch). */
    private void onSyncEvent(HeaderSyncEvent event) {
        if (event instanceof HeaderSyncEvent.NewTip t && t.tip().header().prevBlock().equals(active.tip().hash())) {
            peers.stream().filter(p -> p.id() == t.peerId()).findFirst().ifPresent(p -> p.send(new GetDataMessage(
                    List.of(new InventoryVector(InventoryVector.MSG_CMPCT_BLOCK, t.tip().hash())))));
        }
    }

    private void onCompactBlock(Peer peer, CompactBlockReport report) {
        switch (report) {
            case CompactBlockReport.Reconstructed r -> {
                if (connect(r.block())) {
                    selector.blockProvidedBy(peer);      // it gave us a new tip: ask it for high bandwidth (at most 3)
                    out.println("full: block " + r.blockHash() + " reconstructed: " + r.prefilled() + " prefilled, "
                            + r.fromPool() + " from the mempool, " + r.fetched() + " fetched");
                }
            }
            case CompactBlockReport.FellBack f -> out.println("full: block " + f.blockHash() + " fell back: " + f.reason());
            case CompactBlockReport.Downloaded d -> {         // the full block after a fallback: not checked yet
                if (BlockCheck.problem(d.block(), true).isPresent()) {
                    peer.disconnect("block does not match its header");
                } else {
                    connect(d.block());
                }
            }
        }
    }

    /** A peer announced transactions: fetch the new ones (by wtxid), keep them and relay them on. */
    private void onInv(Peer peer, InvMessage inv) {
        for (InventoryVector v : inv.items()) {
            if (v.type() == InventoryVector.MSG_WTX && downloaded.isDone() && mempool.byWtxid(v.hash()).isEmpty()) {
                peer.requests().getTransaction(v.hash()).thenAccept(tx -> {
                    if (mempool.add(tx)) {           // no checks here: a real node validates first
                        out.println("full: tx " + tx.txid() + " queued for " + relay.broadcast(tx, -1).announcedTo() + " peers");
                    }
                });
            }
        }
    }

    private void track(Peer peer) {
        peers.add(peer);
        peer.disconnected().thenRun(() -> peers.remove(peer));
        peer.handshake().thenAccept(p -> server.announceTip(p, active.tip().header()));
    }

    /**
     * Makes a block of the application's (a miner's, an RPC's) our tip and announces it, if its
     * transactions are the ones its header commits to and it extends our tip.
     *
     * @param block a block extending our tip
     * @return whether it became the tip
     */
    public boolean submitBlock(Block block) {
        return BlockCheck.problem(block, true).isEmpty() && connect(block);
    }

    /** Completes once the initial block download finished, every block checked against its header. */
    public CompletableFuture<DownloadProgress> downloaded() {
        return downloaded;
    }

    /** The header of the last block we hold. */
    public BlockHeader tip() {
        return active.tip().header();
    }

    /** The height of the last block we hold. */
    public int height() {
        return active.height();
    }

    /** The mempool (unvalidated). */
    public TransactionPool mempool() {
        return mempool;
    }

    /** The peers connected now, inbound and outbound. */
    public List<Peer> peers() {
        return List.copyOf(peers);
    }

    /** Where it accepts peers. */
    public InetSocketAddress address() {
        return acceptor.localAddress();
    }

    /** Stops syncing and downloading, closes the listener and disconnects every peer. */
    @Override
    public void close() {
        sync.close();
        downloader.close();
        acceptor.close();
        peers.forEach(p -> p.disconnect("node closed"));
    }

    /**
     * Runs a node on regtest until it is killed.
     *
     * @param args the port to listen on, then {@code HOST:PORT} of each peer to sync from
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        List<InetSocketAddress> dial = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            dial.add(HostPort.parse(args[i], NetworkParameters.REGTEST.defaultPort()).toSocketAddress());
        }
        try (FullNodeExample node = start(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), dial,
                NetworkParameters.REGTEST, PeerRuntime.create(), System.out)) {
            System.out.println("full: listening on " + node.address());
            node.downloaded().join();
            Thread.currentThread().join();
        }
    }
}
