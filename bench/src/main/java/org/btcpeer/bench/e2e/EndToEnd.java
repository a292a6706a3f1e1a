package org.btcpeer.bench.e2e;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.btcpeer.bench.BenchData;
import org.btcpeer.bench.Table;
import org.btcpeer.transport.TransportVersion;
import org.btcpeer.transport.v1.V1FrameEncoder;
import org.btcpeer.transport.v2.SessionKeys;
import org.btcpeer.transport.v2.V2FrameEncoder;
import org.btcpeer.transport.v2.V2SessionCiphers;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.RawMessage;

/**
 * End to end over loopback: two peers through the full stack (transport, send queue, reader and
 * writer threads, protocol, listeners), v1 and v2, next to raw sockets moving the same bytes and
 * to the JDK's bare ChaCha20-Poly1305, all measured in the same run. Prints a Markdown table.
 *
 * <pre>
 *   java -cp benchmarks.jar org.btcpeer.bench.e2e.EndToEnd [quick|full|smoke]
 * </pre>
 */
public final class EndToEnd {

    /** One MiB: the large message size. */
    static final int BIG = 1 << 20;

    /**
     * How much to measure.
     *
     * @param bigMessages   1 MiB messages per transport
     * @param smallMessages one-entry inv messages per transport
     * @param pings         pings per transport
     */
    public record Settings(int bigMessages, int smallMessages, int pings) {

        /**
         * The settings of a mode.
         *
         * @param mode {@code smoke}, {@code quick} or {@code full}
         * @return the settings
         */
        public static Settings of(String mode) {
            return switch (mode) {
                case "smoke" -> new Settings(4, 2_000, 50);
                case "quick" -> new Settings(100, 200_000, 2_000);
                case "full" -> new Settings(500, 1_000_000, 20_000);
                default -> throw new IllegalArgumentException("mode is smoke, quick or full: " + mode);
            };
        }
    }

    private EndToEnd() {
    }

    /**
     * Runs and prints the table.
     *
     * @param args {@code quick} (default), {@code full} or {@code smoke}
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Settings s = Settings.of(args.length > 0 ? args[0] : "quick");
        System.out.println("end to end, " + s + ", load average at start " + Table.loadAverage());
        System.out.println(run(s));
        System.exit(0);
    }

    /**
     * Measures everything.
     *
     * @param s the amounts
     * @return the table
     * @throws Exception on failure
     */
    public static Table run(Settings s) throws Exception {
        Table t = new Table("measure", "transport", "btcpeer", "baseline (same run)", "ratio", "target", "load");
        byte[] big = BenchData.randomBytes(BIG);
        Message bigMessage = new RawMessage("benchblob", ByteString.wrap(big));
        Message smallMessage = new InvMessage(List.of(InventoryVector.wtx(Hash256.doubleSha256(ByteString.wrap(big)))));
        double aeadMBps = bareAeadMBps(big, Math.max(8, s.bigMessages() / 2));

        for (TransportVersion version : List.of(TransportVersion.V1, TransportVersion.V2)) {
            String tv = version.name().toLowerCase(java.util.Locale.ROOT);
            int bigFrame = frameSize(version, bigMessage);
            int smallFrame = frameSize(version, smallMessage);
            try (PeerPair pair = new PeerPair(version)) {
                // 1 MiB messages
                pair.sendMany(bigMessage, Math.max(2, s.bigMessages() / 5)); // warm-up
                double peerMsgs = pair.sendMany(bigMessage, s.bigMessages());
                double peerMBps = peerMsgs * BIG / 1e6;
                RawSocket.framesPerSecond(new byte[bigFrame], Math.max(2, s.bigMessages() / 5), false);
                double rawMBps = RawSocket.framesPerSecond(new byte[bigFrame], s.bigMessages(), false) * BIG / 1e6;
                String load = Table.loadAverage();
                t.row("1 MiB messages, MB/s of payload", tv, Table.num(peerMBps), "raw socket " + Table.num(rawMBps),
                        Table.ratio(peerMBps / rawMBps), version == TransportVersion.V1 ? ">= 0.50x raw" : "", load);
                if (version == TransportVersion.V2) {
                    t.row("1 MiB messages, MB/s of payload", tv, Table.num(peerMBps),
                            "bare AEAD enc+dec " + Table.num(aeadMBps), Table.ratio(peerMBps / aeadMBps), ">= 0.80x AEAD", load);
                }

                // small messages: inv with one entry
                pair.sendMany(smallMessage, Math.max(100, s.smallMessages() / 5)); // warm-up
                double smallPerSec = pair.sendMany(smallMessage, s.smallMessages());
                byte[] smallBytes = new byte[smallFrame];
                double rawEach = RawSocket.framesPerSecond(smallBytes, s.smallMessages(), false);
                double rawBatched = RawSocket.framesPerSecond(smallBytes, s.smallMessages(), true);
                load = Table.loadAverage();
                t.row("inv(1) messages/s (" + smallFrame + " B frames)", tv, Table.num(smallPerSec),
                        "raw socket, batched writes " + Table.num(rawBatched), Table.ratio(smallPerSec / rawBatched),
                        ">= 500,000/s", load);
                t.row("inv(1) messages/s (" + smallFrame + " B frames)", tv, Table.num(smallPerSec),
                        "raw socket, one write per frame " + Table.num(rawEach), Table.ratio(smallPerSec / rawEach), "", load);

                // ping round trips
                int pingFrame = frameSize(version, new PingMessage(1));
                pair.pingRtts(Math.max(10, s.pings() / 5)); // warm-up
                long[] peerRtt = pair.pingRtts(s.pings());
                RawSocket.echoRtts(pingFrame, Math.max(10, s.pings() / 5));
                long[] rawRtt = RawSocket.echoRtts(pingFrame, s.pings());
                load = Table.loadAverage();
                for (double q : new double[] {0.50, 0.99}) {
                    double p = percentile(peerRtt, q) / 1e3;
                    double r = percentile(rawRtt, q) / 1e3;
                    t.row("ping RTT p" + (int) Math.round(q * 100) + ", µs", tv, Table.num(p),
                            "raw socket echo " + Table.num(r), Table.ratio(p / r), q == 0.50 ? "<= 1.5x raw" : "", load);
                }
            }
        }
        return t;
    }

