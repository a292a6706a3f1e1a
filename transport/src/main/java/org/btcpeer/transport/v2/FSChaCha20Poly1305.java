package org.btcpeer.transport.v2;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * BIP-324 {@code FSChaCha20Poly1305} ("Rekeying wrappers: FSChaCha20Poly1305 and FSChaCha20"): the
 * RFC 8439 ChaCha20-Poly1305 AEAD that encrypts packet plaintexts, with a nonce that changes every
 * message and a key that is replaced every {@value #REKEY_INTERVAL} messages for forward secrecy.
 *
 * <p>The nonce of message {@code i} is {@code LE32(i mod 224) || LE64(i / 224)}. After message
 * {@code i} with {@code (i + 1) mod 224 = 0} the new key is the first 32 bytes of the AEAD encryption
 * of 32 zero bytes under nonce {@code 0xffffffff || LE64(i / 224)}; as the BIP notes, that equals
 * keystream bytes 64..95, i.e. ChaCha20 block 1, which is computed directly without Poly1305.
 *
 * <p>Bounds are checked before anything else, so a bad call throws
 * {@link IndexOutOfBoundsException} without advancing the message counter.
 *
 * <p>The AEAD itself is the JDK's {@code ChaCha20-Poly1305} cipher (hardware-accelerated where the
 * JVM has intrinsics). An instance is used for one direction only, either encrypting or decrypting,
 * and is not thread-safe.
 */
public final class FSChaCha20Poly1305 {

    /** Messages encrypted under one key before rekeying, as fixed by BIP-324. */
    public static final int REKEY_INTERVAL = 224;

    /** Length of the Poly1305 tag appended to every ciphertext. */
    public static final int TAG_LENGTH = 16;

    private static final String ALGORITHM = "ChaCha20-Poly1305";

    private final Cipher cipher;
    private final byte[] key = new byte[32];
    private SecretKeySpec keySpec;
    private final byte[] nonce = new byte[12];
    private long packetCounter;

    /**
     * Creates the AEAD with its initial key (the HKDF output {@code initiator_P} or
     * {@code responder_P}).
     *
     * @param initialKey 32 bytes; copied
     */
    public FSChaCha20Poly1305(byte[] initialKey) {
        if (initialKey == null || initialKey.length != 32) {
            throw new IllegalArgumentException("FSChaCha20Poly1305 key must be 32 bytes");
        }
        System.arraycopy(initialKey, 0, key, 0, 32);
        keySpec = new SecretKeySpec(key, "ChaCha20");
        try {
            cipher = Cipher.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides " + ALGORITHM + " since Java 11", e);
        }
    }

    /**
     * Encrypts one message: {@code plaintext[offset .. offset+length)} becomes {@code length + 16}
     * bytes (ciphertext then tag) at {@code out[outOffset]}. The output may overlap the input only if
     * it starts at the same position.
     *
     * @param aad the associated data, or {@code null} for none
     * @param plaintext the input
     * @param offset where the plaintext starts
     * @param length the plaintext length
     * @param out the destination, with room for {@code length + 16} bytes
     * @param outOffset where to write
     * @return the number of bytes written, {@code length + 16}
     */
    public int encrypt(byte[] aad, byte[] plaintext, int offset, int length, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(offset, length, plaintext.length);
        Objects.checkFromIndexSize(outOffset, length + TAG_LENGTH, out.length);
        try {
            start(Cipher.ENCRYPT_MODE, aad);
            return cipher.doFinal(plaintext, offset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " encryption failed", e);
        } finally {
            advance();
        }
    }

