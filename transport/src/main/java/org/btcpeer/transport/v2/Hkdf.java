package org.btcpeer.transport.v2;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), which BIP-324 ("Keys and session ID derivation") uses to derive
 * the session keys, garbage terminators and session ID from the ECDH shared secret.
 *
 * <p>An instance holds one pseudorandom key (the result of the extract step) in a keyed
 * {@link Mac}, so several expands reuse the HMAC key setup. Not thread-safe; short-lived.
 */
public final class Hkdf {

    /** Output length of SHA-256, and so the length of a PRK and of each expand block. */
    public static final int HASH_LENGTH = 32;

    private static final String HMAC = "HmacSHA256";

    private final Mac mac;

    private Hkdf(Mac mac) {
        this.mac = mac;
    }

    /**
     * RFC 5869 HKDF-Extract: {@code PRK = HMAC-SHA256(salt, ikm)}, ready for expanding.
     *
     * @param salt the salt (BIP-324: {@code "bitcoin_v2_shared_secret" || network magic})
     * @param ikm the input keying material (BIP-324: the ECDH shared secret)
     * @return an instance holding the PRK
     */
    public static Hkdf extract(byte[] salt, byte[] ikm) {
        // One Mac for both steps: Mac.getInstance's provider lookup is most of a handshake's HKDF garbage.
        Mac m = newMac(salt.length == 0 ? new byte[HASH_LENGTH] : salt);
        byte[] prk = m.doFinal(ikm);
        try {
            init(m, prk);
            return new Hkdf(m);
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
        Mac m = newMac(salt.length == 0 ? new byte[HASH_LENGTH] : salt);
        return m.doFinal(ikm);
    }

    /**
     * An instance for a PRK computed elsewhere.
     *
     * @param prk the pseudorandom key (at least 32 bytes per RFC 5869)
     * @return an instance ready for {@link #expand}
     */
    public static Hkdf fromPrk(byte[] prk) {
        return new Hkdf(newMac(prk));
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
        byte[] block = new byte[0];
        for (int i = 1, done = 0; done < length; i++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) i);
            Arrays.fill(block, (byte) 0);
            block = mac.doFinal();
            int n = Math.min(HASH_LENGTH, length - done);
            System.arraycopy(block, 0, okm, done, n);
            done += n;
        }
        Arrays.fill(block, (byte) 0);
        return okm;
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac m = Mac.getInstance(HMAC);
            init(m, key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides " + HMAC, e);
        }
    }

    private static void init(Mac m, byte[] key) {
        try {
            m.init(new SecretKeySpec(key, HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " takes any key length", e);
        }
    }
}
