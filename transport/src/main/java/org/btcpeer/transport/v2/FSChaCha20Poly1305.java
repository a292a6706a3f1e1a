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
 * <p>The AEAD itself is {@link ChaCha20Poly1305} (plain Java) for messages of up to
 * {@value #SMALL_MESSAGE_LIMIT} plaintext bytes and the JDK's {@code ChaCha20-Poly1305} cipher
 * (hardware-accelerated where the JVM has intrinsics) for longer ones; both compute RFC 8439
 * exactly. An instance is used for one direction only, either encrypting or decrypting, and is not
 * thread-safe.
 */
public final class FSChaCha20Poly1305 {

    /** Messages encrypted under one key before rekeying, as fixed by BIP-324. */
    public static final int REKEY_INTERVAL = 224;

    /** Length of the Poly1305 tag appended to every ciphertext. */
    public static final int TAG_LENGTH = 16;

    private static final String ALGORITHM = "ChaCha20-Poly1305";
    private static final byte[] NO_PREFIX = new byte[0];

    /**
     * Messages with at most this many plaintext bytes go through {@link ChaCha20Poly1305} (plain
     * Java, nothing to initialise); longer ones through the JDK's cipher, whose per-message
     * {@code init} costs more than the cryptography of a small packet but whose intrinsics win on
     * large ones. Measured crossover on the development machine: between 256 and 512 bytes.
     */
    static final int SMALL_MESSAGE_LIMIT = 256;

    /**
     * A large message is encrypted by the JDK cipher in pieces of this many bytes ({@code update}
     * calls, then {@code doFinal}), which gives the same ciphertext and tag as one call. Two gains:
     * each piece is authenticated by Poly1305 right after ChaCha20 wrote it, while it is still in
     * the CPU cache, instead of in a second pass over the whole (up to 4 MB) packet; and the JDK's
     * Poly1305 is entered often enough for its call site to be compiled by C2, the only compiler
     * that uses the vectorised Poly1305 intrinsic (one call per 2 MB block leaves it in the JDK's
     * Java fallback for thousands of blocks). The JDK buffers decryption until the tag is checked,
     * so decryption stays one call.
     */
    static final int ENCRYPT_CHUNK = 16 * 1024;

    /** The JDK cipher, created on the first message above {@link #SMALL_MESSAGE_LIMIT}: a handshake never needs it. */
    private Cipher cipher;
    /** Holds the current key (as words) for both engines. */
    private final ChaCha20Poly1305 small = new ChaCha20Poly1305();
    /** The current key for the JDK cipher, made when first needed after each rekey; null until then. */
    private SecretKeySpec keySpec;
    /** The JDK cipher's nonce, made with the cipher. */
    private byte[] nonce;
    private long packetCounter;
    /** Whether the next decrypt's associated data was given through {@link #beginAad()} and {@link #updateAad}. */
    private boolean aadStreamed;

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
        small.setKey(initialKey, 0);
    }

    /** The AEAD with its initial key read from {@code keys[offset .. offset+32)}. */
    FSChaCha20Poly1305(byte[] keys, int offset) {
        small.setKey(keys, offset);
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
        return encrypt(aad, NO_PREFIX, 0, plaintext, offset, length, out, outOffset);
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
        return encrypt(aad, 0, aad == null ? 0 : aad.length, prefix, prefixLength, rest, offset, length, out, outOffset);
    }

    /**
     * Like {@link #encrypt(byte[], byte[], int, byte[], int, int, byte[], int)} with the associated
     * data {@code aad[aadOffset .. aadOffset+aadLength)}, read where it lies (BIP-324: our garbage,
     * in place in the handshake's output).
     *
     * @param aad the array holding the associated data, or {@code null} if {@code aadLength} is 0
     * @param aadOffset where it starts
     * @param aadLength how many bytes
     * @param prefix the first plaintext bytes
     * @param prefixLength how many of them
     * @param rest the remaining plaintext
     * @param offset where the remaining plaintext starts
     * @param length its length
     * @param out the destination
     * @param outOffset where to write
     * @return the number of bytes written, {@code prefixLength + length + 16}
     */
    public int encrypt(byte[] aad, int aadOffset, int aadLength, byte[] prefix, int prefixLength, byte[] rest,
                       int offset, int length, byte[] out, int outOffset) {
        ChaCha20Poly1305.checkAad(aad, aadOffset, aadLength);
        Objects.checkFromIndexSize(0, prefixLength, prefix.length);
        Objects.checkFromIndexSize(offset, length, rest.length);
        Objects.checkFromIndexSize(outOffset, prefixLength + length + TAG_LENGTH, out.length);
        if (prefixLength + length <= SMALL_MESSAGE_LIMIT) {
            try {
                return small.seal(nonce0(), nonce1(), nonce2(), aad, aadOffset, aadLength, prefix, prefixLength,
                        rest, offset, length, out, outOffset);
            } finally {
                advance();
            }
        }
        try {
            start(Cipher.ENCRYPT_MODE, aad, aadOffset, aadLength);
            int n = prefixLength == 0 ? 0 : cipher.update(prefix, 0, prefixLength, out, outOffset);
            int done = 0;
            while (length - done > ENCRYPT_CHUNK) { // see ENCRYPT_CHUNK
                n += cipher.update(rest, offset + done, ENCRYPT_CHUNK, out, outOffset + n);
                done += ENCRYPT_CHUNK;
            }
            return n + cipher.doFinal(rest, offset + done, length - done, out, outOffset + n);
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
        if (aadStreamed && aad != null) {
            throw new IllegalStateException("the associated data of this message was streamed already");
        }
        // A message whose associated data was streamed continues the tag begun in plain Java, whatever its size.
        if (aadStreamed || length - TAG_LENGTH <= SMALL_MESSAGE_LIMIT) {
            aadStreamed = false;
            boolean authentic;
            try {
                authentic = small.open(nonce0(), nonce1(), nonce2(), aad, ciphertext, offset, length, out, outOffset);
            } finally {
                advance();
            }
            if (!authentic) {
                throw new V2CryptoException("BIP-324 packet " + message + " failed authentication");
            }
            return length - TAG_LENGTH;
        }
        try {
            start(Cipher.DECRYPT_MODE, aad, 0, aad == null ? 0 : aad.length);
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
     * Lets the associated data of the next message to {@link #decrypt} arrive in pieces through
     * {@link #updateAad}, so the caller need not store it: a BIP-324 receiver authenticates the
     * peer's garbage (the associated data of its first packet) as it arrives. That message is then
     * decrypted with {@code aad == null}, in plain Java whatever its size.
     */
    public void beginAad() {
        if (aadStreamed) {
            throw new IllegalStateException("the associated data of the next message is already being streamed");
        }
        small.beginAad(nonce0(), nonce1(), nonce2());
        aadStreamed = true;
    }

    /**
     * The next associated-data bytes of the next message; see {@link #beginAad()}.
     *
     * @param in the input
     * @param offset where the bytes start
     * @param length how many
     */
    public void updateAad(byte[] in, int offset, int length) {
        if (!aadStreamed) {
            throw new IllegalStateException("beginAad was not called");
        }
        small.updateAad(in, offset, length);
    }

    /**
     * The number of messages processed so far.
     *
     * @return the packet counter
     */
    public long packetCounter() {
        return packetCounter;
    }

    // The nonce of the current message as three little-endian words: LE32(i mod 224) || LE64(i / 224).
    private int nonce0() {
        return (int) (packetCounter % REKEY_INTERVAL);
    }

    private int nonce1() {
        return (int) (packetCounter / REKEY_INTERVAL);
    }

    private int nonce2() {
        return (int) ((packetCounter / REKEY_INTERVAL) >>> 32);
    }

    private void start(int mode, byte[] aad, int aadOffset, int aadLength) throws GeneralSecurityException {
        if (nonce == null) {
            nonce = new byte[12];
        }
        ChaCha20Block.putLittleEndianInt(nonce, 0, nonce0());
        ChaCha20Block.putLittleEndianInt(nonce, 4, nonce1());
        ChaCha20Block.putLittleEndianInt(nonce, 8, nonce2());
        if (cipher == null) {
            try {
                cipher = Cipher.getInstance(ALGORITHM);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK provides " + ALGORITHM + " since Java 11", e);
            }
        }
        if (keySpec == null) {
            byte[] key = small.keyBytes();
            keySpec = new SecretKeySpec(key, "ChaCha20"); // copies the key
            Arrays.fill(key, (byte) 0);
        }
        cipher.init(mode, keySpec, new IvParameterSpec(nonce));
        if (aadLength > 0) {
            cipher.updateAAD(aad, aadOffset, aadLength);
        }
    }

    private void advance() {
        if ((packetCounter + 1) % REKEY_INTERVAL == 0) {
            long rekeys = packetCounter / REKEY_INTERVAL;
            small.rekey(0xffffffff, (int) rekeys, (int) (rekeys >>> 32)); // keystream block 1 of that nonce
            keySpec = null; // rebuilt from the new key when the JDK cipher next needs it
        }
        packetCounter++;
    }
}
