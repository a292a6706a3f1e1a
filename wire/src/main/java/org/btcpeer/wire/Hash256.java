package org.btcpeer.wire;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 32-byte hash such as a block hash, txid or merkle root.
 *
 * <p>The bytes are held in <em>internal</em> order, the order they have on the wire and as the
 * output of SHA-256. {@link #toString()} and {@link #fromHex(String)} use the <em>display</em>
 * order (bytes reversed) that Bitcoin Core's RPC and every block explorer show, so a block hash
 * prints as {@code 000000000019d6…}.
 */
public final class Hash256 implements Comparable<Hash256> {

    /** The length of a hash in bytes. */
    public static final int LENGTH = 32;

    /** The all-zero hash (for example the previous-block hash of a genesis block). */
    public static final Hash256 ZERO = new Hash256(new byte[LENGTH]);

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Hash256(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A hash from 32 bytes in internal (wire) order; the array is copied.
     *
     * @param internalOrder exactly 32 bytes
     * @return the hash
     */
    public static Hash256 fromInternalBytes(byte[] internalOrder) {
        if (internalOrder.length != LENGTH) {
            throw new IllegalArgumentException("a hash has 32 bytes, got " + internalOrder.length);
        }
        return new Hash256(internalOrder.clone());
    }

    /**
     * A hash from 32 bytes in internal (wire) order at {@code offset}; the bytes are copied.
     *
     * @param array  the source
     * @param offset the index of the first byte
     * @return the hash
     */
    public static Hash256 fromInternalBytes(byte[] array, int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, array.length);
        return new Hash256(Arrays.copyOfRange(array, offset, offset + LENGTH));
    }

    /**
     * Parses display-order hex (as printed by Core RPC and explorers): the bytes are reversed.
     *
     * @param displayHex 64 hex digits
     * @return the hash
     */
    public static Hash256 fromHex(String displayHex) {
        byte[] b = HEX.parseHex(displayHex);
        if (b.length != LENGTH) {
            throw new IllegalArgumentException("a hash has 64 hex digits, got " + displayHex.length());
        }
        reverse(b);
        return new Hash256(b);
    }

    /**
     * Parses internal-order hex (the bytes as they appear on the wire), without reversing.
     *
     * @param internalHex 64 hex digits
     * @return the hash
     */
    public static Hash256 fromInternalHex(String internalHex) {
        return fromInternalBytes(HEX.parseHex(internalHex));
    }

    /**
     * SHA-256 applied twice ("hash256") to a range of an array.
     *
     * @param data   the array
     * @param offset the first byte
     * @param length the number of bytes
     * @return the double hash
     */
    public static Hash256 doubleSha256(byte[] data, int offset, int length) {
        MessageDigest sha = Sha256.newDigest();
        sha.update(data, offset, length);
        return finishDouble(sha);
    }

    /**
     * SHA-256 applied twice to all of {@code data}.
     *
     * @param data the bytes to hash
     * @return the double hash
     */
    public static Hash256 doubleSha256(ByteString data) {
        MessageDigest sha = Sha256.newDigest();
        data.updateDigest(sha);
        return finishDouble(sha);
    }

    /**
     * Completes a double SHA-256: takes the first digest of {@code sha}, hashes it again with the
     * same (now reset) digest object and wraps the result.
     *
     * @param sha a SHA-256 digest that has been fed the data
     * @return the double hash
     */
    public static Hash256 finishDouble(MessageDigest sha) {
        byte[] first = sha.digest();
        sha.update(first);
        return new Hash256(sha.digest());
    }

    /** A copy of the 32 bytes in internal (wire) order. */
    public byte[] toInternalBytes() {
        return bytes.clone();
    }

    /**
     * The byte at {@code index} in internal order.
     *
     * @param index 0 to 31
     * @return the byte
     */
    public byte byteAt(int index) {
        return bytes[index];
    }

    /**
     * Copies the 32 internal-order bytes into {@code dst}.
     *
     * @param dst    the destination
     * @param offset where the first byte goes
     */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    /**
     * Feeds the 32 internal-order bytes to {@code digest}.
     *
     * @param digest the digest to update
     */
    public void updateDigest(MessageDigest digest) {
        digest.update(bytes);
    }

    /** Internal-order hex (wire order, not reversed). */
    public String toInternalHex() {
        return HEX.formatHex(bytes);
    }

    /** Whether every byte is zero. */
    public boolean isZero() {
        return Arrays.equals(bytes, ZERO.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash256 h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        // The bytes are already uniformly distributed; four of them make a good hash code.
        return (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8 | (bytes[2] & 0xff) << 16 | bytes[3] << 24;
    }

    /** Compares as 256-bit little-endian numbers (the order used to compare a hash to a target). */
    @Override
    public int compareTo(Hash256 o) {
        for (int i = LENGTH - 1; i >= 0; i--) {
            int c = Integer.compare(bytes[i] & 0xff, o.bytes[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Display-order hex (reversed), as Core RPC and explorers show hashes. */
    @Override
    public String toString() {
        byte[] r = bytes.clone();
        reverse(r);
        return HEX.formatHex(r);
    }

    private static void reverse(byte[] b) {
        for (int i = 0, j = b.length - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
    }
}
