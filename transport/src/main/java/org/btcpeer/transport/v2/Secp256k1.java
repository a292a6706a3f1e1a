package org.btcpeer.transport.v2;

/**
 * The secp256k1 arithmetic that BIP-324 needs ("Shared secret computation" and "ElligatorSwift
 * encoding of curve X coordinates"): field arithmetic mod p for {@link ElligatorSwift}, {@code lift_x},
 * and X-only scalar multiplication for the ECDH.
 *
 * <p>This is an interface so that a faster provider (for example a binding to libsecp256k1) can be
 * plugged in later without touching the protocol code; {@link #bouncyCastle()} is the default. All
 * methods are thread-safe, and field elements are immutable, so one provider instance may be shared by
 * every connection.
 *
 * <p>Encodings follow BIP-340 notation: field elements and scalars are 32-byte big-endian numbers.
 * Private keys are scalars in {@code 1..n-1}, where {@code n} is the group order.
 */
public interface Secp256k1 {

    /** Length in bytes of an encoded field element, X coordinate or scalar. */
    int ELEMENT_LENGTH = 32;

    /**
     * The default provider, built on Bouncy Castle's optimised secp256k1 field and curve classes.
     *
     * @return a shared, thread-safe instance
     */
    static Secp256k1 bouncyCastle() {
        return BouncyCastleSecp256k1.INSTANCE;
    }

    /**
     * An immutable element of the field GF(p), p = 2<sup>256</sup> - 2<sup>32</sup> - 977, as used by
     * the XSwiftEC map of BIP-324. Elements belong to the provider that created them: combining
     * elements of different providers is an error ({@link ClassCastException}).
     */
    interface FieldElement {

        /**
         * Field addition.
         *
         * @param other the addend
         * @return {@code this + other mod p}
         */
        FieldElement add(FieldElement other);

        /**
         * Field subtraction.
         *
         * @param other the subtrahend
         * @return {@code this - other mod p}
         */
        FieldElement subtract(FieldElement other);

        /**
         * Field multiplication.
         *
         * @param other the factor
         * @return {@code this * other mod p}
         */
        FieldElement multiply(FieldElement other);

        /**
         * Field squaring, cheaper than {@code multiply(this)}.
         *
         * @return {@code this^2 mod p}
         */
        FieldElement square();

        /**
         * Additive inverse.
         *
         * @return {@code -this mod p}
         */
        FieldElement negate();

        /**
         * Halving, the division by 2 used in the XSwiftEC formulas.
         *
         * @return {@code this / 2 mod p}
         */
        FieldElement half();

        /**
         * Multiplicative inverse (the "/" of the BIP-324 formulas).
         *
         * @return {@code 1 / this mod p}
         * @throws ArithmeticException if this element is zero
         */
        FieldElement invert();

        /**
         * The square root as BIP-324 defines it (footnote on computing a square root mod p):
         * {@code a^((p+1)/4)}, which is itself a square. The exact choice of root matters, because
         * XSwiftECInv returns values derived from it.
         *
         * @return the square root, or {@code null} if this element is not a square
         */
        FieldElement sqrt();

        /**
         * Whether this element is a square (zero counts as a square), i.e. whether {@link #sqrt()}
         * would succeed.
         *
         * @return {@code true} if a square root exists
         */
        boolean isSquare();

        /**
         * Whether this element is zero.
         *
         * @return {@code true} for the zero element
         */
        boolean isZero();

        /**
         * Whether the canonical representative in {@code 0..p-1} is odd.
         *
         * @return {@code true} if odd
         */
        boolean isOdd();

        /**
         * Writes the 32-byte big-endian encoding of the canonical representative.
         *
         * @param out the destination
         * @param offset where to write the 32 bytes
         */
        void encodeTo(byte[] out, int offset);

        /**
         * The 32-byte big-endian encoding of the canonical representative.
         *
         * @return a new 32-byte array
         */
        default byte[] toBytes() {
            byte[] out = new byte[ELEMENT_LENGTH];
            encodeTo(out, 0);
            return out;
        }
    }

    /**
     * Reads a 32-byte big-endian number and reduces it mod p (BIP-324 {@code ellswift_decode} reduces
     * {@code u} and {@code t} this way, so every 32-byte string is accepted).
     *
     * @param in the source
     * @param offset where the 32 bytes start
     * @return the field element
     */
    FieldElement fieldElement(byte[] in, int offset);

    /**
     * A small field constant.
     *
     * @param value a non-negative value
     * @return the field element {@code value mod p}
     */
    FieldElement fieldElement(int value);

    /**
     * Whether {@code x} is the X coordinate of a curve point, i.e. whether BIP-340 {@code lift_x(x)}
     * succeeds: {@code x^3 + 7} is a square.
     *
     * @param x a field element of this provider
     * @return {@code true} if {@code lift_x(x)} succeeds
     */
    default boolean isValidX(FieldElement x) {
        return x.square().multiply(x).add(fieldElement(7)).isSquare();
    }

    /**
     * BIP-340 {@code lift_x}: the Y coordinate of the point with X coordinate {@code x} and even Y.
     *
     * @param x a field element of this provider
     * @return the even Y coordinate, or {@code null} if no curve point has this X coordinate
     */
    default FieldElement liftX(FieldElement x) {
        FieldElement y = x.square().multiply(x).add(fieldElement(7)).sqrt();
        if (y == null) {
            return null;
        }
        return y.isOdd() ? y.negate() : y;
    }

    /**
     * Whether {@code scalar} is a valid private key: a 32-byte big-endian number in {@code 1..n-1}.
     *
     * @param scalar the candidate private key
     * @return {@code true} if valid
     */
    boolean isValidPrivateKey(byte[] scalar);

    /**
     * The X coordinate of {@code priv·G}, the public key of a private key (used by BIP-324
     * {@code ellswift_create}).
     *
     * @param priv a valid private key (32 bytes, big-endian, {@code 1..n-1})
     * @return {@code x(priv·G)}
     * @throws IllegalArgumentException if {@code priv} is not a valid private key
     */
    FieldElement multiplyGeneratorX(byte[] priv);

    /**
     * X-only scalar multiplication: {@code x(priv·lift_x(x))}, the core of BIP-324
     * {@code ellswift_ecdh_xonly}. Either point with this X coordinate gives the same result.
     *
     * @param priv a valid private key (32 bytes, big-endian, {@code 1..n-1})
     * @param x the X coordinate of a curve point
     * @return the X coordinate of the product
     * @throws IllegalArgumentException if {@code priv} is not a valid private key or {@code x} is not
     *     on the curve
     */
    FieldElement multiplyX(byte[] priv, FieldElement x);
}
