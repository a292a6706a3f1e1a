package org.btcpeer.transport.v2;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), which BIP-324 ("Keys and session ID derivation") uses to derive
 * the session keys, garbage terminators and session ID from the ECDH shared secret.
 *
 * <p>An instance holds one pseudorandom key (the result of the extract step) as HMAC's padded inner
 * and outer keys, so several expands reuse the key set-up. Not thread-safe; short-lived.
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

    private Hkdf(byte[] key) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
        setKey(key);
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
        byte[] prk = hkdf.hmac(ikm, null, -1);
        try {
            hkdf.setKey(prk);
            return hkdf;
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
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
            return hkdf.hmac(ikm, null, -1);
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
        if (length < 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 0..8160: " + length);
        }
        byte[] okm = new byte[length];
        byte[] block = null;
        for (int i = 1, done = 0; done < length; i++) {
            byte[] next = hmac(block, info, i); // T(i) = HMAC(PRK, T(i-1) || info || i)
            if (block != null) {
                Arrays.fill(block, (byte) 0);
            }
            block = next;
            int n = Math.min(HASH_LENGTH, length - done);
            System.arraycopy(block, 0, okm, done, n);
            done += n;
        }
        if (block != null) {
            Arrays.fill(block, (byte) 0);
        }
        return okm;
    }

    /** HMAC over {@code first || second || counter}; null parts and a negative counter are left out. */
    private byte[] hmac(byte[] first, byte[] second, int counter) {
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
        byte[] inner = sha256.digest();
        sha256.update(outerPad);
        sha256.update(inner);
        Arrays.fill(inner, (byte) 0);
        return sha256.digest();
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

    private void wipe() {
        Arrays.fill(innerPad, (byte) 0);
        Arrays.fill(outerPad, (byte) 0);
    }
}
