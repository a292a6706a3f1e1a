package org.btcpeer.transport.v2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.btcpeer.transport.v2.Secp256k1.FieldElement;

import org.btcpeer.wire.Sha256;

/**
 * ElligatorSwift encoding of secp256k1 public keys and the X-only ECDH of BIP-324 (sections "Shared
 * secret computation" and "ElligatorSwift encoding of curve X coordinates").
 *
 * <p>An encoding is 64 bytes {@code u || t}; every 64-byte string decodes to a valid X coordinate
 * ({@link #decode}), and the randomized encoder ({@link #encode}) samples uniformly among the encodings
 * of a key, so public keys on the wire are indistinguishable from random bytes.
 *
 * <p>The decoder and the inverse map are not constant time; BIP-324 notes that they only process
 * public data. Instances are immutable and thread-safe.
 */
public final class ElligatorSwift {

    /** Length in bytes of an ElligatorSwift encoding ({@code u || t}). */
    public static final int ENCODING_LENGTH = 64;

    /** The BIP-340 tag of the BIP-324 shared secret hash. */
    private static final byte[] ECDH_TAG = "bip324_ellswift_xonly_ecdh".getBytes(StandardCharsets.US_ASCII);

    /** p as 32 big-endian bytes, to sample {@code u} uniformly in {@code 1..p-1}. */
    private static final byte[] P_BYTES = hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");

    /** BIP-324 constant c = sqrt(-3) mod p, the root that is itself a square. */
    private static final byte[] C_BYTES = hex("0a2d2ba93507f1df233770c2a797962cc61f6d15da14ecd47d8d27ae1cd5f852");

    private static final ElligatorSwift DEFAULT = new ElligatorSwift(Secp256k1.bouncyCastle());

    private final Secp256k1 curve;
    private final FieldElement one;
    private final FieldElement three;
    private final FieldElement seven;
    private final FieldElement c;
    /** (1 - c) / 2, used by XSwiftECInv cases 0 and 4. */
    private final FieldElement cMinus;
    /** (1 + c) / 2, used by XSwiftECInv cases 1 and 5. */
    private final FieldElement cPlus;
    /** SHA256(tag) computed once, for the tagged hash. */
    private final byte[] tagHash;

    /**
     * Creates the encoder/decoder on top of a curve provider.
     *
     * @param curve the secp256k1 arithmetic to use
     */
    public ElligatorSwift(Secp256k1 curve) {
        this.curve = Objects.requireNonNull(curve, "curve");
        this.one = curve.fieldElement(1);
        this.three = curve.fieldElement(3);
        this.seven = curve.fieldElement(7);
        this.c = curve.fieldElement(C_BYTES, 0);
        this.cMinus = one.subtract(c).half();
        this.cPlus = one.add(c).half();
        this.tagHash = Sha256.newDigest().digest(ECDH_TAG);
    }

    /**
     * The shared instance on the default {@link Secp256k1#bouncyCastle()} provider.
     *
     * @return a thread-safe instance
     */
    public static ElligatorSwift defaultInstance() {
        return DEFAULT;
    }

    /**
     * The curve provider this instance computes with.
     *
     * @return the provider
     */
    public Secp256k1 curve() {
        return curve;
    }

    /**
     * BIP-324 {@code ellswift_decode}: the X coordinate that a 64-byte encoding represents. Both halves
     * are reduced mod p, then mapped by {@link #xSwiftEC}; every input is accepted.
     *
     * @param ellswift the 64-byte encoding {@code u || t}
     * @return the 32-byte big-endian X coordinate
     */
    public byte[] decode(byte[] ellswift) {
        return decodeX(ellswift).toBytes();
    }

    /**
     * Like {@link #decode(byte[])}, returning the X coordinate as a field element.
     *
     * @param ellswift the 64-byte encoding {@code u || t}
     * @return the X coordinate
     */
    public FieldElement decodeX(byte[] ellswift) {
        checkEncoding(ellswift, "ellswift");
        return xSwiftEC(curve.fieldElement(ellswift, 0), curve.fieldElement(ellswift, 32));
    }

