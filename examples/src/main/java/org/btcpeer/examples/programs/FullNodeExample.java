package org.btcpeer.examples.programs;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.sync.HeaderSync;
import org.btcpeer.examples.HostPort;
import org.btcpeer.node.MemoryTransactionPool;
import org.btcpeer.node.compact.CompactBlockReceiver;
import org.btcpeer.node.compact.CompactBlockServer;
import org.btcpeer.node.download.BlockCheck;
import org.btcpeer.node.download.BlockDownloader;
import org.btcpeer.node.download.BlockSource;
import org.btcpeer.node.download.DownloadConfig;
import org.btcpeer.node.download.DownloadProgress;
import org.btcpeer.node.relay.Relay;
import org.btcpeer.node.relay.RelayPeers;
import org.btcpeer.node.relay.TransactionFetcher;
import org.btcpeer.node.serve.ChainServer;
import org.btcpeer.node.tip.ActiveChain;
import org.btcpeer.node.tip.TipAnnouncer;
import org.btcpeer.node.tip.TipFollower;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerAcceptor;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerConnector;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.RequestTimeouts;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;

/**
 * A small full node on the node module's parts (docs/guides/full-node.md): header sync, parallel download from the
 * dialled peers, serving, tx fetching and relay, compact blocks. It checks headers and merkle roots, nothing more.
 */
public final class FullNodeExample implements AutoCloseable {

    /** The blocks we hold, the (unvalidated) mempool, "the initial download is over", the listener. */
    public final ActiveChain active;
    public final MemoryTransactionPool mempool = new MemoryTransactionPool(100_000);
    public final CompletableFuture<DownloadProgress> downloaded;
    public final PeerAcceptor acceptor;
    private final List<Peer> dialled = new CopyOnWriteArrayList<>();
    private final HeaderSync sync;
    private final BlockDownloader downloader;

    /** Starts a node listening on {@code listen} that syncs from the peers at {@code dial}. */
    public FullNodeExample(InetSocketAddress listen, List<InetSocketAddress> dial, NetworkParameters network,
                           PeerRuntime runtime, PrintStream out) throws Exception {
        HeaderChain headers = HeaderChain.builder(ConsensusParams.of(network)).build();   // every valid header heard of
        active = ActiveChain.inMemory(ConsensusParams.of(network));
        downloader = new BlockDownloader(BlockSource.of(headers), DownloadConfig.CORE, runtime.time());
        downloaded = downloader.finished();
        RelayPeers peers = RelayPeers.ofPeers(this::peers);
        Relay relay = Relay.of(peers);
        ChainServer server = ChainServer.leavingCompactBlocks(active.chainSource(), relay.servingPool(mempool), r -> { });
        CompactBlockServer compact = new CompactBlockServer(active.compactSource());
        TipAnnouncer announcer = new TipAnnouncer(peers, server, compact, () -> active.tip().header()).quietUntil(downloaded);
        active.addListener(block -> mempool.removeAll(block.transactions()));
        active.addListener(announcer::announce);
        TipFollower follower = new TipFollower(active, (peer, report) -> out.println("full: " + report));
        CompactBlockReceiver receiver = CompactBlockReceiver.builder(mempool, runtime).wanted(follower::wanted)
                .listener(follower::onReport).build();
        TransactionFetcher fetcher = TransactionFetcher.builder(mempool, runtime).enabled(downloaded::isDone)
                .listener((peer, tx) -> {
                    if (mempool.add(tx)) {                // a real node validates it first
                        out.println("full: tx " + tx.txid() + " queued for " + relay.broadcast(tx, -1).announcedTo() + " peers");
                    }
                }).build();
        sync = HeaderSync.builder(headers).time(runtime.time()).events(follower.headerSyncEvents(peers)).start();
        PeerConfig config = PeerConfig.builder().network(network).startHeight(active::height)
                .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS))
                .requestTimeouts(RequestTimeouts.CORE.withOtherDownloadPeers(downloader.otherDownloadPeers()))
                .listeners(PeerListeners.builder().include(sync.listeners()).include(server.listeners())
                        .include(compact.listeners()).include(receiver.listeners()).include(relay.listeners())
                        .include(fetcher.listeners()).build()).build();
        acceptor = PeerAcceptor.start(listen, config, runtime, announcer::greet);
        for (InetSocketAddress address : dial) {        // outbound peers: header sync and block download
            Peer peer = PeerConnector.connect(address, config, runtime);
            dialled.add(peer);
            announcer.greet(peer);
            sync.addPeer(peer);
            downloader.addPeer(peer);
        }
        sync.synced().thenAccept(tip -> downloader.start(1, tip.height(), active.downloadConsumer()));
        downloaded.thenAccept(p -> out.printf("full: %d blocks downloaded and verified, %.1f blocks/s, tip %d %s%n",
                p.consumedBlocks(), p.blocksPerSecond(), active.height(), active.tip().hash()));
    }

    /** Makes an application's block (a miner's) our tip and announces it, if it matches its header and extends our tip. */
    public boolean submitBlock(Block block) {
        return BlockCheck.problem(block, true).isEmpty() && active.connect(block).connected();
    }

    /** The peers connected now, inbound and outbound. */
    public List<Peer> peers() {
        return Stream.concat(acceptor.peers().stream(), dialled.stream()).filter(Peer::isConnected).toList();
    }

    /** Stops syncing and downloading, closes the listener and disconnects every peer. */
    @Override
    public void close() {
        sync.close();
        downloader.close();
        acceptor.close();
        dialled.forEach(p -> p.disconnect("node closed"));
    }

    /** Runs a node on regtest until killed. Arguments: the port to listen on, then HOST:PORT of each peer to sync from. */
    public static void main(String[] args) throws Exception {
        try (FullNodeExample node = new FullNodeExample(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])),
                Stream.of(args).skip(1).map(a -> HostPort.parse(a, 18444).toSocketAddress()).toList(),
                NetworkParameters.REGTEST, PeerRuntime.create(), System.out)) {
            node.downloaded.join();
            Thread.currentThread().join();
        }
    }
}