    /** The size of a message's frame (v2: the packet as the peer sends it, long command form). */
    static int frameSize(TransportVersion version, Message m) throws Exception {
        RawMessage raw = new RawMessage(m.commandName(), m.payload()); // what Peer's writer hands the transport
        if (version == TransportVersion.V1) {
            return new V1FrameEncoder(NetworkParameters.REGTEST.magic()).encode(raw).size();
        }
        byte[] magic = NetworkParameters.REGTEST.magic().toByteArray();
        V2SessionCiphers c = V2SessionCiphers.fromKeys(SessionKeys.derive(new byte[32], magic), true);
        return new V2FrameEncoder(c.outbound()).encode(raw).size();
    }

    /**
     * The bound for v2 throughput: the JDK's ChaCha20-Poly1305 encrypting and decrypting a
     * payload on one thread, buffers preallocated.
     */
    static double bareAeadMBps(byte[] payload, int count) throws GeneralSecurityException {
        Cipher enc = Cipher.getInstance("ChaCha20-Poly1305");
        Cipher dec = Cipher.getInstance("ChaCha20-Poly1305");
        SecretKeySpec key = new SecretKeySpec(BenchData.randomBytes(32), "ChaCha20");
        byte[] ct = new byte[payload.length + 16];
        byte[] pt = new byte[payload.length];
        byte[] nonce = new byte[12];
        long counter = 0;
        double best = 0;
        for (int round = 0; round < 3; round++) { // the first round warms up
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                counter++;
                for (int b = 0; b < 8; b++) {
                    nonce[b] = (byte) (counter >>> (8 * b));
                }
                IvParameterSpec iv = new IvParameterSpec(nonce);
                enc.init(Cipher.ENCRYPT_MODE, key, iv);
                enc.doFinal(payload, 0, payload.length, ct, 0);
                dec.init(Cipher.DECRYPT_MODE, key, iv);
                dec.doFinal(ct, 0, ct.length, pt, 0);
            }
            double mbps = (double) count * payload.length / ((System.nanoTime() - start) / 1e3);
            if (round > 0) {
                best = Math.max(best, mbps);
            }
        }
        return best;
    }

    static double percentile(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
