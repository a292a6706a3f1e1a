package org.btcpeer.peer.inbound;

/**
 * MurmurHash3 x86 32-bit, the hash Core's {@code CRollingBloomFilter} uses ({@code MurmurHash3} in
 * hash.cpp): little-endian 4-byte blocks, a tail of up to 3 bytes, then the final mix.
 */
final class MurmurHash3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private MurmurHash3() {
    }

    /**
     * Hashes {@code data} with {@code seed}.
     *
     * @param seed the seed
     * @param data the bytes
     * @return the 32-bit hash
     */
    static int hash(int seed, byte[] data) {
        int h = seed;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int o = i * 4;
            int k = (data[o] & 0xff) | (data[o + 1] & 0xff) << 8 | (data[o + 2] & 0xff) << 16 | (data[o + 3] & 0xff) << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int tail = blocks * 4;
        int k = 0;
        switch (data.length & 3) {
            case 3 -> k = (data[tail + 2] & 0xff) << 16 | (data[tail + 1] & 0xff) << 8 | (data[tail] & 0xff);
            case 2 -> k = (data[tail + 1] & 0xff) << 8 | (data[tail] & 0xff);
            case 1 -> k = data[tail] & 0xff;
            default -> { }
        }
        if ((data.length & 3) != 0) {
            h ^= mixK(k);
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int mixK(int k) {
        return Integer.rotateLeft(k * C1, 15) * C2;
    }
}
