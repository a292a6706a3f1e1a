package org.btcpeer.peer;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Core's feefilter rounding and timing ({@code FeeFilterRounder}, {@code MaybeSendFeefilter}), with scripted randomness. */
class FeeFilterTest {

    /** Randomness whose {@code nextInt} always returns {@code value} (0: keep the bucket, 1 or 2: step down). */
    static RandomGenerator draws(int value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return value;
            }

            @Override
            public int nextInt(int bound) {
                return value;
            }
        };
    }

    private static final long MIN = Duration.ofMinutes(1).toNanos();
    private static final long SEC = Duration.ofSeconds(1).toNanos();

    @Test
    void roundsToCoresBucketsAndStepsDownTwoTimesInThree() {
        // Buckets for v30's incremental relay fee of 100 sat/kvB: 0, 50, 55, 60, 66, 73, ..., 959, 1055, ..., 9936506.
        long[][] table = {
                // fee, draw, expected
                {0, 0, 0}, {0, 1, 0},           // the first bucket never steps down
                {1, 0, 50}, {1, 1, 0},
                {50, 0, 50}, {50, 2, 0},
                {51, 0, 55}, {51, 1, 50},
                {56, 0, 60}, {56, 2, 55},
                {1000, 0, 1055}, {1000, 1, 959},
                {5000, 0, 5335}, {5000, 1, 4850},
                {FeeFilter.MAX_MONEY, 0, 9936506}, // past the last bucket: always the last one
                {10_000_001, 0, 9936506},
        };
        for (long[] row : table) {
            FeeFilterRounder r = new FeeFilterRounder(100, draws((int) row[1]));
            assertEquals(row[2], r.round(row[0]), "round(" + row[0] + ") with draw " + row[1]);
        }
        assertEquals(9936506, new FeeFilterRounder(100, draws(0)).maxFilter());
        // Incremental fee 1 (the pre-v30 0.01 sat/vB floor would be 10): buckets 0, 1, 1.1, 1.21, ... truncated.
        assertEquals(1, new FeeFilterRounder(1, draws(0)).round(1));
        assertEquals(2, new FeeFilterRounder(1, draws(0)).round(2));
    }

    /** A schedule with no rounding step-down, mean delays exactly their mean and uniform delays half their bound. */
    private static FeeFilterSchedule schedule(AtomicLong current) {
        return new FeeFilterSchedule(new FeeFilter.Mempool(current::get, 100, 100), new FeeFilterRounder(100, draws(0)),
                mean -> mean, bound -> bound / 2);
    }

    @Test
    void sendsAtOnceThenOnThePoissonTimerOnlyWhenTheValueChanged() {
        AtomicLong current = new AtomicLong(1000);
        FeeFilterSchedule s = schedule(current);
        assertEquals(OptionalLong.of(1055), s.poll(0), "the first poll after the handshake sends");
        assertEquals(OptionalLong.empty(), s.poll(MIN), "nothing before the next send");
        current.set(1100); // within 3/4..4/3 of 1055: no hurry
        assertEquals(OptionalLong.empty(), s.poll(5 * MIN));
        assertEquals(10 * MIN + 1, s.nextWake(6 * MIN), "next send 10 min (the mean) after the first");
        assertEquals(OptionalLong.empty(), s.poll(10 * MIN), "Core sends only once now > next");
        assertEquals(OptionalLong.of(1161), s.poll(10 * MIN + 1), "rounded 1100 goes out at the timer");
        current.set(1120);
        assertEquals(OptionalLong.empty(), s.poll(20 * MIN + 2), "same rounded value: nothing sent");
        assertEquals(30 * MIN + 3, s.nextWake(26 * MIN), "but the timer restarts");
    }

    @Test
    void aBigChangeBringsTheNextSendWithinFiveMinutes() {
        AtomicLong current = new AtomicLong(1000);
        FeeFilterSchedule s = schedule(current);
        s.poll(0);                                          // sent 1055, next send at 10 min
        assertEquals(10 * SEC, s.nextWake(0), "checks for a big change every 10 s while the send is > 5 min away");
        current.set(1055 * 4 / 3);                          // exactly 4/3: not beyond
        assertEquals(OptionalLong.empty(), s.poll(MIN));
        assertEquals(MIN + 10 * SEC, s.nextWake(MIN));
        current.set(1055 * 4 / 3 + 1);                      // beyond 4/3
        assertEquals(OptionalLong.empty(), s.poll(2 * MIN));
        long expected = 2 * MIN + Duration.ofMinutes(5).toNanos() / 2; // uniform in [0, 5 min): half with this stub
        assertEquals(expected + 1, s.nextWake(2 * MIN), "rescheduled within MAX_FEEFILTER_CHANGE_DELAY");
        assertEquals(OptionalLong.of(1545), s.poll(expected + 1));
        current.set(1545 * 3 / 4 - 1);                      // a drop below 3/4 works the same
        assertEquals(OptionalLong.empty(), s.poll(expected + 2 * MIN));
        assertEquals(expected + 2 * MIN + Duration.ofMinutes(5).toNanos() / 2 + 1, s.nextWake(expected + 2 * MIN));
    }

    @Test
    void initialBlockDownloadSendsTheMaximumThenTheRealValueAtOnce() {
        AtomicLong current = new AtomicLong(FeeFilter.IN_INITIAL_BLOCK_DOWNLOAD);
        FeeFilterSchedule s = schedule(current);
        assertEquals(OptionalLong.of(9936506), s.poll(0), "MAX_MONEY, rounded");
        assertEquals(6 * MIN + 10 * SEC, s.nextWake(6 * MIN), "in IBD the end of it is looked for every 10 s, even near the next send");
        current.set(20);
        assertEquals(OptionalLong.of(100), s.poll(6 * MIN + 10 * SEC), "out of IBD: at once, and never below the min relay fee");
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> FeeFilter.fixed(-1));
        assertThrows(IllegalArgumentException.class, () -> FeeFilter.fixed(FeeFilter.MAX_MONEY + 1));
        assertThrows(IllegalArgumentException.class, () -> new FeeFilter.Mempool(() -> 0, -1, 100));
    }
}
