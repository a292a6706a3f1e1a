package org.btcpeer.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Bitcoin Core regtest node for a test: free loopback P2P and RPC ports, a temporary datadir,
 * the loopback flags of the tools README plus a case's own flags. {@link #start} returns once RPC
 * answers (Core answers {@code RPC_IN_WARMUP} while loading); {@link #close} stops it by RPC
 * {@code stop}, then by the process handle. A JVM shutdown hook stops every node still running, so
 * a killed test run leaves no bitcoind behind.
 */
final class CoreNode implements AutoCloseable {

    /** The RPC credentials of every test node. */
    private static final String RPC_USER = "btcpeer";
    private static final String RPC_PASSWORD = "interop";
    /** How many debug.log lines a failure message carries. */
    static final int TAIL_LINES = 60;

    private static final Set<CoreNode> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(CoreNode::close), "core-node-reaper"));
    }

    private final String name;
    private final Path datadir;
    private final int p2pPort;
    private final CoreRpc rpc;
    private final Process process;
    private final List<String> flags;
    private volatile boolean closed;

    private CoreNode(String name, Path datadir, int p2pPort, int rpcPort, Process process, List<String> flags) {
        this.name = name;
        this.datadir = datadir;
        this.p2pPort = p2pPort;
        this.rpc = new CoreRpc(rpcPort, RPC_USER, RPC_PASSWORD);
        this.process = process;
        this.flags = flags;
    }

    /**
     * Starts a node and waits (at most 60 s) until its RPC answers.
     *
     * @param bitcoind  the binary
     * @param name      a short name for messages and the datadir
     * @param extraArgs flags this case needs, e.g. {@code -v2transport=0}
     * @return the running node
     */
    static CoreNode start(Path bitcoind, String name, List<String> extraArgs) {
        Path datadir;
        try {
            datadir = Files.createTempDirectory("btcpeer-core-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int p2p = FreePort.next();
        int rpcPort = FreePort.next();
        List<String> flags = new ArrayList<>(List.of(
                "-regtest", "-datadir=" + datadir, "-daemon=0", "-listen=1", "-bind=127.0.0.1:" + p2p,
                "-rpcbind=127.0.0.1", "-rpcallowip=127.0.0.1", "-rpcport=" + rpcPort,
                "-rpcuser=" + RPC_USER, "-rpcpassword=" + RPC_PASSWORD,
                "-natpmp=0", "-listenonion=0", "-dnsseed=0", "-fixedseeds=0", "-discover=0",
                "-v2transport=1", "-debug=net", "-printtoconsole=0", "-dbcache=4", "-shrinkdebugfile=0"));
        // A later flag wins in Core's argument parsing, so a case's -v2transport=0 overrides the default.
        flags.addAll(extraArgs);
        List<String> command = new ArrayList<>();
        command.add(bitcoind.toString());
        command.addAll(flags);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(datadir.resolve("stdout.txt").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + bitcoind, e);
        }
        CoreNode node = new CoreNode(name, datadir, p2p, rpcPort, process, List.copyOf(extraArgs));
        RUNNING.add(node);
        try {
            node.awaitRpc(Duration.ofSeconds(60));
        } catch (RuntimeException | AssertionError e) {
            String tail = node.debugLogTail();
            node.close();
            throw new AssertionError("Core node " + name + " did not start: " + e.getMessage() + "\n" + tail, e);
        }
        return node;
    }

    private void awaitRpc(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("bitcoind exited with " + process.exitValue() + ": " + readQuietly(datadir.resolve("stdout.txt")));
            }
            try {
                rpc.call("getblockcount");
                return;
            } catch (CoreRpcException e) {
                if (e.code() != CoreRpcException.RPC_IN_WARMUP) {
                    throw e;
                }
                last = e;
            } catch (UncheckedIOException e) {
                last = e; // not listening yet
            }
            Await.pause(Duration.ofMillis(50));
        }
        throw new IllegalStateException("RPC not answering after " + limit, last);
    }

    /** The node's name. */
    String name() {
        return name;
    }

    /**
     * Calls an RPC method.
     *
     * @param method the method
     * @param params its parameters
     * @return the result
     */
    JsonNode rpc(String method, Object... params) {
        return rpc.call(method, params);
    }

    /** The P2P listening address. */
    InetSocketAddress p2pAddress() {
        return new InetSocketAddress("127.0.0.1", p2pPort);
    }

    /** The node's debug.log. */
    Path debugLog() {
        return datadir.resolve("regtest").resolve("debug.log");
    }

    /** The current length of debug.log, a mark to read new lines from. */
    long debugLogMark() {
        try {
            return Files.exists(debugLog()) ? Files.size(debugLog()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The debug.log text written since a mark.
     *
     * @param mark a value of {@link #debugLogMark()}
     * @return the text after it
     */
    String debugLogSince(long mark) {
        try (RandomAccessFile f = new RandomAccessFile(debugLog().toFile(), "r")) {
            long length = f.length();
            if (mark >= length) {
                return "";
            }
            byte[] bytes = new byte[Math.toIntExact(length - mark)];
            f.seek(mark);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last {@value #TAIL_LINES} lines of debug.log, framed for a failure message. */
    String debugLogTail() {
        List<String> lines = readQuietly(debugLog()).lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        return "---- Core node " + name + " " + flags + ": last " + tail.size() + " lines of " + debugLog() + " ----\n"
                + String.join("\n", tail) + "\n---- end of " + name + " debug.log ----";
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(no " + p.getFileName() + ")";
        } catch (IOException e) {
            return "(cannot read " + p + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Stops the node: RPC {@code stop}, up to 20 s to exit, then {@code destroy}, then
     * {@code destroyForcibly}; deletes the datadir. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RUNNING.remove(this);
        try {
            if (process.isAlive()) {
                try {
                    rpc.call("stop");
                } catch (RuntimeException ignored) {
                    // not answering: the process handle below stops it
                }
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteRecursively(datadir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    @Override
    public String toString() {
        return "CoreNode[" + name + ", p2p=" + p2pPort + ", " + flags + "]";
    }
}
