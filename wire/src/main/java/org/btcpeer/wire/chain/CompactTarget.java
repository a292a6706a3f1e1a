package org.btcpeer.wire.chain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A proof-of-work target decoded from its 32-bit compact form ("nBits"), with Core's
 * {@code arith_uint256::SetCompact} semantics, and the inverse {@code GetCompact}.
 *
 * <p>The compact form is a base-256 float: the top byte is the size in bytes, the low 23 bits the
 * mantissa, bit 23 (0x00800000) a sign. {@code target = mantissa * 256^(size - 3)}. Core flags a
 * non-zero mantissa with the sign bit as <em>negative</em> and a value that does not fit in 256
 * bits as <em>overflow</em>; a header whose bits decode to either, or to zero, never has valid
 * proof of work ({@link #isUsable()}). As in Core, an overflowing value is truncated to 256 bits.
 *
 * @param value    the target's magnitude, 0 to 2^256-1
 * @param negative Core's {@code fNegative}
 * @param overflow Core's {@code fOverflow}
 */
public record CompactTarget(BigInteger value, boolean negative, boolean overflow) {

    private static final BigInteger MASK_256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    /**
     * Checks the value is a 256-bit magnitude.
     *
     * @param value    the target's magnitude
     * @param negative Core's {@code fNegative}
     * @param overflow Core's {@code fOverflow}
     */
    public CompactTarget {
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("a target is a 256-bit magnitude: " + value);
        }
    }

    /**
     * Decodes compact bits exactly as Core's {@code SetCompact(nCompact, &fNegative, &fOverflow)}.
     *
     * @param bits the compact form, an unsigned 32-bit value
     * @return the target and its flags
     */
    public static CompactTarget fromBits(long bits) {
        if ((bits >>> 32) != 0) {
            throw new IllegalArgumentException("compact bits are a uint32: " + bits);
        }
        int size = (int) (bits >>> 24);
        long word = bits & 0x007f_ffffL;
        BigInteger value;
        if (size <= 3) {
            word >>>= 8 * (3 - size);
            value = BigInteger.valueOf(word);
        } else {
            value = BigInteger.valueOf(word).shiftLeft(8 * (size - 3)).and(MASK_256);
        }
        boolean negative = word != 0 && (bits & 0x0080_0000L) != 0;
        boolean overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
        return new CompactTarget(value, negative, overflow);
    }

    /**
     * Encodes a target as compact bits, as Core's {@code GetCompact(fNegative)}: the mantissa keeps
     * the top 23 bits (lower bits are dropped), and never has the sign bit set unless
     * {@code target} is negative.
     *
     * @param target the value, |target| below 2^256; a negative value sets the sign bit
     * @return the compact form
     */
    public static long toBits(BigInteger target) {
        boolean negative = target.signum() < 0;
        BigInteger v = target.abs();
        if (v.bitLength() > 256) {
            throw new IllegalArgumentException("a target has at most 256 bits: " + target);
        }
        int size = (v.bitLength() + 7) / 8;
        long compact = size <= 3
                ? v.longValue() << (8 * (3 - size))
                : v.shiftRight(8 * (size - 3)).longValue();
        if ((compact & 0x0080_0000L) != 0) {
            compact >>>= 8;
            size++;
        }
        compact |= (long) size << 24;
        if (negative && (compact & 0x007f_ffffL) != 0) {
            compact |= 0x0080_0000L;
        }
        return compact;
    }

    /** Whether the target is neither negative, nor overflowing, nor zero (the range check of Core's {@code CheckProofOfWork}, before the pow limit). */
    public boolean isUsable() {
        return !negative && !overflow && value.signum() != 0;
    }
}
