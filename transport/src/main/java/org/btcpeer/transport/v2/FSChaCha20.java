package org.btcpeer.transport.v2;

import java.util.Objects;

/**
 * BIP-324 {@code FSChaCha20} ("Rekeying wrappers: FSChaCha20Poly1305 and FSChaCha20"): the
 * forward-secure stream cipher that hides the 3-byte length field of every packet.
 *
 * <p>One continuous ChaCha20 keystream (nonce = 4 zero bytes || 8-byte little-endian rekey count,
 * block counter from 0) encrypts consecutive chunks. After every {@value #REKEY_INTERVAL} chunks the
 * next 32 keystream bytes become the new key and the block counter restarts; with 3-byte chunks this
 * consumes exactly 11 blocks per key. Encryption and decryption are the same operation.
 *
 * <p>Not thread-safe: each direction of a connection owns its own instance. Used keystream bytes and
 * replaced keys are wiped, so a later memory compromise does not reveal earlier lengths.
 */
public final class FSChaCha20 {

    /** Chunks (packets) encrypted under one key before rekeying, as fixed by BIP-324. */
    public static final int REKEY_INTERVAL = 224;

    private final int[] key = new int[8];
    /** The current keystream block as 16 little-endian words; each byte is zeroed once used. */
    private final int[] keystreamWords = new int[16];
    private int keystreamOffset = ChaCha20Block.BLOCK_LENGTH; // nothing buffered
    private int blockCounter;
    private long chunkCounter;

    /**
     * Creates the cipher with its initial key (the HKDF output {@code initiator_L} or
     * {@code responder_L}).
     *
     * @param initialKey 32 bytes; copied
     */
    public FSChaCha20(byte[] initialKey) {
        if (initialKey == null || initialKey.length != 32) {
            throw new IllegalArgumentException("FSChaCha20 key must be 32 bytes");
        }
        ChaCha20Block.keyWords(initialKey, 0, key);
    }

    /** The cipher with its initial key read from {@code keys[offset .. offset+32)}. */
    FSChaCha20(byte[] keys, int offset) {
        Objects.checkFromIndexSize(offset, 32, keys.length);
        ChaCha20Block.keyWords(keys, offset, key);
    }

    /**
     * Encrypts or decrypts one chunk (XOR with the keystream) and counts it towards the rekey
     * interval. {@code in} and {@code out} may be the same array. Bounds are checked first, so a bad
     * call does not advance the keystream.
     *
     * @param in the input
     * @param inOffset where the chunk starts in {@code in}
     * @param out the output
     * @param outOffset where to write the result
     * @param length the chunk length (3 for a BIP-324 length field)
     */
    public void crypt(byte[] in, int inOffset, byte[] out, int outOffset, int length) {
        Objects.checkFromIndexSize(inOffset, length, in.length);
        Objects.checkFromIndexSize(outOffset, length, out.length);
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = (byte) (in[inOffset + i] ^ nextKeystreamByte());
        }
        if ((chunkCounter + 1) % REKEY_INTERVAL == 0) {
            // the next 32 keystream bytes, all drawn under the old key before any word of it changes
            int k0 = nextKeystreamWord(), k1 = nextKeystreamWord(), k2 = nextKeystreamWord(), k3 = nextKeystreamWord();
            int k4 = nextKeystreamWord(), k5 = nextKeystreamWord(), k6 = nextKeystreamWord(), k7 = nextKeystreamWord();
            key[0] = k0;
            key[1] = k1;
            key[2] = k2;
            key[3] = k3;
            key[4] = k4;
            key[5] = k5;
            key[6] = k6;
            key[7] = k7;
            blockCounter = 0;
        }
        chunkCounter++;
    }

    /**
     * The number of chunks processed so far.
     *
     * @return the chunk counter
     */
    public long chunkCounter() {
        return chunkCounter;
    }

    /** The next four keystream bytes as a little-endian word. */
    private int nextKeystreamWord() {
        return (nextKeystreamByte() & 0xff) | (nextKeystreamByte() & 0xff) << 8
                | (nextKeystreamByte() & 0xff) << 16 | (nextKeystreamByte() & 0xff) << 24;
    }

    private byte nextKeystreamByte() {
        if (keystreamOffset == ChaCha20Block.BLOCK_LENGTH) {
            long rekeys = chunkCounter / REKEY_INTERVAL;
            ChaCha20Block.block(key, blockCounter, 0, (int) rekeys, (int) (rekeys >>> 32), keystreamWords);
            blockCounter++;
            keystreamOffset = 0;
        }
        int word = keystreamOffset >>> 2;
        int shift = (keystreamOffset & 3) << 3;
        byte b = (byte) (keystreamWords[word] >>> shift);
        keystreamWords[word] &= ~(0xff << shift); // wiped once used
        keystreamOffset++;
        return b;
    }
}
