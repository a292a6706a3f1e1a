package org.btcpeer.transport.v2;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.custom.sec.SecP256K1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * The default {@link Secp256k1} provider. Field elements are eight 32-bit limbs operated on by Bouncy
 * Castle's specialised secp256k1 field routines ({@link SecP256K1Field}: fast reduction, safegcd
 * inversion); points use Bouncy Castle's custom secp256k1 curve with its GLV endomorphism for
 * variable-base multiplication and a fixed-point comb for multiples of G.
 */
final class BouncyCastleSecp256k1 implements Secp256k1 {

    private static final int[] P = Nat256.fromBigInteger(
            new BigInteger("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", 16));

    /** The group order n, big-endian. */
    private static final byte[] N_BYTES = java.util.HexFormat.of()
            .parseHex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

    /** Declared after {@code P}: static initialisers run in textual order. */
    static final BouncyCastleSecp256k1 INSTANCE = new BouncyCastleSecp256k1();

    private final ECCurve curve;
    private final ECPoint generator;
    private final FixedPointCombMultiplier generatorMultiplier = new FixedPointCombMultiplier();
    private final Fe seven = fromInt(7);

    private BouncyCastleSecp256k1() {
        X9ECParameters params = CustomNamedCurves.getByName("secp256k1");
        this.curve = params.getCurve();
        this.generator = params.getG();
    }

    @Override
    public FieldElement fieldElement(byte[] in, int offset) {
        int[] x = Nat256.create();
        for (int i = 0; i < 8; i++) {
            int p = offset + 28 - 4 * i;
            x[i] = (in[p] & 0xff) << 24 | (in[p + 1] & 0xff) << 16 | (in[p + 2] & 0xff) << 8 | (in[p + 3] & 0xff);
        }
        if (Nat256.gte(x, P)) {
            Nat256.subFrom(P, x); // 2^256 < 2p, so one subtraction reduces fully
        }
        return new Fe(x);
    }

