package org.btcpeer.bench.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.btcpeer.bench.BenchData;
import org.btcpeer.bench.Table;
import org.btcpeer.node.TransactionPool;
import org.btcpeer.node.download.BlockDownloader;
import org.btcpeer.node.download.DownloadConfig;
import org.btcpeer.node.download.DownloadProgress;
import org.btcpeer.node.serve.ChainServer;
import org.btcpeer.node.serve.ChainSource;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerAcceptor;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerConnector;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.MerkleRoot;

/**
 * Parallel block download over loopback from two serving peers ({@link BlockDownloader}, v1 or v2
 * transport, each block's merkle root and witness commitment checked) next to its baseline in the
 * same run: decoding the same block bytes and doing the same hashing on one thread, with no
 * network. The blocks are mainnet block 540,107 (2.26 MB, 230 transactions, 104 with witnesses)
 * under distinct headers (its header with nonce 1..N): each is a different block with the same
 * transactions, so every one decodes and verifies like the real block.
 *
 * <p>The servers are what a real node runs: a {@link ChainServer} per acceptor answering getdata
 * with the stored block bytes (no decode, no re-encode), with the send queue limit of the
 * {@code serve} command. They run in a child JVM ({@code process}, the default: the client is
 * measured as a real {@code sync} would be, its JIT, GC and CPU its own) or in this one
 * ({@code inprocess}). Either way they share the machine's cores with the client: the figure is
 * what one machine does, servers included.
 *
 * <p>After one unreported warm-up round of each side (or more: the fifth argument), rounds alternate
 * baseline and download; the
 * figure is the median of the per-round ratios, given with their range. The table splits the CPU
 * seconds of a round between the client (this JVM) and the servers (the child's), which is where
 * the bound shows: the download is CPU-bound on a 2-core machine once client + servers need more
 * than 2 / ratio times the baseline's CPU.
 */
public final class DownloadBench {

    /** The send queue limit of the {@code serve} command ({@code ServeNode}). */
    static final long SERVE_SEND_QUEUE_BYTES = 16_000_000;

    /** System property: extra JVM options for the serving child, separated by spaces. */
    static final String CHILD_JVM_OPTIONS = "btcpeer.bench.childJvmOptions";

    private DownloadBench() {
    }

    /**
     * Runs {@code rounds} alternating rounds over {@code blocks} blocks, or serves them
     * ({@code serve BLOCKS v1|v2}, the child process: prints its two ports, serves until stdin closes).
     *
     * @param args blocks rounds transport where warmups (default 100 5 v1 process 1; transport v1 or
     *             v2; where process or inprocess; warmups the unreported rounds of each side first)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            serveUntilStdinCloses(Integer.parseInt(args[1]), args[2].equals("v2"));
            return;
        }
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean v2 = args.length > 2 && args[2].equals("v2");
        boolean inProcess = args.length > 3 && args[3].equals("inprocess");
        int warmups = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        System.out.println(run(blocks, rounds, v2, inProcess, warmups));
    }

    /**
     * Measures with the servers in this JVM and formats a markdown table.
     *
     * @param blocks blocks per round
     * @param rounds rounds
     * @param v2     BIP-324 v2 transport instead of v1
     * @return the table
     * @throws Exception on failure
     */
    public static String run(int blocks, int rounds, boolean v2) throws Exception {
        return run(blocks, rounds, v2, true);
    }

    /**
     * Measures and formats a markdown table.
     *
     * @param blocks    blocks per round
     * @param rounds    rounds
     * @param v2        BIP-324 v2 transport instead of v1
     * @param inProcess servers in this JVM rather than in a child process
     * @return the table
     * @throws Exception on failure
     */
    public static String run(int blocks, int rounds, boolean v2, boolean inProcess) throws Exception {
        return run(blocks, rounds, v2, inProcess, 1);
    }

