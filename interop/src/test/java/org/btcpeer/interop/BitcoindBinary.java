package org.btcpeer.interop;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Where the Bitcoin Core binary comes from: the environment variable {@code BITCOIND} (a path to
 * {@code bitcoind}), else {@code bitcoind} on {@code PATH}.
 *
 * <ul>
 *   <li>none found: the Core tests are skipped with one line saying how to enable them;</li>
 *   <li>{@code BITCOIND} set but unusable (missing, not executable, {@code -version} fails): the
 *       tests fail;</li>
 *   <li>{@code CI=true} and none found: the tests fail (a skip in CI is a failure in disguise).</li>
 * </ul>
 *
 * The answer is computed once per JVM.
 */
final class BitcoindBinary {

    /** The one line printed and used as the skip reason. */
    static final String HOW_TO_ENABLE = "Bitcoin Core tests skipped: set BITCOIND=/path/to/bitcoind or put bitcoind on PATH";

    private static volatile Resolution resolved;

    private BitcoindBinary() {
    }

    /** What the environment gives: a usable binary, nothing, or an error. */
    sealed interface Resolution {
        /** @param path the usable binary */
        record Found(Path path) implements Resolution {
        }

        /** No bitcoind anywhere, outside CI. */
        record Absent() implements Resolution {
        }

        /** @param reason why the configuration is unusable */
        record Broken(String reason) implements Resolution {
        }
    }

    /**
     * The usable bitcoind, or a skip (JUnit assumption) or failure as the class Javadoc says.
     *
     * @return the binary
     */
    static Path require() {
        Resolution r = resolve();
        return switch (r) {
            case Resolution.Found f -> f.path();
            case Resolution.Absent a -> {
                Assumptions.abort(HOW_TO_ENABLE);
                throw new AssertionError("unreachable");
            }
            case Resolution.Broken b -> throw new AssertionError(b.reason());
        };
    }

    /** The resolution for this JVM's environment, computed once. */
    static Resolution resolve() {
        Resolution r = resolved;
        if (r == null) {
            synchronized (BitcoindBinary.class) {
                r = resolved;
                if (r == null) {
                    r = resolve(System.getenv());
                    resolved = r;
                    if (r instanceof Resolution.Absent) {
                        System.err.println(HOW_TO_ENABLE);
                    }
                }
            }
        }
        return r;
    }

    /**
     * The resolution for an environment (visible for tests of the rules themselves).
     *
     * @param env the environment variables
     * @return found, absent or broken
     */
    static Resolution resolve(Map<String, String> env) {
        boolean ci = "true".equalsIgnoreCase(env.getOrDefault("CI", ""));
        String configured = env.get("BITCOIND");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return usable(p).<Resolution>map(Resolution.Broken::new).orElse(new Resolution.Found(p));
        }
        Optional<Path> onPath = onPath(env.getOrDefault("PATH", ""));
        if (onPath.isPresent()) {
            Optional<String> problem = usable(onPath.get());
            return problem.<Resolution>map(Resolution.Broken::new).orElse(new Resolution.Found(onPath.get()));
        }
        if (ci) {
            return new Resolution.Broken("CI=true but no bitcoind found: set BITCOIND=/path/to/bitcoind or put bitcoind on PATH");
        }
        return new Resolution.Absent();
    }

    private static Optional<Path> onPath(String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "bitcoind");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Empty if {@code bitcoind -version} runs and names Bitcoin Core, else the problem. */
    private static Optional<String> usable(Path p) {
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            return Optional.of("bitcoind at " + p + " is missing or not executable (BITCOIND or PATH)");
        }
        try {
            Process proc = new ProcessBuilder(p.toString(), "-version").redirectErrorStream(true).start();
            byte[] out = proc.getInputStream().readAllBytes();
            if (!proc.waitFor(20, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                return Optional.of(p + " -version did not finish within 20 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (proc.exitValue() != 0 || !text.contains("Bitcoin Core")) {
                return Optional.of(p + " -version failed (exit " + proc.exitValue() + "; missing libevent? see "
                        + "`ldd " + p + "`): " + text.strip());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(p + " cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking " + p);
        }
    }
}
