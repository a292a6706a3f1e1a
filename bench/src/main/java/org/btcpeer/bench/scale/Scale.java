package org.btcpeer.bench.scale;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.btcpeer.bench.Table;
import org.btcpeer.peer.InboundLimits;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerAcceptor;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerConnector;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.transport.v2.KeyExchangeConfig;
import org.btcpeer.wire.NetworkParameters;

/**
 * Many peers on one server: N clients (another process, or this one for the smoke test) connect
 * to a {@link PeerAcceptor} over loopback and complete the transport and version handshakes; then
 * everything stays idle except the keep-alive pings. The server side reports the handshake rate,
 * the heap per idle peer (used heap after a full GC, before and after), its platform threads and
 * file descriptors, and its CPU use while idle.
 *
 * <pre>
 *   java -cp benchmarks.jar org.btcpeer.bench.scale.Scale server v2 10000 [idleSeconds] [pingSeconds]
 *   (it starts "Scale client v2 10000 PORT" as a second java process with the same class path)
 * </pre>
 */
public final class Scale {

    /** How many connects the client runs at once. */
    static final int CONNECT_CONCURRENCY = 256;

    private Scale() {
    }

    /**
     * One measured run.
     *
     * @param transport       v1 or v2
     * @param peers           the number of peers
     * @param handshakeSecs   from the server's start of accepting to the last completed version handshake
     * @param cpuMsPerPeer    server CPU during the ramp divided by the peers
     * @param heapPerPeer     bytes of used heap (after full GC) per idle peer, server side
     * @param threads         the server's live platform threads with every peer connected
     * @param fds             the server's open file descriptors with every peer connected
     * @param idleCpuPercent  server CPU while idle, percent of one core
     * @param idleSeconds     the idle window
     * @param pingSeconds     the keep-alive ping interval used
     * @param failed          connections that did not complete
     */
    public record Result(String transport, int peers, double handshakeSecs, double cpuMsPerPeer, double heapPerPeer,
                         int threads, long fds, double idleCpuPercent, int idleSeconds, int pingSeconds, int failed) {

        /** @return peers per second */
        double rate() {
            return peers / handshakeSecs;
        }
    }

    /**
     * {@code server TRANSPORT PEERS [IDLE_SECONDS] [PING_SECONDS]} or
     * {@code client TRANSPORT PEERS PORT [PING_SECONDS]}.
     *
     * @param args the arguments
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Scale server v1|v2 PEERS [IDLE_SECONDS] [PING_SECONDS] | client v1|v2 PEERS PORT [PING_SECONDS]");
            System.exit(2);
        }
        String transport = args[1];
        int peers = Integer.parseInt(args[2]);
        if (args[0].equals("client")) {
            int port = Integer.parseInt(args[3]);
            int ping = args.length > 4 ? Integer.parseInt(args[4]) : 120;
            runClient(transport, peers, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), ping, true);
            return;
        }
        int idle = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int ping = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        Result r = runServer(transport, peers, idle, ping, false);
        Table t = table();
        row(t, r);
        System.out.println("secp256k1 provider: " + org.btcpeer.transport.v2.V2KeyExchange.defaultProvider().name());
        System.out.println(t);
        System.exit(r.failed() == 0 ? 0 : 1);
    }

    /** The table the results go in. */
    public static Table table() {
        return new Table("transport", "peers", "handshakes/s (server)", "server CPU ms/peer (ramp)", "heap/idle peer",
                "platform threads", "fds", "idle CPU % of a core", "ping every", "failed", "load");
    }

    /**
     * Adds a result to a table.
     *
     * @param t the table
     * @param r the result
     */
    public static void row(Table t, Result r) {
        t.row(r.transport(), String.format(Locale.ROOT, "%,d", r.peers()), Table.num(r.rate()), Table.num(r.cpuMsPerPeer()),
                Table.num(r.heapPerPeer() / 1024) + " KiB", r.threads(), r.fds(), Table.num(r.idleCpuPercent()),
                r.pingSeconds() + " s", r.failed(), Table.loadAverage());
    }

    private static PeerConfig config(String transport, int pingSeconds, boolean server) {
        TransportPolicy policy = server ? TransportPolicy.V2_PREFERRED
                : transport.equals("v1") ? TransportPolicy.V1_ONLY : TransportPolicy.V2_REQUIRED;
        return PeerConfig.builder().network(NetworkParameters.REGTEST).transportPolicy(policy)
                .services(org.btcpeer.wire.ServiceFlags.of(org.btcpeer.wire.ServiceFlags.NODE_NETWORK
                        | org.btcpeer.wire.ServiceFlags.NODE_WITNESS)) // what the dialing side requires by default
                .pingInterval(Duration.ofSeconds(pingSeconds)).build();
    }

