package org.btcpeer.bench.e2e;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.btcpeer.bench.BenchData;
import org.btcpeer.bench.Table;
import org.btcpeer.transport.FrameDecoder;
import org.btcpeer.transport.TransportVersion;
import org.btcpeer.transport.v1.V1FrameDecoder;
import org.btcpeer.transport.v1.V1FrameEncoder;
import org.btcpeer.transport.v2.SessionKeys;
import org.btcpeer.transport.v2.V2FrameDecoder;
import org.btcpeer.transport.v2.V2FrameEncoder;
import org.btcpeer.transport.v2.V2Handshake;
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
 * to the JDK's bare ChaCha20-Poly1305, all measured in the same run. Every comparison alternates:
 * each side runs the same warm-up round, then one round in turn, five times ({@link Series}); the
 * table gives the total rate, the slowest and fastest round, and the per-round ratio range. Prints
 * a Markdown table.
 *
 * <pre>
 *   java -cp benchmarks.jar org.btcpeer.bench.e2e.EndToEnd [quick|full|smoke|soak] [big,small,ping] [v1,v2]
 * </pre>
 * The optional second and third arguments pick parts and transports (for profiling one of them).
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
     * @param warmUpRounds  in-memory v2 sessions run before measuring (see {@link #warmUpJit(int)})
     */
    public record Settings(int bigMessages, int smallMessages, int pings, int warmUpRounds) {

        /**
         * These settings with some parts skipped.
         *
         * @param parts which of {@code big}, {@code small}, {@code ping} to keep
         * @return the settings
         */
        public Settings only(List<String> parts) {
            return new Settings(parts.contains("big") ? bigMessages : 0, parts.contains("small") ? smallMessages : 0,
                    parts.contains("ping") ? pings : 0, warmUpRounds);
        }

        /**
         * The settings of a mode.
         *
         * @param mode {@code smoke}, {@code quick}, {@code full} or {@code soak} (for profiling)
         * @return the settings
         */
        public static Settings of(String mode) {
            return switch (mode) {
                case "smoke" -> new Settings(4, 2_000, 50, 3);
                case "quick" -> new Settings(100, 200_000, 2_000, 300);
                case "full" -> new Settings(3_000, 1_000_000, 20_000, 300);
                // long enough to attach a profiler (perf record -p, JFR) to the measured phase
                case "soak" -> new Settings(20_000, 20_000_000, 200_000, 300);
                default -> throw new IllegalArgumentException("mode is smoke, quick, full or soak: " + mode);
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
        if (args.length > 1) {
            s = s.only(List.of(args[1].split(",")));
        }
        List<TransportVersion> versions = args.length > 2
                ? Arrays.stream(args[2].split(",")).map(v -> TransportVersion.valueOf(v.toUpperCase(java.util.Locale.ROOT))).toList()
                : List.of(TransportVersion.V1, TransportVersion.V2);
        System.out.println("end to end, " + s + ", load average at start " + Table.loadAverage());
        System.out.println(run(s, versions));
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
        return run(s, List.of(TransportVersion.V1, TransportVersion.V2));
    }

    /**
     * Measures the parts whose counts are not zero, for some transports.
     *
     * @param s        the amounts
     * @param versions the transports
     * @return the table
     * @throws Exception on failure
     */
    public static Table run(Settings s, List<TransportVersion> versions) throws Exception {
        Table t = new Table("measure", "transport", "btcpeer", "baseline (same run)", "ratio", "target", "load");
        byte[] big = BenchData.randomBytes(BIG);
        Message bigMessage = new RawMessage("benchblob", ByteString.wrap(big));
        Message smallMessage = new InvMessage(List.of(InventoryVector.wtx(Hash256.doubleSha256(ByteString.wrap(big)))));
        warmUpJit(s.warmUpRounds());

        for (TransportVersion version : versions) {
            try (PeerPair pair = new PeerPair(version)) {
                if (s.bigMessages() > 0) {
                    bigMessages(t, pair, version, bigMessage, s.bigMessages());
                }
                if (s.smallMessages() > 0) {
                    smallMessages(t, pair, version, smallMessage, s.smallMessages());
                }
                if (s.pings() > 0) {
                    pings(t, pair, version, s.pings());
                }
            }
        }
        return t;
    }

    private static String name(TransportVersion version) {
        return version.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Rounds per comparison: each side runs one round in turn, after the same warm-up round. */
    static final int ROUNDS = 5;

    /**
     * 1 MiB messages through the peers next to a raw socket moving frames of the same size and, for
     * v2, the JDK's bare AEAD on the same payload: one warm-up round each, then {@link #ROUNDS}
     * alternating rounds; every side gets the same number of messages and the same treatment.
     */
    private static void bigMessages(Table t, PeerPair pair, TransportVersion version, Message message, int count)
            throws Exception {
        int frame = frameSize(version, message);
        byte[] payload = message.payload().toByteArray();
        int perRound = Math.max(2, count / ROUNDS);
        boolean aead = version == TransportVersion.V2;
        Series peer = new Series();
        Series raw = new Series();
        Series bare = new Series();
        for (int r = -1; r < ROUNDS; r++) { // round -1 warms every side up and is not counted
            Rate p = pair.sendMany(message, perRound);
            Rate w = RawSocket.framesPerSecond(new byte[frame], perRound, false);
            Rate a = aead ? bareAead(payload, perRound) : null;
            if (r >= 0) {
                peer.add(p);
                raw.add(w);
                if (aead) {
                    bare.add(a);
                }
            }
        }
        double mb = BIG / 1e6;
        String load = Table.loadAverage();
        t.row("1 MiB messages, MB/s of payload", name(version), peer.text(mb), "raw socket " + raw.text(mb),
                peer.ratioTo(raw), version == TransportVersion.V1 ? ">= 0.50x raw" : "", load);
        if (aead) {
            t.row("1 MiB messages, MB/s of payload", name(version), peer.text(mb),
                    "bare AEAD enc+dec, 1 thread " + bare.text(mb), peer.ratioTo(bare), ">= 0.80x AEAD", load);
        }
    }

    /**
     * One-entry inv messages through the peers next to raw sockets moving frames of the same size
     * (one write per frame, and batched writes): one warm-up round each, then {@link #ROUNDS}
     * alternating rounds.
     */
    private static void smallMessages(Table t, PeerPair pair, TransportVersion version, Message message, int count)
            throws Exception {
        int frame = frameSize(version, message);
        int perRound = Math.max(100, count / ROUNDS);
        Series peer = new Series();
        Series rawEach = new Series();
        Series rawBatched = new Series();
        for (int r = -1; r < ROUNDS; r++) { // round -1 warms every side up and is not counted
            Rate p = pair.sendMany(message, perRound);
            Rate e = RawSocket.framesPerSecond(new byte[frame], perRound, false);
            Rate b = RawSocket.framesPerSecond(new byte[frame], perRound, true);
            if (r >= 0) {
                peer.add(p);
                rawEach.add(e);
                rawBatched.add(b);
            }
        }
        String load = Table.loadAverage();
        String what = "inv(1) messages/s (" + frame + " B frames)";
        t.row(what, name(version), peer.text(1), "raw socket, batched writes " + rawBatched.text(1),
                peer.ratioTo(rawBatched), ">= 500,000/s", load);
        t.row(what, name(version), peer.text(1), "raw socket, one write per frame " + rawEach.text(1),
                peer.ratioTo(rawEach), "", load);
    }

    /**
     * Ping round trips through the peers next to raw echoes, measured in alternating rounds so that
     * all three see the same machine state (the raw echo's latency alone moves between ~5 and ~75 µs
     * with where the scheduler puts its two threads and how deeply the idle core sleeps).
     */
    private static void pings(Table t, PeerPair pair, TransportVersion version, int count) throws Exception {
        int frame = frameSize(version, new PingMessage(1));
        int rounds = 5;
        int perRound = Math.max(10, count / rounds);
        pair.pingRtts(perRound); // warm-up
        RawSocket.echoRtts(frame, perRound, false);
        RawSocket.echoRtts(frame, perRound, true);
        long[][] peer = new long[rounds][];
        long[][] raw = new long[rounds][];
        long[][] virtual = new long[rounds][];
        for (int r = 0; r < rounds; r++) {
            peer[r] = pair.pingRtts(perRound);
            raw[r] = RawSocket.echoRtts(frame, perRound, false);
            virtual[r] = RawSocket.echoRtts(frame, perRound, true);
        }
        long[] peerRtt = concat(peer);
        long[] rawRtt = concat(raw);
        long[] virtualRtt = concat(virtual);
        String load = Table.loadAverage();
        for (double q : new double[] {0.50, 0.99}) {
            double p = percentile(peerRtt, q) / 1e3;
            double r = percentile(rawRtt, q) / 1e3;
            double v = percentile(virtualRtt, q) / 1e3;
            String what = "ping RTT p" + (int) Math.round(q * 100) + ", µs";
            t.row(what, name(version), Table.num(p), "raw socket echo " + Table.num(r), Table.ratio(p / r),
                    q == 0.50 ? "<= 1.5x raw" : "", load);
            t.row(what, name(version), Table.num(p), "raw echo on virtual threads " + Table.num(v), Table.ratio(p / v),
                    "", load);
        }
    }

    private static long[] concat(long[][] parts) {
        return Arrays.stream(parts).flatMapToLong(Arrays::stream).toArray();
    }

    /**
     * Runs the hashing, the AEAD and both framings on many 1 KiB messages first, so that the
     * methods the JDK implements with intrinsics (SHA-256, ChaCha20, Poly1305) are compiled with
     * them, as in a node that has been running a while. Without this, a few large messages run
     * them interpreted or C1-compiled, several times slower, on both the btcpeer and the
     * baseline side.
     */
    static void warmUpJit(int rounds) throws Exception {
        ByteString magic = NetworkParameters.REGTEST.magic();
        V1FrameEncoder v1e = new V1FrameEncoder(magic);
        V1FrameDecoder v1d = new V1FrameDecoder(magic);
        RawMessage small = new RawMessage("warmup", ByteString.wrap(BenchData.randomBytes(1024)));
        RawMessage large = new RawMessage("warmup", ByteString.wrap(BenchData.randomBytes(BIG)));
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        // Whole sessions, as the peers will run them: a handshake (its first packet carries the
        // garbage as AAD, a branch the JIT must have seen, or it deoptimizes Poly1305 later and
        // runs it without its intrinsic for the rest of a short run), then small and large messages.
        for (int round = 0; round < rounds; round++) {
            V2Handshake initiator = V2Handshake.initiator(magic).random(random).build();
            V2Handshake responder = V2Handshake.responder(magic).random(random).build();
            BenchData.completeHandshake(initiator, responder);
            V2FrameEncoder v2e = initiator.session().encoder();
            V2FrameDecoder v2d = responder.session().decoder();
            for (int i = 0; i < 60; i++) {
                RawMessage m = i == 0 && round % 5 == 0 ? large : small;
                feedInChunks(v1d, v1e.encode(m));
                feedInChunks(v2d, v2e.encode(m));
                if (v1d.poll() == null || v2d.poll() == null) {
                    throw new IllegalStateException("warm-up frame not decoded");
                }
            }
        }
        bareAead(small.body().toByteArray(), rounds * 16);
        bareAead(large.body().toByteArray(), Math.max(1, rounds / 15));
    }

    /** Feeds a frame in 64 KiB pieces, as {@code MessageReader} does from a socket. */
    private static void feedInChunks(FrameDecoder decoder, ByteString frame) throws Exception {
        java.nio.ByteBuffer all = frame.asReadOnlyBuffer();
        while (all.hasRemaining()) {
            java.nio.ByteBuffer piece = all.slice(all.position(), Math.min(64 * 1024, all.remaining()));
            decoder.receive(piece);
            all.position(all.position() + piece.position());
        }
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
     * payload on one thread, buffers preallocated; one timed pass, like every other side's round.
     */
    static Rate bareAead(byte[] payload, int count) throws GeneralSecurityException {
        Cipher enc = Cipher.getInstance("ChaCha20-Poly1305");
        Cipher dec = Cipher.getInstance("ChaCha20-Poly1305");
        SecretKeySpec key = new SecretKeySpec(BenchData.randomBytes(32), "ChaCha20");
        byte[] ct = new byte[payload.length + 16];
        byte[] pt = new byte[payload.length];
        byte[] nonce = new byte[12];
        long cpuStart = Table.processCpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            for (int b = 0; b < 8; b++) {
                nonce[b] = (byte) ((long) i >>> (8 * b));
            }
            IvParameterSpec iv = new IvParameterSpec(nonce);
            enc.init(Cipher.ENCRYPT_MODE, key, iv);
            enc.doFinal(payload, 0, payload.length, ct, 0);
            dec.init(Cipher.DECRYPT_MODE, key, iv);
            dec.doFinal(ct, 0, ct.length, pt, 0);
        }
        return new Rate(count, System.nanoTime() - start, Table.processCpuNanos() - cpuStart);
    }

    static double percentile(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
