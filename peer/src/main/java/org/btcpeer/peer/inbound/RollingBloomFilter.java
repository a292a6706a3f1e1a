package org.btcpeer.peer.inbound;

import java.util.random.RandomGenerator;

/**
 * A bloom filter that remembers about the last {@code elements} insertions and forgets older ones,
 * Core's {@code CRollingBloomFilter} (common/bloom.cpp): entries are stamped with one of three
 * generations in two bits per position; every {@code (elements + 1) / 2} insertions the oldest
 * generation is wiped. Its size is fixed at construction ({@link #sizeInBytes()}), so it bounds
 * memory whatever the peers do. Not thread-safe: the owner locks.
 */
public final class RollingBloomFilter {

    private final int hashFunctions;
    private final int entriesPerGeneration;
    private final long[] data;
    private final int tweak;
    private int entriesThisGeneration;
    private int generation = 1;

    /**
     * Creates an empty filter.
     *
     * @param elements          how many recent insertions it must remember, at least 1
     * @param falsePositiveRate the false-positive rate wanted, in (0, 1)
     * @param random            the source of the hash tweak (Core: a random {@code nTweak})
     */
    public RollingBloomFilter(int elements, double falsePositiveRate, RandomGenerator random) {
        if (elements < 1 || !(falsePositiveRate > 0 && falsePositiveRate < 1)) {
            throw new IllegalArgumentException("elements must be positive and the rate in (0, 1)");
        }
        double logRate = Math.log(falsePositiveRate);
        hashFunctions = Math.max(1, Math.min((int) Math.round(logRate / Math.log(0.5)), 50));
        entriesPerGeneration = (elements + 1) / 2;
        long maxElements = entriesPerGeneration * 3L;
        long filterBits = (long) Math.ceil(-1.0 * hashFunctions * maxElements
                / Math.log(1.0 - Math.exp(logRate / hashFunctions)));
        data = new long[(int) (((filterBits + 63) / 64) << 1)];
        tweak = random.nextInt();
    }

    /** The bytes of its bit array (two 64-bit words per 64 positions). */
    public long sizeInBytes() {
        return data.length * 8L;
    }

    /** The number of hash functions (20 for Core's discouragement filter). */
    public int hashFunctions() {
        return hashFunctions;
    }

    /**
     * Inserts {@code key}, wiping the oldest generation first when the current one is full.
     *
     * @param key the bytes to remember
     */
    public void insert(byte[] key) {
        if (entriesThisGeneration == entriesPerGeneration) {
            entriesThisGeneration = 0;
            generation++;
            if (generation == 4) {
                generation = 1;
            }
            long mask1 = -(long) (generation & 1);
            long mask2 = -(long) (generation >> 1);
            for (int p = 0; p < data.length; p += 2) {
                long p1 = data[p];
                long p2 = data[p + 1];
                long mask = (p1 ^ mask1) | (p2 ^ mask2);
                data[p] = p1 & mask;
                data[p + 1] = p2 & mask;
            }
        }
        entriesThisGeneration++;
        for (int n = 0; n < hashFunctions; n++) {
            int h = hash(n, key);
            int bit = h & 0x3f;
            int pos = position(h);
            data[pos & ~1] = (data[pos & ~1] & ~(1L << bit)) | ((long) (generation & 1)) << bit;
            data[pos | 1] = (data[pos | 1] & ~(1L << bit)) | ((long) (generation >> 1)) << bit;
        }
    }

    /**
     * Whether {@code key} was inserted recently (false positives at the configured rate).
     *
     * @param key the bytes
     * @return true if possibly inserted, false if certainly not among the recent insertions
     */
    public boolean contains(byte[] key) {
        for (int n = 0; n < hashFunctions; n++) {
            int h = hash(n, key);
            int bit = h & 0x3f;
            int pos = position(h);
            if ((((data[pos & ~1] | data[pos | 1]) >>> bit) & 1) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Forgets everything (Core's {@code reset}, keeping the tweak). */
    public void clear() {
        java.util.Arrays.fill(data, 0);
        entriesThisGeneration = 0;
        generation = 1;
    }

    private int hash(int n, byte[] key) {
        // Core's RollingBloomHash: MurmurHash3(nHashNum * 0xFBA4C795 + nTweak, key).
        return MurmurHash3.hash(n * 0xFBA4C795 + tweak, key);
    }

    /** Core's FastMod: the upper bits of {@code h} scaled to the array length. */
    private int position(int h) {
        return (int) (((h & 0xffffffffL) * data.length) >>> 32);
    }
}
