package org.btcpeer.transport.v2;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), which BIP-324 ("Keys and session ID derivation") uses to derive
 * the session keys, garbage terminators and session ID from the ECDH shared secret.
 *
 * <p>An instance holds one pseudorandom key (the result of the extract step) as HMAC's padded inner
 * and outer keys, so several expands reuse the key set-up. Every hash is written into a buffer of
 * the instance or of the caller ({@link #expandInto}), so a handshake's key schedule allocates one
 * digest and three small arrays, not one array per HMAC. Not thread-safe; short-lived.
 */
public final class Hkdf {

    /** Output length of SHA-256, and so the length of a PRK and of each expand block. */
    public static final int HASH_LENGTH = 32;

    /** SHA-256's block length: HMAC pads its key to this many bytes (RFC 2104). */
    private static final int BLOCK_LENGTH = 64;

    /**
     * HMAC-SHA256 written out over one {@link MessageDigest} (RFC 2104) instead of {@code Mac}: a
     * {@code Mac}'s lookup and key set-up were most of a handshake's key-schedule garbage (issue #16).
     */
    private final MessageDigest sha256;
    private final byte[] innerPad = new byte[BLOCK_LENGTH];
    private final byte[] outerPad = new byte[BLOCK_LENGTH];
    /** The inner hash of an HMAC, then one expand block T(i). */
    private final byte[] hash = new byte[HASH_LENGTH];

    /** Cloned for each instance: cheaper than a provider lookup per handshake. */
    private static final MessageDigest SHA256_PROTOTYPE = newSha256();

    private Hkdf(byte[] key) {
        sha256 = sha256();
        setKey(key);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256_PROTOTYPE.clone(); // the prototype is never used, only cloned
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    /**
     * RFC 5869 HKDF-Extract: {@code PRK = HMAC-SHA256(salt, ikm)}, ready for expanding.
     *
     * @param salt the salt (BIP-324: {@code "bitcoin_v2_shared_secret" || network magic})
     * @param ikm the input keying material (BIP-324: the ECDH shared secret)
     * @return an instance holding the PRK
     */
    public static Hkdf extract(byte[] salt, byte[] ikm) {
        Hkdf hkdf = new Hkdf(salt.length == 0 ? new byte[HASH_LENGTH] : salt);
        hkdf.hmac(ikm, null, -1, hkdf.hash, 0);
        hkdf.setKey(hkdf.hash); // the PRK
        Arrays.fill(hkdf.hash, (byte) 0);
        return hkdf;
    }

    /**
     * RFC 5869 HKDF-Extract returning the PRK bytes.
     *
     * @param salt the salt; an empty salt is replaced by 32 zero bytes as the RFC says
     * @param ikm the input keying material
     * @return the 32-byte PRK
     */
    public static byte[] extractPrk(byte[] salt, byte[] ikm) {
        Hkdf hkdf = new Hkdf(salt.length == 0 ? new byte[HASH_LENGTH] : salt);
        try {
            byte[] prk = new byte[HASH_LENGTH];
            hkdf.hmac(ikm, null, -1, prk, 0);
            return prk;
        } finally {
            hkdf.wipe();
        }
    }

    /**
     * An instance for a PRK computed elsewhere.
     *
     * @param prk the pseudorandom key (at least 32 bytes per RFC 5869)
     * @return an instance ready for {@link #expand}
     */
    public static Hkdf fromPrk(byte[] prk) {
        return new Hkdf(prk);
    }

    /**
     * RFC 5869 HKDF-Expand: {@code length} bytes of output keying material for {@code info}.
     *
     * @param info the context label (BIP-324: e.g. {@code "initiator_L"}, as ASCII)
     * @param length 0..8160 bytes (255 blocks)
     * @return the output keying material
     */
    public byte[] expand(byte[] info, int length) {
        byte[] okm = new byte[length < 0 ? 0 : length];
        expandInto(info, okm, 0, length);
        return okm;
    }

    /**
     * RFC 5869 HKDF-Expand written into {@code out[offset .. offset+length)}.
     *
     * @param info the context label
     * @param out the destination
     * @param offset where the output keying material goes
     * @param length 0..8160 bytes
     */
    public void expandInto(byte[] info, byte[] out, int offset, int length) {
        if (length < 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 0..8160: " + length);
        }
        Objects.checkFromIndexSize(offset, length, out.length);
        for (int i = 1, done = 0; done < length; i++) {
            // T(i) = HMAC(PRK, T(i-1) || info || i), T(0) empty; hash holds T(i-1) and receives T(i)
            hmac(i == 1 ? null : hash, info, i, hash, 0);
            int n = Math.min(HASH_LENGTH, length - done);
            System.arraycopy(hash, 0, out, offset + done, n);
            done += n;
        }
        Arrays.fill(hash, (byte) 0);
    }

    /**
     * HMAC over {@code first || second || counter} into {@code out[outOffset ..]}; null parts and a
     * negative counter are left out. {@code out} may be {@code first}: it is read before it is written.
     */
    private void hmac(byte[] first, byte[] second, int counter, byte[] out, int outOffset) {
        sha256.reset();
        sha256.update(innerPad);
        if (first != null) {
            sha256.update(first);
        }
        if (second != null) {
            sha256.update(second);
        }
        if (counter >= 0) {
            sha256.update((byte) counter);
        }
        try {
            sha256.digest(hash, 0, HASH_LENGTH); // the inner hash
            sha256.update(outerPad);
            sha256.update(hash);
            sha256.digest(out, outOffset, HASH_LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 into a 32-byte buffer", e);
        }
    }

    /** RFC 2104: a key longer than a block is hashed first, then padded with zeros and XORed with ipad/opad. */
    private void setKey(byte[] key) {
        byte[] k = key.length > BLOCK_LENGTH ? sha256.digest(key) : key;
        Arrays.fill(innerPad, (byte) 0x36);
        Arrays.fill(outerPad, (byte) 0x5c);
        for (int i = 0; i < k.length; i++) {
            innerPad[i] ^= k[i];
            outerPad[i] ^= k[i];
        }
        if (k != key) {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Wipes the key (the padded PRK); the instance is unusable afterwards. */
    void wipe() {
        Arrays.fill(innerPad, (byte) 0);
        Arrays.fill(outerPad, (byte) 0);
        Arrays.fill(hash, (byte) 0);
    }
}
