package org.btcpeer.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ReserveAheadTest {

    /** The array sizes a payload read in full arrays goes through (grown only when full). */
    private static List<Integer> steps(int length) {
        List<Integer> sizes = new ArrayList<>();
        int size = ReserveAhead.capacity(length, 0, 0);
        sizes.add(size);
        while (size < length) {
            size = ReserveAhead.capacity(length, size + 1L, size);
            sizes.add(size);
        }
        return sizes;
    }

    @Test
    void aBlockGrowsByHalvingStepsThatEndAtItsLength() {
        // mainnet block 540,107 (the download benchmark's block): 2,259,447 bytes
        assertEquals(List.of(141_216, 282_431, 564_862, 1_129_724, 2_259_447), steps(2_259_447));
        assertEquals(List.of(1000), steps(1000));
        assertEquals(List.of(262_144), steps(262_144));
        assertEquals(List.of(131_073, 262_145), steps(262_145));
        assertEquals(List.of(250_000, 500_000, 1_000_000, 2_000_000, 4_000_000), steps(4_000_000));
        assertEquals(List.of(0), steps(0));
    }

    @Test
    void everySizeKeepsCoresRuleAndHoldsWhatIsNeeded() {
        SplittableRandom random = new SplittableRandom(256);
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(0, 4_000_001);
            long received = random.nextLong(0, length + 1L);
            long bound = Math.max(2 * received, received + ReserveAhead.BYTES);
            long need = random.nextLong(received, Math.min(length, bound) + 1);
            int size = ReserveAhead.capacity(length, need, received);
            String what = "length " + length + ", need " + need + ", received " + received + ": " + size;
            assertTrue(size >= need && size <= length && size <= bound, what);
        }
    }

    @Test
    void aNeedBeyondTheRuleOrTheLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ReserveAhead.capacity(4_000_000, ReserveAhead.BYTES + 1L, 0));
        assertThrows(IllegalArgumentException.class, () -> ReserveAhead.capacity(100, 101, 101));
        assertThrows(IllegalArgumentException.class, () -> ReserveAhead.capacity(-1, 0, 0));
    }
}