    /**
     * The server side: accepts {@code peers} connections, measures, then closes everything.
     *
     * @param transport   v1 or v2 (what the clients insist on; the server accepts both)
     * @param peers       how many
     * @param idleSeconds the idle CPU window
     * @param pingSeconds the keep-alive interval of both sides
     * @param inProcess   run the clients in this JVM (smoke test) instead of a child process
     * @return the result
     * @throws Exception on failure
     */
    public static Result runServer(String transport, int peers, int idleSeconds, int pingSeconds, boolean inProcess)
            throws Exception {
        PeerRuntime runtime = PeerRuntime.create();
        InboundLimits limits = new InboundLimits(peers + 64, 1024, 1_000_000, 1_000_000);
        AtomicInteger ready = new AtomicInteger();
        PeerAcceptor acceptor = PeerAcceptor.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                config(transport, pingSeconds, true), runtime, limits,
                p -> p.handshake().thenRun(ready::incrementAndGet));
        long heapBefore = usedHeapAfterGc();
        long cpuStart = Table.processCpuNanos();
        long start = System.nanoTime();
        Process child = null;
        CompletableFuture<Void> local = null;
        if (inProcess) {
            local = CompletableFuture.runAsync(() -> {
                try {
                    runClient(transport, peers, acceptor.localAddress(), pingSeconds, false);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } else {
            child = startClient(transport, peers, acceptor.localAddress().getPort(), pingSeconds);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + peers / 20);
        while (ready.get() < peers && System.nanoTime() < deadline) {
            if (child != null && !child.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        long end = System.nanoTime();
        long cpuRamp = Table.processCpuNanos() - cpuStart;
        int done = ready.get();
        Thread.sleep(Math.min(5_000, 500 + peers / 5)); // let the post-handshake messages and first pings settle
        long heapAfter = usedHeapAfterGc();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long fds = openFds();
        long cpuIdleStart = Table.processCpuNanos();
        long idleStart = System.nanoTime();
        Thread.sleep(idleSeconds * 1000L);
        double idleCpu = 100.0 * (Table.processCpuNanos() - cpuIdleStart) / (System.nanoTime() - idleStart);
        int connected = (int) acceptor.peers().stream().filter(Peer::isConnected).count();
        acceptor.close();
        if (child != null) {
            child.getOutputStream().close(); // the client exits when its stdin closes
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        if (local != null) {
            local.get(30, TimeUnit.SECONDS);
        }
        return new Result(transport, peers, (end - start) / 1e9, cpuRamp / 1e6 / Math.max(1, done),
                (double) (heapAfter - heapBefore) / Math.max(1, done), threads, fds, idleCpu, idleSeconds, pingSeconds,
                peers - Math.min(done, connected));
    }

    private static Process startClient(String transport, int peers, int port, int pingSeconds) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        // -Dbtcpeer.scale.clientCpus=1 (with the server under `taskset -c 0`): the clients on their own
        // core, so that on a small machine the client JVM does not bound the server's handshake rate.
        String clientCpus = System.getProperty("btcpeer.scale.clientCpus");
        if (clientCpus != null && !clientCpus.isBlank()) {
            cmd.addAll(List.of("taskset", "-c", clientCpus));
        }
        cmd.addAll(List.of(java, "-Xmx" + Math.max(256, peers / 4) + "m", "--enable-native-access=ALL-UNNAMED"));
        // The clients use the server's secp256k1 provider choice (-Dbtcpeer.secp256k1=java|native|auto).
        String provider = System.getProperty(KeyExchangeConfig.MODE_PROPERTY);
        if (provider != null) {
            cmd.add("-D" + KeyExchangeConfig.MODE_PROPERTY + "=" + provider);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Scale.class.getName(), "client", transport,
                Integer.toString(peers), Integer.toString(port), Integer.toString(pingSeconds)));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * The client side: opens {@code peers} connections, {@value #CONNECT_CONCURRENCY} at a time,
     * waits for their version handshakes, then holds them until stdin closes (child process) or
     * the server disconnects them (in process).
     */
    static void runClient(String transport, int peers, InetSocketAddress server, int pingSeconds, boolean holdOnStdin)
            throws Exception {
        PeerRuntime runtime = PeerRuntime.create();
        PeerConfig config = config(transport, pingSeconds, false);
        Semaphore slots = new Semaphore(CONNECT_CONCURRENCY);
        List<Peer> connected = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            slots.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    Peer p = PeerConnector.connect(server, config, runtime);
                    p.handshake().get(120, TimeUnit.SECONDS);
                    connected.add(p);
                } catch (Exception e) {
                    if (failed.incrementAndGet() <= 3) {
                        System.err.println("client: connect failed: " + e);
                    }
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.err.printf(Locale.ROOT, "client: %d %s peers ready in %.2f s (%.0f/s), %d failed%n",
                connected.size(), transport, secs, connected.size() / secs, failed.get());
        if (holdOnStdin) {
            while (System.in.read() >= 0) {
                // hold until the server closes our stdin
            }
            System.exit(0);
        }
        for (Peer p : connected) {
            p.awaitDisconnect(Duration.ofSeconds(30));
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long openFds() {
        File dir = new File("/proc/self/fd");
        String[] names = dir.list();
        return names == null ? -1 : names.length;
    }
}
