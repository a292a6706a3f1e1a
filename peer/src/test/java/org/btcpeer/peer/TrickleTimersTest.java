package org.btcpeer.peer;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.message.SendAddrV2Message;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.btcpeer.wire.message.WtxidRelayMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timers that space transaction announcements, as Core's {@code SendMessages}: exponential gaps
 * (a Poisson process, {@code rand_exp_duration}) and one timer shared by all inbound peers
 * ({@code NextInvToInbounds}). The distributions are checked with a fixed seed against the
 * exponential law by the Kolmogorov-Smirnov distance, with a bound that a uniform or constant delay
 * of the same mean exceeds several times over.
 */
@Timeout(30)
class TrickleTimersTest {

    private static final int SAMPLES = 20_000;
    /** Twice the KS critical value at the 0.1 % level for 20,000 samples (1.95 / sqrt(n) = 0.0138). */
    private static final double KS_BOUND = 0.0276;
    private static final long MEAN = TimeUnit.SECONDS.toNanos(5);

    private final PeerHarness h = new PeerHarness();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static PeerRuntime seeded(long seed) {
        ManualClock clock = new ManualClock();
        return new PeerRuntime(clock, clock, new SplittableRandom(seed), new NonceRegistry(50));
    }

    /** The largest gap between the samples' empirical distribution and the exponential law with {@code mean}. */
    static double ksDistanceFromExponential(long[] samples, double mean) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        double d = 0;
        for (int i = 0; i < sorted.length; i++) {
            double f = 1 - Math.exp(-sorted[i] / mean);
            d = Math.max(d, Math.max(Math.abs(f - (double) i / sorted.length), Math.abs((i + 1.0) / sorted.length - f)));
        }
        return d;
    }

    @Test
    void theDelaysAreExponentialWithTheConfiguredMean() {
        PeerRuntime runtime = seeded(18);
        long[] delays = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            delays[i] = runtime.exponentialDelay(MEAN);
        }
        double mean = Arrays.stream(delays).average().orElseThrow();
        assertEquals(MEAN, mean, MEAN * 0.03, "sample mean");
        double ks = ksDistanceFromExponential(delays, MEAN);
        assertTrue(ks < KS_BOUND, "KS distance from Exp(mean 5 s): " + ks);
        // What the bound rejects: a uniform delay on [0, 2 mean] has the same mean but a KS distance near 0.13.
        long[] uniform = new long[SAMPLES];
        SplittableRandom r = new SplittableRandom(18);
        for (int i = 0; i < SAMPLES; i++) {
            uniform[i] = (long) (r.nextDouble() * 2 * MEAN);
        }
        assertTrue(ksDistanceFromExponential(uniform, MEAN) > 4 * KS_BOUND, "the test tells a uniform delay apart");
    }

    @Test
    void theInboundTimerIsSharedUntilItPassesThenRedrawnWithExponentialGaps() {
        PeerRuntime runtime = seeded(19);
        long now = 1_000;
        long[] gaps = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long next = runtime.nextInboundInventorySend(now, MEAN);
            assertTrue(next - now >= 0, "never in the past");
            assertEquals(next, runtime.nextInboundInventorySend(now + (next - now) / 2, MEAN), "shared before it passes");
            assertEquals(next, runtime.nextInboundInventorySend(next, MEAN), "still due at its own instant");
            gaps[i] = next - now;
            now = next + 1; // the timer has passed: the next call draws anew
        }
        double ks = ksDistanceFromExponential(gaps, MEAN);
        assertTrue(ks < KS_BOUND, "KS distance of the shared timer's gaps from Exp(mean 5 s): " + ks);
    }

    // ------------------------------------------------------------------ through peers

    private static Hash256 hash(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        b[1] = (byte) (i >> 8);
        return Hash256.fromInternalBytes(b);
    }

    private PeerHarness.Setup inboundReady(PeerConfig config, long nonce) throws Exception {
        PeerHarness.Setup s = h.inbound(config, HandshakeDeadline.startingNow(h.runtime.time(), Duration.ofMinutes(1)));
        s.remote().send(ScriptedRemote.version(70016, nonce));
        s.remote().next(VersionMessage.class);
        s.remote().send(WtxidRelayMessage.INSTANCE);
        s.remote().send(SendAddrV2Message.INSTANCE);
        s.remote().send(VerackMessage.INSTANCE);
        s.peer().handshake().get(5, TimeUnit.SECONDS);
        return s;
    }

    private PeerHarness.Setup outboundReady(PeerConfig config, long nonce) throws Exception {
        PeerHarness.Setup s = h.outbound(config);
        PeerHarness.handshake(s, ScriptedRemote.version(70016, nonce));
        return s;
    }

    @Test
    void inboundPeersReleaseOnTheSharedTimerOutboundPeersOnTheirOwn() throws Exception {
        PeerConfig config = PeerHarness.config().build();
        PeerHarness.Setup in1 = inboundReady(config, 41);
        PeerHarness.Setup in2 = inboundReady(config, 42);
        PeerHarness.Setup out1 = outboundReady(config, 43);
        PeerHarness.Setup out2 = outboundReady(config, 44);
        for (PeerHarness.Setup s : new PeerHarness.Setup[]{in1, in2, out1, out2}) {
            s.peer().announceTransaction(hash(1), hash(2), 1000);
        }
        long shared = in1.peer().trickler.nextRelease();
        assertTrue(shared > h.clock.nanoTime() && shared < Long.MAX_VALUE, "a release is scheduled");
        assertEquals(shared, in2.peer().trickler.nextRelease(), "one timer for all inbound peers");
        assertNotEquals(out1.peer().trickler.nextRelease(), out2.peer().trickler.nextRelease(),
                "each outbound peer draws its own delay");

        h.clock.advance(Duration.ofNanos(shared - h.clock.nanoTime()));
        PeerHarness.sync(in1, 1);
        PeerHarness.sync(in2, 2);
        assertEquals(0, in1.peer().trickler.pendingCount(), "released at the shared instant");
        assertEquals(0, in2.peer().trickler.pendingCount(), "released at the shared instant");
        h.clock.advance(Duration.ofNanos(1)); // past it (at its own instant it is still the one due, as Core's)
        in2.peer().announceTransaction(hash(3), hash(4), 1000);
        in1.peer().announceTransaction(hash(3), hash(4), 1000);
        long redrawn = in2.peer().trickler.nextRelease();
        assertTrue(redrawn > shared, "the passed timer is redrawn");
        assertEquals(redrawn, in1.peer().trickler.nextRelease(), "and shared again");
    }

    @Test
    void eachDirectionUsesItsOwnConfiguredMean() throws Exception {
        // Means a million-fold apart: a swapped or ignored setting shows at once.
        PeerConfig config = PeerHarness.config().inboundTrickleInterval(Duration.ofMillis(1))
                .outboundTrickleInterval(Duration.ofHours(1000)).build();
        PeerHarness.Setup in = inboundReady(config, 51);
        PeerHarness.Setup out = outboundReady(config, 52);
        in.peer().announceTransaction(hash(1), hash(2), 1000);
        out.peer().announceTransaction(hash(1), hash(2), 1000);
        long now = h.clock.nanoTime();
        assertTrue(in.peer().trickler.nextRelease() - now < TimeUnit.SECONDS.toNanos(1), "inbound: mean 1 ms");
        assertTrue(out.peer().trickler.nextRelease() - now > TimeUnit.SECONDS.toNanos(1), "outbound: mean 1000 h");
    }
}
