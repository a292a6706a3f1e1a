package org.btcpeer.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

import org.btcpeer.transport.v2.KeyExchangeConfig;
import org.btcpeer.transport.v2.KeyExchangeMode;
import org.btcpeer.transport.v2.V2EphemeralKey;
import org.btcpeer.transport.v2.V2KeyExchange;

/**
 * Leak soak for a secp256k1 provider: the secp256k1 work of many handshakes (per handshake: two new
 * keys, two encodings, one decode and both sides' ECDH, checked equal), with the process's resident
 * set size printed every tenth of the run. Run with {@code -XX:NativeMemoryTracking=summary
 * -XX:+PrintNMTStatistics} to see the JVM's native memory at exit as well:
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -Xmx256m -XX:NativeMemoryTracking=summary -XX:+PrintNMTStatistics \
 *       -cp benchmarks.jar org.btcpeer.bench.soak.KeyExchangeSoak native 1000000
 * </pre>
 */
public final class KeyExchangeSoak {

    private KeyExchangeSoak() {
    }

    /**
     * Runs the soak.
     *
     * @param args {@code native|java} and the number of handshakes
     * @throws IOException if {@code /proc/self/status} cannot be read
     */
    public static void main(String[] args) throws IOException {
        KeyExchangeMode mode = KeyExchangeMode.parse(args.length > 0 ? args[0] : "native");
        long handshakes = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        V2KeyExchange provider = V2KeyExchange.select(new KeyExchangeConfig(mode, Optional.empty()));
        SplittableRandom random = new SplittableRandom(1);
        System.out.printf(Locale.ROOT, "provider %s, %,d handshakes, RSS at start %s%n", provider, handshakes, rss());
        long step = Math.max(1, handshakes / 10);
        long start = System.nanoTime();
        for (long i = 1; i <= handshakes; i++) {
            byte[] a = V2EphemeralKey.generatePrivateKey(random);
            byte[] b = V2EphemeralKey.generatePrivateKey(random);
            byte[] ellA = provider.ellswiftCreate(a, random);
            byte[] ellB = provider.ellswiftCreate(b, random);
            provider.ellswiftDecode(ellB);
            byte[] sa = provider.sharedSecret(ellB, ellA, a, true);
            byte[] sb = provider.sharedSecret(ellA, ellB, b, false);
            if (!java.util.Arrays.equals(sa, sb)) {
                throw new AssertionError("shared secrets differ at handshake " + i);
            }
            if (i % step == 0) {
                double secs = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "%,12d handshakes  %6.1f s  %,8.0f handshakes/s  RSS %s%n",
                        i, secs, i / secs, rss());
            }
        }
    }

    private static String rss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "n/a";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> l.substring(6).trim()).findFirst().orElse("n/a");
    }
}