    /**
     * Measures after {@code warmups} unreported rounds of each side and formats a markdown table.
     *
     * @param blocks    blocks per round
     * @param rounds    rounds
     * @param v2        BIP-324 v2 transport instead of v1
     * @param inProcess servers in this JVM rather than in a child process
     * @param warmups   unreported rounds of each side first (at least 1): more lets the JIT finish
     *                  compiling, as it has long finished in a sync of many gigabytes
     * @return the table
     * @throws Exception on failure
     */
    public static String run(int blocks, int rounds, boolean v2, boolean inProcess, int warmups) throws Exception {
        List<Block> chain = chain(blocks);
        List<ByteString> bytes = chain.stream().map(Block::serialization).toList();
        long totalBytes = bytes.stream().mapToLong(ByteString::size).sum();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d blocks of %,d bytes per round (%.1f MB), %d rounds, transport %s, servers %s, "
                        + "%d warm-up round(s), load average at start %s%n%n", blocks, bytes.get(0).size(), totalBytes / 1e6, rounds,
                v2 ? "v2" : "v1", inProcess ? "in this JVM" : "in a child JVM", warmups, Table.loadAverage()));
        out.append("| round | local decode + hash MB/s | its CPU s | sync from 2 peers MB/s | client CPU s | servers CPU s | ratio |\n"
                + "|---|---|---|---|---|---|---|\n");
        double[] ratios = new double[rounds];
        try (Servers servers = inProcess ? new InProcessServers(chain, v2) : new ChildServers(blocks, v2)) {
            // unreported rounds of each side first: the JIT and G1 settle for both alike
            for (int w = 0; w < Math.max(1, warmups); w++) {
                localRate(bytes);
                syncRate(servers.ports(), chain, v2, totalBytes);
            }
            for (int r = 0; r < rounds; r++) {
                long cpu0 = Table.processCpuNanos();
                double local = localRate(bytes);
                long cpu1 = Table.processCpuNanos();
                long serverCpu1 = servers.cpuNanos().getAsLong();
                double sync = syncRate(servers.ports(), chain, v2, totalBytes);
                long cpu2 = Table.processCpuNanos();
                long serverCpu2 = servers.cpuNanos().getAsLong();
                ratios[r] = sync / local;
                String clientCpu = inProcess ? "(with servers)" : String.format(Locale.ROOT, "%.2f", (cpu2 - cpu1) / 1e9);
                String serverCpu = inProcess ? String.format(Locale.ROOT, "%.2f (both)", (cpu2 - cpu1) / 1e9)
                        : String.format(Locale.ROOT, "%.2f", (serverCpu2 - serverCpu1) / 1e9);
                out.append(String.format(Locale.ROOT, "| %d | %.1f | %.2f | %.1f | %s | %s | %.0f %% |%n", r + 1, local / 1e6,
                        (cpu1 - cpu0) / 1e9, sync / 1e6, clientCpu, serverCpu, 100 * ratios[r]));
            }
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        out.append(String.format(Locale.ROOT, "%nmedian ratio: %.0f %% (range %.0f-%.0f %%, target >= 70 %%), load average at end %s%n",
                100 * sorted[rounds / 2], 100 * sorted[0], 100 * sorted[rounds - 1], Table.loadAverage()));
        return out.toString();
    }

    /** The bench chain: block 540,107's transactions under headers with nonce 1..n. */
    static List<Block> chain(int n) throws WireException {
        Block real = Block.decode(ByteString.wrap(BenchData.resource(BenchData.BLOCK_2MB)));
        List<Block> chain = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            BlockHeader h = real.header();
            chain.add(new Block(new BlockHeader(h.version(), h.prevBlock(), h.merkleRoot(), h.time(), h.bits(), i),
                    real.transactions()));
        }
        return chain;
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

    /** Connects two fresh client peers, downloads heights 1..n, returns bytes per second. */
    private static double syncRate(List<Integer> ports, List<Block> chain, boolean v2, long totalBytes) throws Exception {
        PeerRuntime clientRuntime = PeerRuntime.create();
        PeerConfig client = PeerConfig.builder().network(NetworkParameters.REGTEST)
                .transportPolicy(v2 ? TransportPolicy.V2_REQUIRED : TransportPolicy.V1_ONLY).build();
        List<Peer> peers = new ArrayList<>();
        try {
            for (int port : ports) {
                Peer p = PeerConnector.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), client, clientRuntime);
                peers.add(p);
                p.handshake().get(30, TimeUnit.SECONDS);
            }
            int n = chain.size();
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
            }
        } finally {
            peers.forEach(p -> p.disconnect("round over"));
        }
    }

    /** The two serving peers' ports and their CPU time. */
    private interface Servers extends AutoCloseable {
        List<Integer> ports();

        /** CPU nanoseconds the servers used so far (in process: this JVM's, servers and client together). */
        LongSupplier cpuNanos();

        @Override
        void close() throws java.io.IOException;
    }

    /** The stored blocks of the bench chain as a {@link ChainSource}: height i holds chain[i-1], height 0 nothing. */
    private record StoredChain(List<Block> blocks, Map<Hash256, Integer> heights, Map<Hash256, ByteString> stored)
            implements ChainSource {

        static StoredChain of(List<Block> chain) {
            Map<Hash256, Integer> heights = new HashMap<>();
            Map<Hash256, ByteString> stored = new HashMap<>();
            for (int i = 0; i < chain.size(); i++) {
                heights.put(chain.get(i).hash(), i + 1);
                stored.put(chain.get(i).hash(), chain.get(i).serialization());
            }
            return new StoredChain(List.copyOf(chain), Map.copyOf(heights), Map.copyOf(stored));
        }

        @Override
        public int height() {
            return blocks.size();
        }

        @Override
        public Optional<BlockHeader> header(int height) {
            return height >= 1 && height <= blocks.size() ? Optional.of(blocks.get(height - 1).header()) : Optional.empty();
        }

        @Override
        public OptionalInt height(Hash256 blockHash) {
            Integer h = heights.get(blockHash);
            return h == null ? OptionalInt.empty() : OptionalInt.of(h);
        }

        @Override
        public Optional<ByteString> block(Hash256 blockHash) {
            return Optional.ofNullable(stored.get(blockHash));
        }
    }

    /** Two acceptors in this JVM, each serving the chain through a {@link ChainServer}. */
    private static final class InProcessServers implements Servers {
        private final PeerRuntime runtime = PeerRuntime.create();
        private final List<PeerAcceptor> acceptors = new ArrayList<>();

        InProcessServers(List<Block> chain, boolean v2) throws Exception {
            StoredChain stored = StoredChain.of(chain);
            PeerConfig config = PeerConfig.builder().network(NetworkParameters.REGTEST)
                    .transportPolicy(v2 ? TransportPolicy.V2_PREFERRED : TransportPolicy.V1_ONLY)
                    .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS))
                    .startHeight(stored::height).sendQueueLimitBytes(SERVE_SEND_QUEUE_BYTES)
                    .listeners(ChainServer.of(stored, TransactionPool.empty()).listeners()).build();
            for (int i = 0; i < 2; i++) {
                acceptors.add(PeerAcceptor.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config, runtime,
                        p -> { }));
            }
        }

        @Override
        public List<Integer> ports() {
            return acceptors.stream().map(a -> a.localAddress().getPort()).toList();
        }

        @Override
        public LongSupplier cpuNanos() {
            return Table::processCpuNanos;
        }

        @Override
        public void close() {
            acceptors.forEach(PeerAcceptor::close);
        }
    }

    /** The servers in a child JVM ({@code DownloadBench serve}), with a fixed, pre-touched heap like ours. */
    private static final class ChildServers implements Servers {
        private final Process child;
        private final List<Integer> ports;

        ChildServers(int blocks, boolean v2) throws Exception {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java, "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"));
            // e.g. -Dbtcpeer.bench.childJvmOptions=-XX:StartFlightRecording=filename=servers.jfr to profile the servers
            String extra = System.getProperty(CHILD_JVM_OPTIONS, "").trim();
            if (!extra.isEmpty()) {
                cmd.addAll(List.of(extra.split("\\s+")));
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DownloadBench.class.getName(), "serve",
                    Integer.toString(blocks), v2 ? "v2" : "v1"));
            child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = lines.readLine();
            while (line != null && !line.startsWith("ports ")) {
                line = lines.readLine(); // e.g. a JVM option's own output
            }
            if (line == null) {
                child.destroyForcibly();
                throw new IllegalStateException("the serving child said " + line);
            }
            ports = Arrays.stream(line.substring(6).trim().split(" ")).map(Integer::parseInt).toList();
        }

        @Override
        public List<Integer> ports() {
            return ports;
        }

        @Override
        public LongSupplier cpuNanos() {
            return () -> child.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }

        @Override
        public void close() throws java.io.IOException {
            child.getOutputStream().close(); // the child exits when its stdin closes
            try {
                if (!child.waitFor(30, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The child process: serves the bench chain on two loopback ports until stdin closes. */
    private static void serveUntilStdinCloses(int blocks, boolean v2) throws Exception {
        try (InProcessServers servers = new InProcessServers(chain(blocks), v2)) {
            System.out.println("ports " + servers.ports().get(0) + " " + servers.ports().get(1));
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for EOF
            }
        }
    }
}