    /**
     * BIP-324 {@code XSwiftEC(u, t)}: maps any pair of field elements to a valid X coordinate.
     *
     * <p>The BIP's formulas are evaluated with one inversion: with {@code g = u^3 + 7} and
     * {@code s = t^2}, they simplify to {@code X/Y = c·u·(g - s)/(g + s)} and
     * {@code u + 4Y^2 = u - (g + s)^2/(3·s·u^2)} (using {@code c^2 = -3}), and both denominators are
     * inverted together.
     *
     * @param u the first half, any field element (zero is replaced by one, as the BIP says)
     * @param t the second half, any field element (zero is replaced by one, as the BIP says)
     * @return the first of {@code u + 4Y^2}, {@code (-X/Y - u)/2}, {@code (X/Y - u)/2} that is on the
     *     curve
     */
    public FieldElement xSwiftEC(FieldElement u, FieldElement t) {
        if (u.isZero()) {
            u = one;
        }
        if (t.isZero()) {
            t = one;
        }
        FieldElement u2 = u.square();
        FieldElement g = u2.multiply(u).add(seven);
        FieldElement s = t.square();
        if (g.add(s).isZero()) {
            // t := 2t, so s := 4s
            s = s.add(s);
            s = s.add(s);
        }
        FieldElement sum = g.add(s); // non-zero: equals 3s after the doubling above
        FieldElement a = three.multiply(s).multiply(u2); // non-zero: s != 0, u != 0
        FieldElement inv = a.multiply(sum).invert(); // 1 / (a * sum)

        // x3 = u + 4Y^2 = u - sum^2 / a = u - sum^3 * inv
        FieldElement x3 = u.subtract(sum.square().multiply(sum).multiply(inv));
        if (curve.isValidX(x3)) {
            return x3;
        }
        // X/Y = c*u*(g - s) / sum = c*u*(g - s) * a * inv
        FieldElement xOverY = c.multiply(u).multiply(g.subtract(s)).multiply(a).multiply(inv);
        FieldElement x2 = xOverY.add(u).negate().half();
        if (curve.isValidX(x2)) {
            return x2;
        }
        // The BIP guarantees that at least one candidate is valid, so the last needs no check.
        return xOverY.subtract(u).half();
    }

    /**
     * BIP-324 {@code XSwiftECInv(x, u, case)}: finds {@code t} with {@code XSwiftEC(u, t) = x}, one of
     * up to 8 solutions selected by {@code caseIndex}.
     *
     * @param x a valid X coordinate
     * @param u a non-zero field element
     * @param caseIndex which branch to use, 0..7
     * @return {@code t}, or empty if this case has no solution
     */
    public Optional<FieldElement> xSwiftECInv(FieldElement x, FieldElement u, int caseIndex) {
        if (caseIndex < 0 || caseIndex > 7) {
            throw new IllegalArgumentException("case must be 0..7: " + caseIndex);
        }
        FieldElement u2 = u.square();
        FieldElement g = u2.multiply(u).add(seven);
        FieldElement v;
        FieldElement s;
        if ((caseIndex & 2) == 0) {
            if (curve.isValidX(x.add(u).negate())) {
                return Optional.empty();
            }
            v = x;
            FieldElement q = u2.add(u.multiply(v)).add(v.square());
            if (q.isZero()) {
                return Optional.empty(); // unreachable for a valid x: -x-u would have been valid
            }
            s = g.negate().multiply(q.invert());
        } else {
            s = x.subtract(u);
            if (s.isZero()) {
                return Optional.empty();
            }
            // r = sqrt(-s * (4(u^3 + 7) + 3 u^2 s))
            FieldElement g4 = g.add(g);
            g4 = g4.add(g4);
            FieldElement r = s.negate().multiply(g4.add(three.multiply(u2).multiply(s))).sqrt();
            if (r == null) {
                return Optional.empty();
            }
            if ((caseIndex & 1) == 1 && r.isZero()) {
                return Optional.empty();
            }
            v = r.multiply(s.invert()).subtract(u).half();
        }
        FieldElement w = s.sqrt();
        if (w == null) {
            return Optional.empty();
        }
        FieldElement t = switch (caseIndex & 5) {
            case 0 -> w.multiply(u.multiply(cMinus).add(v)).negate();
            case 1 -> w.multiply(u.multiply(cPlus).add(v));
            case 4 -> w.multiply(u.multiply(cMinus).add(v));
            default -> w.multiply(u.multiply(cPlus).add(v)).negate(); // case 5
        };
        return Optional.of(t);
    }

