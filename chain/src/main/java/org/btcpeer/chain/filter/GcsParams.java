package org.btcpeer.chain.filter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.btcpeer.wire.Hash256;

/**
 * The parameters of a Golomb-coded set (Core's {@code GCSFilter::Params}): the SipHash-2-4 key
 * that maps elements to numbers, the Golomb-Rice parameter {@code p} and the inverse false-positive
 * rate {@code m}.
 *
 * @param sipHashK0 key bytes 0..7 as a little-endian word
 * @param sipHashK1 key bytes 8..15 as a little-endian word
 * @param p         the Golomb-Rice bit parameter, 1..32
 * @param m         the inverse false-positive rate, 1..2^32-1
 */
public record GcsParams(long sipHashK0, long sipHashK1, int p, long m) {

    /** BIP-158 basic filter: {@code P = 19} (Core's {@code BASIC_FILTER_P}). */
    public static final int BASIC_P = 19;

    /** BIP-158 basic filter: {@code M = 784931} (Core's {@code BASIC_FILTER_M}). */
    public static final long BASIC_M = 784_931;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Checks the ranges, so that {@code N * M} of a filter with {@code N < 2^32} fits a {@code long}. */
    public GcsParams {
        if (p < 1 || p > 32) {
            throw new IllegalArgumentException("P must be in 1..32: " + p);
        }
        if (m < 1 || m > 0xffff_ffffL) {
            throw new IllegalArgumentException("M must be in 1..2^32-1: " + m);
        }
    }

    /**
     * The basic filter's parameters for a block: the SipHash key is the first 16 bytes of the block
     * hash in internal (little-endian) order, {@code P = 19}, {@code M = 784931} (BIP-158).
     *
     * @param blockHash the hash of the block the filter is for
     * @return the parameters
     */
    public static GcsParams basic(Hash256 blockHash) {
        byte[] key = blockHash.toInternalBytes();
        return new GcsParams((long) LONG_LE.get(key, 0), (long) LONG_LE.get(key, 8), BASIC_P, BASIC_M);
    }
}
