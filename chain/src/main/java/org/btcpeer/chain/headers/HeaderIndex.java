package org.btcpeer.chain.headers;

import java.math.BigInteger;
import java.util.Arrays;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * The compact in-memory store behind {@link HeaderChain}: every header is a slot in parallel
 * primitive arrays (no object per header), found by hash through an open-addressing table of
 * slot numbers. About 120 bytes of heap per header: hash and merkle root 64, four header fields 16,
 * parent and height 8, cumulative work 16, the hash table 8-16 (see {@link #retainedBytes()}).
 *
 * <p>Not thread-safe: {@link HeaderChain} guards it with its lock. Slots are never removed.
 */
final class HeaderIndex {

    /** "No slot": the root's parent, and an absent hash. */
    static final int NONE = -1;

    private static final BigInteger MASK_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private byte[] hashes;
    private byte[] merkleRoots;
    private int[] versions;
    private int[] times;
    private int[] bits;
    private int[] nonces;
    private int[] parents;
    private int[] heights;
    private long[] workHigh; // cumulative chain work, an unsigned 128-bit number
    private long[] workLow;
    private int size;

    private int[] table; // slot + 1, 0 = empty; power-of-two length, at most half full

    HeaderIndex(int expectedHeaders) {
        int capacity = Math.max(16, expectedHeaders);
        hashes = new byte[capacity * Hash256.LENGTH];
        merkleRoots = new byte[capacity * Hash256.LENGTH];
        versions = new int[capacity];
        times = new int[capacity];
        bits = new int[capacity];
        nonces = new int[capacity];
        parents = new int[capacity];
        heights = new int[capacity];
        workHigh = new long[capacity];
        workLow = new long[capacity];
        table = new int[Integer.highestOneBit(capacity * 2 - 1) << 1];
    }

    int size() {
        return size;
    }

    /**
     * Stores a header.
     *
     * @param header    the header
     * @param hash      its hash
     * @param parent    the parent's slot, or {@link #NONE} for the root
     * @param height    its height
     * @param chainWork the cumulative work up to and including it
     * @return its slot
     */
    int add(BlockHeader header, Hash256 hash, int parent, int height, BigInteger chainWork) {
        if (chainWork.bitLength() > 128) {
            throw new ArithmeticException("chain work above 2^128: " + chainWork);
        }
        return add(header, hash, parent, height, chainWork.shiftRight(64).longValue(), chainWork.and(MASK_64).longValue());
    }

    /**
     * Stores a header whose work is its parent's plus {@code work} (both unsigned 128-bit).
     *
     * @param header   the header
     * @param hash     its hash
     * @param parent   the parent's slot
     * @param workHi   the header's own work, high 64 bits
     * @param workLo   the header's own work, low 64 bits
     * @return its slot
     */
    int addChild(BlockHeader header, Hash256 hash, int parent, long workHi, long workLo) {
        long lo = workLow[parent] + workLo;
        long carry = Long.compareUnsigned(lo, workLo) < 0 ? 1 : 0;
        long hi = workHigh[parent] + workHi + carry;
        if (Long.compareUnsigned(hi, workHigh[parent]) < 0) {
            throw new ArithmeticException("chain work above 2^128");
        }
        return add(header, hash, parent, heights[parent] + 1, hi, lo);
    }

    private int add(BlockHeader header, Hash256 hash, int parent, int height, long workHi, long workLo) {
        if (size == versions.length) {
            grow();
        }
        int slot = size++;
        hash.copyTo(hashes, slot * Hash256.LENGTH);
        header.merkleRoot().copyTo(merkleRoots, slot * Hash256.LENGTH);
        versions[slot] = header.version();
        times[slot] = (int) header.time();
        bits[slot] = (int) header.bits();
        nonces[slot] = (int) header.nonce();
        parents[slot] = parent;
        heights[slot] = height;
        workHigh[slot] = workHi;
        workLow[slot] = workLo;
        if (size * 2 > table.length) {
            rehash(table.length * 2);
        } else {
            insert(slot);
        }
        return slot;
    }

    private void grow() {
        int capacity = versions.length + (versions.length >> 2) + 16; // 1.25x: bounded slack
        hashes = Arrays.copyOf(hashes, capacity * Hash256.LENGTH);
        merkleRoots = Arrays.copyOf(merkleRoots, capacity * Hash256.LENGTH);
        versions = Arrays.copyOf(versions, capacity);
        times = Arrays.copyOf(times, capacity);
        bits = Arrays.copyOf(bits, capacity);
        nonces = Arrays.copyOf(nonces, capacity);
        parents = Arrays.copyOf(parents, capacity);
        heights = Arrays.copyOf(heights, capacity);
        workHigh = Arrays.copyOf(workHigh, capacity);
        workLow = Arrays.copyOf(workLow, capacity);
    }

    private void rehash(int length) {
        table = new int[length];
        for (int s = 0; s < size; s++) {
            insert(s);
        }
    }

    private void insert(int slot) {
        int mask = table.length - 1;
        int i = bucket(hashes, slot * Hash256.LENGTH) & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = slot + 1;
    }

    /** A bucket from hash bytes 0..3 (uniform: the low bytes of a double SHA-256). */
    private static int bucket(byte[] a, int off) {
        int h = (a[off] & 0xff) | (a[off + 1] & 0xff) << 8 | (a[off + 2] & 0xff) << 16 | (a[off + 3] & 0xff) << 24;
        return h ^ (h >>> 16);
    }

    /**
     * The slot of a hash.
     *
     * @param hash the hash
     * @return the slot, or {@link #NONE}
     */
    int find(Hash256 hash) {
        byte[] key = hash.toInternalBytes();
        int mask = table.length - 1;
        int i = bucket(key, 0) & mask;
        while (true) {
            int entry = table[i];
            if (entry == 0) {
                return NONE;
            }
            if (Arrays.equals(hashes, (entry - 1) * Hash256.LENGTH, entry * Hash256.LENGTH, key, 0, Hash256.LENGTH)) {
                return entry - 1;
            }
            i = (i + 1) & mask;
        }
    }

    Hash256 hash(int slot) {
        return Hash256.fromInternalBytes(hashes, slot * Hash256.LENGTH);
    }

    int parent(int slot) {
        return parents[slot];
    }

    int height(int slot) {
        return heights[slot];
    }

    long time(int slot) {
        return times[slot] & 0xffff_ffffL;
    }

    long bits(int slot) {
        return bits[slot] & 0xffff_ffffL;
    }

    int version(int slot) {
        return versions[slot];
    }

    BigInteger chainWork(int slot) {
        byte[] be = new byte[16];
        long hi = workHigh[slot];
        long lo = workLow[slot];
        for (int i = 0; i < 8; i++) {
            be[7 - i] = (byte) (hi >>> (8 * i));
            be[15 - i] = (byte) (lo >>> (8 * i));
        }
        return new BigInteger(1, be);
    }

    /** Whether slot {@code a} has more cumulative work than slot {@code b}. */
    boolean moreWork(int a, int b) {
        int c = Long.compareUnsigned(workHigh[a], workHigh[b]);
        return c != 0 ? c > 0 : Long.compareUnsigned(workLow[a], workLow[b]) > 0;
    }

    /** Rebuilds the header of a slot (a new object; the parent hash comes from the parent slot or is {@code rootPrev}). */
    BlockHeader header(int slot, Hash256 rootPrev) {
        int p = parents[slot];
        Hash256 prev = p == NONE ? rootPrev : hash(p);
        return new BlockHeader(versions[slot], prev, Hash256.fromInternalBytes(merkleRoots, slot * Hash256.LENGTH),
                time(slot), bits(slot), nonces[slot] & 0xffff_ffffL);
    }

    /** The heap this index holds in its arrays, in bytes (array headers ignored). */
    long retainedBytes() {
        long perSlot = 2L * Hash256.LENGTH + 6L * Integer.BYTES + 2L * Long.BYTES;
        return versions.length * perSlot + (long) table.length * Integer.BYTES;
    }
}
