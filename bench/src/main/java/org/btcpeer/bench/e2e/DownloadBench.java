package org.btcpeer.bench.e2e;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.btcpeer.bench.BenchData;
import org.btcpeer.bench.Table;
import org.btcpeer.node.download.BlockDownloader;
import org.btcpeer.node.download.DownloadConfig;
import org.btcpeer.node.download.DownloadProgress;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerAcceptor;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerConnector;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.MerkleRoot;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.GetDataMessage;

/**
 * Parallel block download over loopback from two serving peers ({@link BlockDownloader}, v1 or v2
 * transport, each block's merkle root and witness commitment checked) next to its baseline in the
 * same run: decoding the same block bytes and doing the same hashing on one thread, with no
 * network. The blocks are mainnet block 540,107 (2.26 MB, 230 transactions, 104 with witnesses)
 * under distinct headers (its header with nonce 1..N): each is a different block with the same
 * transactions, so every one decodes and verifies like the real block.
 *
 * <p>Rounds alternate baseline and download; the figure is the median of the per-round ratios.
 * Both serving peers and the client share the machine's cores with the download: the servers
 * encode, every side frames and checksums (v1: SHA-256d of each payload on both sides; v2:
 * ChaCha20-Poly1305 on both sides).
 */
public final class DownloadBench {

    private DownloadBench() {
    }

    /**
     * Runs {@code rounds} alternating rounds over {@code blocks} blocks.
     *
     * @param args blocks rounds transport (default 40 3 v1; transport v1 or v2)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean v2 = args.length > 2 && args[2].equals("v2");
        System.out.println(run(blocks, rounds, v2));
    }

    /**
     * Measures and formats a markdown table.
     *
     * @param blocks blocks per round
     * @param rounds rounds
     * @param v2     BIP-324 v2 transport instead of v1
     * @return the table
     * @throws Exception on failure
     */
    public static String run(int blocks, int rounds, boolean v2) throws Exception {
        Block real = Block.decode(ByteString.wrap(BenchData.resource(BenchData.BLOCK_2MB)));
        List<Block> chain = new ArrayList<>();
        List<ByteString> bytes = new ArrayList<>();
        for (int i = 1; i <= blocks; i++) {
            BlockHeader h = real.header();
            Block b = new Block(new BlockHeader(h.version(), h.prevBlock(), h.merkleRoot(), h.time(), h.bits(), i),
                    real.transactions());
            chain.add(b);
            bytes.add(b.serialization());
        }
        long totalBytes = bytes.stream().mapToLong(ByteString::size).sum();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d blocks of %,d bytes per round (%.1f MB), %d rounds, transport %s%n%n",
                blocks, bytes.get(0).size(), totalBytes / 1e6, rounds, v2 ? "v2" : "v1"));
        out.append("| round | local decode + hash MB/s | its CPU s | sync from 2 peers MB/s | its CPU s (servers + client) | ratio |\n"
                + "|---|---|---|---|---|---|\n");
        double[] ratios = new double[rounds];
        try (Servers servers = new Servers(chain, v2)) {
            for (int r = 0; r < rounds; r++) {
                long cpu0 = Table.processCpuNanos();
                double local = localRate(bytes);
                long cpu1 = Table.processCpuNanos();
                double sync = servers.syncRate(chain.size(), totalBytes);
                long cpu2 = Table.processCpuNanos();
                ratios[r] = sync / local;
                out.append(String.format(Locale.ROOT, "| %d | %.1f | %.2f | %.1f | %.2f | %.0f %% |%n", r + 1, local / 1e6,
                        (cpu1 - cpu0) / 1e9, sync / 1e6, (cpu2 - cpu1) / 1e9, 100 * ratios[r]));
            }
        }
        Arrays.sort(ratios);
        out.append(String.format(Locale.ROOT, "%nmedian ratio: %.0f %% (target >= 70 %%)%n", 100 * ratios[rounds / 2]));
        return out.toString();
    }

    /** Bytes per second of decoding and checking every block on this thread. */
    private static double localRate(List<ByteString> bytes) throws WireException {
        long start = System.nanoTime();
        long total = 0;
        for (ByteString b : bytes) {
            Block block = Block.decode(b);
            MerkleRoot root = block.computeMerkleRoot();
            Optional<Hash256> commitment = block.witnessCommitment();
            if (!root.root().equals(block.header().merkleRoot()) || root.mutated()
                    || !commitment.equals(block.computeWitnessCommitment())) {
                throw new IllegalStateException("the bench block does not verify");
            }
            total += b.size();
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }

    /** Two serving peers behind their own acceptors, answering getdata from the blocks. */
    private static final class Servers implements AutoCloseable {
        private final PeerRuntime serverRuntime = PeerRuntime.create();
        private final List<PeerAcceptor> acceptors = new ArrayList<>();
        private final List<Block> chain;
        private final boolean v2;

        Servers(List<Block> chain, boolean v2) throws Exception {
            this.chain = chain;
            this.v2 = v2;
            Map<Hash256, Block> byHash = new HashMap<>();
            chain.forEach(b -> byHash.put(b.hash(), b));
            PeerListeners serve = PeerListeners.builder().on(GetDataMessage.class, (peer, m) -> {
                for (InventoryVector inv : m.items()) {
                    Block b = byHash.get(inv.hash());
                    if (b != null) {
                        peer.send(new BlockMessage(b));
                    }
                }
            }).build();
            PeerConfig config = PeerConfig.builder().network(NetworkParameters.REGTEST)
                    .transportPolicy(v2 ? TransportPolicy.V2_PREFERRED : TransportPolicy.V1_ONLY)
                    .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS))
                    .startHeight(chain::size).sendQueueLimitBytes(64L << 20).listeners(serve).build();
            for (int i = 0; i < 2; i++) {
                acceptors.add(PeerAcceptor.start(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), config,
                        serverRuntime, p -> { }));
            }
        }

        /** Connects two fresh client peers, downloads heights 1..n, returns bytes per second. */
        double syncRate(int n, long totalBytes) throws Exception {
            PeerRuntime clientRuntime = PeerRuntime.create();
            PeerConfig client = PeerConfig.builder().network(NetworkParameters.REGTEST)
                    .transportPolicy(v2 ? TransportPolicy.V2_REQUIRED : TransportPolicy.V1_ONLY).build();
            List<Peer> peers = new ArrayList<>();
            for (PeerAcceptor a : acceptors) {
                Peer p = PeerConnector.connect(a.localAddress(), client, clientRuntime);
                p.handshake().get(30, TimeUnit.SECONDS);
                peers.add(p);
            }
            try (BlockDownloader d = new BlockDownloader(h -> h >= 1 && h <= n ? Optional.of(chain.get(h - 1).hash())
                    : Optional.empty(), DownloadConfig.CORE, clientRuntime.time())) {
                peers.forEach(d::addPeer);
                long start = System.nanoTime();
                DownloadProgress done = d.start(1, n, b -> { }).get(300, TimeUnit.SECONDS);
                long nanos = System.nanoTime() - start;
                if (done.receivedBytes() != totalBytes || done.badBlocks() != 0) {
                    throw new IllegalStateException("download incomplete: " + done);
                }
                return totalBytes / (nanos / 1e9);
            } finally {
                peers.forEach(p -> p.disconnect("round over"));
            }
        }

        @Override
        public void close() {
            acceptors.forEach(PeerAcceptor::close);
        }
    }
}
