package org.btcpeer.peer.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RollingBloomFilterTest {

    @Test
    void murmurHash3MatchesPublishedVectors() {
        // MurmurHash3_x86_32 vectors (the same function as Core's hash.cpp MurmurHash3).
        Object[][] table = {
                {0, "", 0},
                {1, "", 0x514e28b7},
                {0xffffffff, "", 0x81f16f39},
                {0, "00000000", 0x2362f9de},
                {0, "ffffffff", 0x76293b50},
                {0, "21436587", 0xf55b516b},
        };
        for (Object[] row : table) {
            assertEquals((int) row[2], MurmurHash3.hash((int) row[0], HexFormat.of().parseHex((String) row[1])),
                    "seed " + row[0] + " data " + row[1]);
        }
    }

    @Test
    void coreDiscouragementFilterSizeIsFixed() {
        RollingBloomFilter f = new RollingBloomFilter(50_000, 0.000001, new SplittableRandom(1));
        assertEquals(20, f.hashFunctions());
        // ceil(-20 * 75,000 / ln(1 - e^(ln(1e-6)/20))) bits, rounded to 64, two words each.
        assertEquals(539_168, f.sizeInBytes());
    }

    @Test
    void remembersRecentInsertionsAndForgetsOldOnes() {
        RollingBloomFilter f = new RollingBloomFilter(100, 0.000001, new SplittableRandom(7));
        for (int i = 0; i < 100; i++) {
            f.insert(key(i));
        }
        for (int i = 0; i < 100; i++) {
            assertTrue(f.contains(key(i)), "recent " + i);
        }
        // Three more generations of 50 push the first 100 out.
        for (int i = 100; i < 300; i++) {
            f.insert(key(i));
        }
        int remembered = 0;
        for (int i = 0; i < 50; i++) {
            remembered += f.contains(key(i)) ? 1 : 0;
        }
        assertEquals(0, remembered);
        for (int i = 200; i < 300; i++) {
            assertTrue(f.contains(key(i)), "recent " + i);
        }
    }

    @Test
    void unseenKeysAreAbsentAndClearForgets() {
        RollingBloomFilter f = new RollingBloomFilter(1_000, 0.000001, new SplittableRandom(3));
        for (int i = 0; i < 1_000; i++) {
            f.insert(key(i));
        }
        int falsePositives = 0;
        for (int i = 10_000; i < 20_000; i++) {
            falsePositives += f.contains(key(i)) ? 1 : 0;
        }
        assertEquals(0, falsePositives);
        f.clear();
        assertFalse(f.contains(key(1)));
    }

    private static byte[] key(int i) {
        return new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
    }
}
