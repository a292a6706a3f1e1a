package org.btcpeer.transport.dial;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real SOCKS5 server for tests: Debian's {@code microsocks} (bin/test installs it when it can),
 * started on 127.0.0.1 on a free port, optionally with a username and password. Tests call
 * {@link #available()} in an assumption, so they are skipped with a reason where it is missing.
 */
public final class Microsocks implements AutoCloseable {

    /** Why real-server tests are skipped when the binary is missing. */
    public static final String MISSING = "microsocks is not installed (bin/test installs it with apt-get when run as root)";

    private final Process process;
    private final InetSocketAddress address;

    private Microsocks(Process process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    /** The binary on the PATH, if any. */
    public static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "microsocks");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Whether the binary exists. */
    public static boolean available() {
        return binary().isPresent();
    }

    /**
     * Skips the calling test when microsocks is missing, or fails it under {@code CI=true}: a skip in
     * CI is a failure in disguise (bin/test refuses to start in that case too).
     */
    public static void assumeAvailable() {
        if (available()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv().getOrDefault("CI", ""))) {
            throw new AssertionError("CI=true but " + MISSING);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(false, MISSING);
    }

    /**
     * Starts a server without authentication.
     *
     * @return the running server
     * @throws IOException if it does not start listening within 5 seconds
     */
    public static Microsocks start() throws IOException {
        return start(null, null);
    }

    /**
     * Starts a server.
     *
     * @param user     the required username, or null for no authentication
     * @param password the password
     * @return the running server
     * @throws IOException if it does not start listening within 5 seconds
     */
    public static Microsocks start(String user, String password) throws IOException {
        Path bin = binary().orElseThrow(() -> new IOException(MISSING));
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            List<String> cmd = new ArrayList<>(List.of(bin.toString(), "-i", "127.0.0.1", "-p", Integer.toString(port)));
            if (user != null) {
                cmd.addAll(List.of("-u", user, "-P", password));
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline && p.isAlive()) {
                try (Socket s = new Socket()) {
                    s.connect(a, 200);
                    return new Microsocks(p, a);
                } catch (IOException e) {
                    last = e;
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            p.destroyForcibly();
        }
        throw new IOException("microsocks did not start listening", last);
    }

    /** Its address on 127.0.0.1. */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