    /**
     * Encrypts one message whose plaintext is {@code prefix[0 .. prefixLength) || rest[offset ..
     * offset+length)}, without concatenating them: this is how a BIP-324 packet's header byte and
     * message type are encrypted together with a payload that stays where it is. Writes
     * {@code prefixLength + length + 16} bytes at {@code out[outOffset]}; {@code rest} may already sit
     * in place at {@code out[outOffset + prefixLength]}.
     *
     * @param aad the associated data, or {@code null} for none
     * @param prefix the first plaintext bytes
     * @param prefixLength how many of them
     * @param rest the remaining plaintext
     * @param offset where the remaining plaintext starts
     * @param length its length
     * @param out the destination
     * @param outOffset where to write
     * @return the number of bytes written, {@code prefixLength + length + 16}
     */
    public int encrypt(byte[] aad, byte[] prefix, int prefixLength, byte[] rest, int offset, int length,
                       byte[] out, int outOffset) {
        Objects.checkFromIndexSize(0, prefixLength, prefix.length);
        Objects.checkFromIndexSize(offset, length, rest.length);
        Objects.checkFromIndexSize(outOffset, prefixLength + length + TAG_LENGTH, out.length);
        try {
            start(Cipher.ENCRYPT_MODE, aad);
            int n = prefixLength == 0 ? 0 : cipher.update(prefix, 0, prefixLength, out, outOffset);
            return n + cipher.doFinal(rest, offset, length, out, outOffset + n);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " encryption failed", e);
        } finally {
            advance();
        }
    }

    /**
     * Decrypts and authenticates one message: {@code ciphertext[offset .. offset+length)} (ciphertext
     * then 16-byte tag) becomes {@code length - 16} plaintext bytes at {@code out[outOffset]}. The tag
     * is checked before anything is written, so on failure {@code out} is untouched. The output may
     * overlap the input only if it starts at the same position (in-place decryption).
     *
     * @param aad the associated data, or {@code null} for none
     * @param ciphertext the input
     * @param offset where the ciphertext starts
     * @param length the ciphertext length including the tag
     * @param out the destination, with room for {@code length - 16} bytes
     * @param outOffset where to write
     * @return the number of plaintext bytes written
     * @throws V2CryptoException if the tag does not verify
     */
    public int decrypt(byte[] aad, byte[] ciphertext, int offset, int length, byte[] out, int outOffset)
            throws V2CryptoException {
        if (length < TAG_LENGTH) {
            throw new IllegalArgumentException("ciphertext shorter than the tag: " + length);
        }
        Objects.checkFromIndexSize(offset, length, ciphertext.length);
        Objects.checkFromIndexSize(outOffset, length - TAG_LENGTH, out.length);
        long message = packetCounter;
        try {
            start(Cipher.DECRYPT_MODE, aad);
            return cipher.doFinal(ciphertext, offset, length, out, outOffset);
        } catch (AEADBadTagException e) {
            throw new V2CryptoException("BIP-324 packet " + message + " failed authentication", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " decryption failed", e);
        } finally {
            advance();
        }
    }

    /**
     * The number of messages processed so far.
     *
     * @return the packet counter
     */
    public long packetCounter() {
        return packetCounter;
    }

    private void start(int mode, byte[] aad) throws GeneralSecurityException {
        long rekeys = packetCounter / REKEY_INTERVAL;
        ChaCha20Block.putLittleEndianInt(nonce, 0, (int) (packetCounter % REKEY_INTERVAL));
        ChaCha20Block.putLittleEndianInt(nonce, 4, (int) rekeys);
        ChaCha20Block.putLittleEndianInt(nonce, 8, (int) (rekeys >>> 32));
        cipher.init(mode, keySpec, new IvParameterSpec(nonce));
        if (aad != null && aad.length > 0) {
            cipher.updateAAD(aad);
        }
    }

    private void advance() {
        if ((packetCounter + 1) % REKEY_INTERVAL == 0) {
            long rekeys = packetCounter / REKEY_INTERVAL;
            int[] words = new int[8];
            ChaCha20Block.keyWords(key, 0, words);
            byte[] block = new byte[ChaCha20Block.BLOCK_LENGTH];
            ChaCha20Block.block(words, 1, 0xffffffff, (int) rekeys, (int) (rekeys >>> 32), block, 0);
            System.arraycopy(block, 0, key, 0, 32);
            Arrays.fill(block, (byte) 0);
            Arrays.fill(words, 0);
            keySpec = new SecretKeySpec(key, "ChaCha20");
        }
        packetCounter++;
    }
}