    /**
     * BIP-324 {@code ellswift_create} for a given private key: the randomized {@code XElligatorSwift}
     * encoding of {@code x(priv·G)}.
     *
     * @param priv the private key, 32 bytes big-endian in {@code 1..n-1}
     * @param random the randomness for {@code u} and the case; use a {@link java.security.SecureRandom}
     *     in production (the encoding is only indistinguishable from random if this is), a seeded
     *     generator in tests
     * @return the 64-byte encoding {@code u || t}
     * @throws IllegalArgumentException if {@code priv} is not a valid private key
     */
    public byte[] encode(byte[] priv, RandomGenerator random) {
        return encodeX(curve.multiplyGeneratorX(priv), random);
    }

    /**
     * BIP-324 {@code XElligatorSwift(x)}: picks a random non-zero {@code u} and a random case until
     * {@link #xSwiftECInv} finds a {@code t}.
     *
     * @param x a valid X coordinate
     * @param random the source of {@code u} and the case
     * @return the 64-byte encoding {@code u || t}
     */
    public byte[] encodeX(FieldElement x, RandomGenerator random) {
        byte[] out = new byte[ENCODING_LENGTH];
        byte[] uBytes = new byte[32];
        while (true) {
            random.nextBytes(uBytes);
            if (isZero(uBytes) || Arrays.compareUnsigned(uBytes, P_BYTES) >= 0) {
                continue; // rejection sampling keeps u uniform in 1..p-1
            }
            FieldElement u = curve.fieldElement(uBytes, 0);
            Optional<FieldElement> t = xSwiftECInv(x, u, random.nextInt(8));
            // t = 0 (probability ~2^-256) would decode as t = 1, so it is skipped too.
            if (t.isPresent() && !t.get().isZero()) {
                System.arraycopy(uBytes, 0, out, 0, 32);
                t.get().encodeTo(out, 32);
                return out;
            }
        }
    }

    /**
     * BIP-324 {@code ellswift_ecdh_xonly}: {@code x(priv·lift_x(XSwiftEC(u, t)))}, the raw X-only ECDH
     * result before hashing.
     *
     * @param ellswiftTheirs the peer's 64-byte encoding
     * @param priv our private key
     * @return the 32-byte shared X coordinate
     */
    public byte[] ecdhX(byte[] ellswiftTheirs, byte[] priv) {
        return curve.multiplyX(priv, decodeX(ellswiftTheirs)).toBytes();
    }

    /**
     * BIP-324 {@code v2_ecdh}: the 32-byte shared secret, the BIP-340 tagged hash with tag
     * {@code bip324_ellswift_xonly_ecdh} of the initiator's encoding, the responder's encoding and the
     * X-only ECDH result. Hashing the exact encodings binds the secret to the bytes on the wire.
     *
     * @param ellswiftTheirs the 64-byte encoding the peer sent
     * @param ellswiftOurs the 64-byte encoding we sent
     * @param privOurs our private key
     * @param initiating whether we opened the connection (our encoding then comes first)
     * @return the 32-byte shared secret
     * @throws IllegalArgumentException if an encoding is not 64 bytes or the key is invalid
     */
    public byte[] xOnlyEcdh(byte[] ellswiftTheirs, byte[] ellswiftOurs, byte[] privOurs, boolean initiating) {
        checkEncoding(ellswiftOurs, "ellswiftOurs");
        byte[] x = ecdhX(ellswiftTheirs, privOurs);
        MessageDigest sha = Sha256.newDigest();
        sha.update(tagHash);
        sha.update(tagHash);
        sha.update(initiating ? ellswiftOurs : ellswiftTheirs);
        sha.update(initiating ? ellswiftTheirs : ellswiftOurs);
        sha.update(x);
        Arrays.fill(x, (byte) 0);
        return sha.digest();
    }

    private static void checkEncoding(byte[] ellswift, String name) {
        if (ellswift == null || ellswift.length != ENCODING_LENGTH) {
            throw new IllegalArgumentException(name + " must be " + ENCODING_LENGTH + " bytes");
        }
    }

    private static boolean isZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }


    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
