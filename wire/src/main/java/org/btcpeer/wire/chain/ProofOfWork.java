package org.btcpeer.wire.chain;

import java.math.BigInteger;
import java.util.Optional;

import org.btcpeer.wire.Hash256;

/**
 * Proof-of-work checks and chain work, as Core's pow.cpp and chain.cpp compute them.
 *
 * <p>A hash is compared with a target as a 256-bit little-endian number (Core's
 * {@code UintToArith256}), so the display form {@code 000000…} has its zeros at the top.
 */
public final class ProofOfWork {

    /** Mainnet's {@code consensus.powLimit} (kernel/chainparams.cpp): {@code 00000000ffff…ff}, bits 0x1d00ffff. */
    public static final BigInteger MAINNET_POW_LIMIT = BigInteger.ONE.shiftLeft(224).subtract(BigInteger.ONE);

    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    private ProofOfWork() {
    }

    /**
     * A hash as a 256-bit unsigned number, reading its internal bytes as little-endian (Core's
     * {@code UintToArith256}).
     *
     * @param hash the hash
     * @return the number, 0 to 2^256-1
     */
    public static BigInteger toBigInteger(Hash256 hash) {
        byte[] be = new byte[Hash256.LENGTH];
        for (int i = 0; i < Hash256.LENGTH; i++) {
            be[i] = hash.byteAt(Hash256.LENGTH - 1 - i);
        }
        return new BigInteger(1, be);
    }

    /**
     * The target encoded by {@code bits} if it is usable under {@code powLimit}: not negative, not
     * overflowing, not zero and at most the limit (Core's {@code DeriveTarget}).
     *
     * @param bits     the compact target, an unsigned 32-bit value
     * @param powLimit the network's easiest target
     * @return the target, or empty if the bits are out of range
     */
    public static Optional<BigInteger> deriveTarget(long bits, BigInteger powLimit) {
        CompactTarget t = CompactTarget.fromBits(bits);
        if (!t.isUsable() || t.value().compareTo(powLimit) > 0) {
            return Optional.empty();
        }
        return Optional.of(t.value());
    }

    /**
     * Whether {@code hash} is at most the target of {@code bits}, and that target is in range
     * (Core's {@code CheckProofOfWork}).
     *
     * @param hash     the block hash
     * @param bits     the compact target from the header
     * @param powLimit the network's easiest target, e.g. {@link #MAINNET_POW_LIMIT}
     * @return whether the proof of work is valid
     */
    public static boolean checkProofOfWork(Hash256 hash, long bits, BigInteger powLimit) {
        Optional<BigInteger> target = deriveTarget(bits, powLimit);
        return target.isPresent() && toBigInteger(hash).compareTo(target.get()) <= 0;
    }

    /**
     * The work a header with these bits proves: the expected number of hashes to meet the target,
     * 2^256 / (target + 1); zero for negative, overflowing or zero targets (Core's
     * {@code GetBlockProof}). Sum it over a chain to compare chains.
     *
     * @param bits the compact target, an unsigned 32-bit value
     * @return the work
     */
    public static BigInteger work(long bits) {
        CompactTarget t = CompactTarget.fromBits(bits);
        if (!t.isUsable()) {
            return BigInteger.ZERO;
        }
        return TWO_256.divide(t.value().add(BigInteger.ONE));
    }
}