    @Override
    public FieldElement fieldElement(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative constant: " + value);
        }
        return fromInt(value);
    }

    private static Fe fromInt(int value) {
        int[] x = Nat256.create();
        x[0] = value;
        return new Fe(x);
    }

    @Override
    public boolean isValidX(FieldElement x) {
        return x.square().multiply(x).add(seven).isSquare();
    }

    @Override
    public FieldElement liftX(FieldElement x) {
        FieldElement y = x.square().multiply(x).add(seven).sqrt();
        if (y == null) {
            return null;
        }
        return y.isOdd() ? y.negate() : y;
    }

    @Override
    public boolean isValidPrivateKey(byte[] scalar) {
        return isValidScalar(scalar);
    }

    /**
     * Whether {@code scalar} is 32 bytes in {@code 1..n-1}: the borrow of {@code scalar - n} and an OR
     * of all bytes, without branching on the key's bytes or holding it in a {@link BigInteger}.
     *
     * @param scalar the candidate private key
     * @return {@code true} if valid
     */
    static boolean isValidScalar(byte[] scalar) {
        if (scalar == null || scalar.length != ELEMENT_LENGTH) {
            return false;
        }
        int borrow = 0;
        int any = 0;
        for (int i = ELEMENT_LENGTH - 1; i >= 0; i--) {
            int a = scalar[i] & 0xff;
            borrow = (a - (N_BYTES[i] & 0xff) - borrow) >>> 31;
            any |= a;
        }
        return (borrow & (any + 0xff) >>> 8) == 1; // scalar < n and scalar != 0
    }

    private BigInteger scalar(byte[] priv) {
        if (!isValidPrivateKey(priv)) {
            throw new IllegalArgumentException("not a secp256k1 private key (32 bytes, 1..n-1)");
        }
        return new BigInteger(1, priv);
    }

    @Override
    public FieldElement multiplyGeneratorX(byte[] priv) {
        ECPoint q = generatorMultiplier.multiply(generator, scalar(priv)).normalize();
        return affineX(q);
    }

    @Override
    public FieldElement multiplyX(byte[] priv, FieldElement x) {
        BigInteger k = scalar(priv);
        FieldElement y = liftX(x);
        if (y == null) {
            throw new IllegalArgumentException("not the X coordinate of a secp256k1 point");
        }
        ECPoint p = curve.createPoint(new BigInteger(1, x.toBytes()), new BigInteger(1, y.toBytes()));
        return affineX(p.multiply(k).normalize());
    }

    private FieldElement affineX(ECPoint normalized) {
        // k is in 1..n-1 and every point other than infinity has order n, so this cannot be infinity.
        byte[] out = new byte[ELEMENT_LENGTH];
        normalized.getAffineXCoord().encodeTo(out, 0);
        return fieldElement(out, 0);
    }

    /** A field element: eight little-endian 32-bit limbs, always fully reduced (in 0..p-1). */
    private static final class Fe implements FieldElement {
        private final int[] x;

        Fe(int[] x) {
            this.x = x;
        }

        private static int[] limbs(FieldElement e) {
            return ((Fe) e).x;
        }

        @Override
        public FieldElement add(FieldElement other) {
            int[] z = Nat256.create();
            SecP256K1Field.add(x, limbs(other), z);
            return new Fe(z);
        }

        @Override
        public FieldElement subtract(FieldElement other) {
            int[] z = Nat256.create();
            SecP256K1Field.subtract(x, limbs(other), z);
            return new Fe(z);
        }

        @Override
        public FieldElement multiply(FieldElement other) {
            int[] z = Nat256.create();
            SecP256K1Field.multiply(x, limbs(other), z);
            return new Fe(z);
        }

        @Override
        public FieldElement square() {
            int[] z = Nat256.create();
            SecP256K1Field.square(x, z);
            return new Fe(z);
        }

        @Override
        public FieldElement negate() {
            int[] z = Nat256.create();
            SecP256K1Field.negate(x, z);
            return new Fe(z);
        }

        @Override
        public FieldElement half() {
            int[] z = Nat256.create();
            SecP256K1Field.half(x, z);
            return new Fe(z);
        }

        @Override
        public FieldElement invert() {
            if (Nat256.isZero(x)) {
                throw new ArithmeticException("inverse of zero mod p");
            }
            int[] z = Nat256.create();
            SecP256K1Field.inv(x, z);
            return new Fe(z);
        }

        @Override
        public FieldElement sqrt() {
            int[] r = sqrtCandidate(x);
            int[] check = Nat256.create();
            SecP256K1Field.square(r, check);
            return Nat256.eq(check, x) ? new Fe(r) : null;
        }

        @Override
        public boolean isSquare() {
            return sqrt() != null;
        }

        /**
         * {@code a^((p+1)/4)}, (p+1)/4 = 2^254 - 2^30 - 244, by an addition chain of 253 squarings
         * and 13 multiplications; {@code xN} below stands for {@code a^(2^N - 1)}.
         */
        private static int[] sqrtCandidate(int[] a) {
            int[] tt = Nat256.createExt();
            int[] x2 = Nat256.create();
            SecP256K1Field.square(a, x2, tt);
            SecP256K1Field.multiply(x2, a, x2, tt);
            int[] x3 = Nat256.create();
            SecP256K1Field.square(x2, x3, tt);
            SecP256K1Field.multiply(x3, a, x3, tt);
            int[] t = Nat256.create();
            SecP256K1Field.squareN(x3, 3, t, tt);
            SecP256K1Field.multiply(t, x3, t, tt); // x6
            SecP256K1Field.squareN(t, 3, t, tt);
            SecP256K1Field.multiply(t, x3, t, tt); // x9
            int[] x11 = Nat256.create();
            SecP256K1Field.squareN(t, 2, x11, tt);
            SecP256K1Field.multiply(x11, x2, x11, tt);
            int[] x22 = Nat256.create();
            SecP256K1Field.squareN(x11, 11, x22, tt);
            SecP256K1Field.multiply(x22, x11, x22, tt);
            int[] x44 = Nat256.create();
            SecP256K1Field.squareN(x22, 22, x44, tt);
            SecP256K1Field.multiply(x44, x22, x44, tt);
            int[] x88 = Nat256.create();
            SecP256K1Field.squareN(x44, 44, x88, tt);
            SecP256K1Field.multiply(x88, x44, x88, tt);
            SecP256K1Field.squareN(x88, 88, t, tt);
            SecP256K1Field.multiply(t, x88, t, tt); // x176
            SecP256K1Field.squareN(t, 44, t, tt);
            SecP256K1Field.multiply(t, x44, t, tt); // x220
            SecP256K1Field.squareN(t, 3, t, tt);
            SecP256K1Field.multiply(t, x3, t, tt); // x223
            SecP256K1Field.squareN(t, 23, t, tt);
            SecP256K1Field.multiply(t, x22, t, tt);
            SecP256K1Field.squareN(t, 6, t, tt);
            SecP256K1Field.multiply(t, x2, t, tt);
            SecP256K1Field.squareN(t, 2, t, tt);
            return t;
        }

        @Override
        public boolean isZero() {
            return Nat256.isZero(x);
        }

        @Override
        public boolean isOdd() {
            return (x[0] & 1) != 0;
        }

        @Override
        public void encodeTo(byte[] out, int offset) {
            for (int i = 0; i < 8; i++) {
                int p = offset + 28 - 4 * i;
                int w = x[i];
                out[p] = (byte) (w >>> 24);
                out[p + 1] = (byte) (w >>> 16);
                out[p + 2] = (byte) (w >>> 8);
                out[p + 3] = (byte) w;
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Fe other && Nat256.eq(x, other.x);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(x);
        }

        @Override
        public String toString() {
            return new BigInteger(1, toBytes()).toString(16);
        }
    }
}
