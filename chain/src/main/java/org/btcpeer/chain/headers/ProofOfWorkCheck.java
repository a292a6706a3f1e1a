package org.btcpeer.chain.headers;

import java.math.BigInteger;
import java.util.Optional;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.ProofOfWork;

/**
 * Core's {@code CheckProofOfWork} and {@code GetBlockProof} for a stream of headers, without
 * {@link BigInteger} work per header: bits change once per retarget, so the target (as 32
 * little-endian bytes, compared with the hash byte by byte) and the work (as an unsigned 128-bit
 * pair) are derived once per distinct bits and reused. Not thread-safe (the chain's lock guards it).
 */
final class ProofOfWorkCheck {

    private static final BigInteger MASK_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final BigInteger powLimit;
    private long bits = -1;
    private byte[] target; // little-endian, 32 bytes; null if the bits are out of range
    private long workHigh;
    private long workLow;

    ProofOfWorkCheck(BigInteger powLimit) {
        this.powLimit = powLimit;
    }

    /**
     * Whether {@code hash} meets the target of {@code bits} and that target is usable and at most the limit.
     *
     * @param bits the compact target
     * @param hash the header hash
     * @return whether the proof of work is valid; if so, {@link #workHigh()}/{@link #workLow()} hold its work
     */
    boolean check(long bits, Hash256 hash) {
        if (bits != this.bits) {
            derive(bits);
        }
        if (target == null) {
            return false;
        }
        for (int i = Hash256.LENGTH - 1; i >= 0; i--) {
            int h = hash.byteAt(i) & 0xff;
            int t = target[i] & 0xff;
            if (h != t) {
                return h < t;
            }
        }
        return true;
    }

    private void derive(long newBits) {
        Optional<BigInteger> t = ProofOfWork.deriveTarget(newBits, powLimit);
        bits = newBits;
        if (t.isEmpty()) {
            target = null;
            return;
        }
        byte[] le = new byte[Hash256.LENGTH];
        byte[] be = t.get().toByteArray();
        for (int i = 0; i < be.length && i < Hash256.LENGTH; i++) {
            le[i] = be[be.length - 1 - i];
        }
        target = le;
        BigInteger work = ProofOfWork.work(newBits);
        if (work.bitLength() > 128) {
            // only a target below 2^128 proves more; no such header can be mined
            target = null;
            return;
        }
        workHigh = work.shiftRight(64).longValue();
        workLow = work.and(MASK_64).longValue();
    }

    /** The high 64 bits of the last checked header's work. */
    long workHigh() {
        return workHigh;
    }

    /** The low 64 bits of the last checked header's work. */
    long workLow() {
        return workLow;
    }
}
