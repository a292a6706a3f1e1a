package org.btcpeer.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable sequence of bytes with content equality and hex formatting: the type every message
 * uses where it holds bytes (records never hold a raw {@code byte[]}, whose equality is by
 * reference).
 *
 * <p>A {@code ByteString} may be a <em>view</em> of part of a larger array. Decoders use this to
 * avoid copying: the scripts of a decoded block are views into the block's payload. A view keeps
 * its whole backing array reachable; call {@link #compact()} to detach a small piece that outlives
 * a large message.
 *
 * <p>Immutability rests on ownership: {@link #wrap(byte[])} takes the array without copying and
 * the caller must not modify it afterwards; {@link #copyOf(byte[])} copies.
 */
public final class ByteString implements Comparable<ByteString> {

    /** The empty byte string. */
    public static final ByteString EMPTY = new ByteString(new byte[0], 0, 0);

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] data;
    private final int offset;
    private final int length;
    private int hash; // 0 = not yet computed; benign race like String.hashCode
    private Hash256 doubleSha256; // null = not yet computed; same benign race (Hash256 is immutable)

    private ByteString(byte[] data, int offset, int length) {
        this.data = data;
        this.offset = offset;
        this.length = length;
    }

    /**
     * Wraps {@code bytes} without copying. The caller hands over ownership: it must never modify
     * the array afterwards.
     *
     * @param bytes the bytes to wrap
     * @return a byte string over the whole array
     */
    public static ByteString wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new ByteString(bytes, 0, bytes.length);
    }

    /**
     * Wraps a range of {@code bytes} without copying; the caller must never modify that range.
     *
     * @param bytes  the backing array
     * @param offset the first byte of the range
     * @param length the number of bytes
     * @return a view of the range
     */
    public static ByteString wrap(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return length == 0 ? EMPTY : new ByteString(bytes, offset, length);
    }

    /**
     * Copies {@code bytes} into a new byte string.
     *
     * @param bytes the bytes to copy
     * @return a byte string holding a private copy
     */
    public static ByteString copyOf(byte[] bytes) {
        return wrap(bytes.clone());
    }

    /**
     * Copies a range of {@code bytes} into a new byte string.
     *
     * @param bytes  the source array
     * @param offset the first byte to copy
     * @param length the number of bytes to copy
     * @return a byte string holding a private copy of the range
     */
    public static ByteString copyOf(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return wrap(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /**
     * Parses lowercase or uppercase hex (no separators, even length).
     *
     * @param hex the hex digits
     * @return the bytes
     * @throws IllegalArgumentException if {@code hex} is not valid hex
     */
    public static ByteString fromHex(String hex) {
        return wrap(HEX.parseHex(hex));
    }

    /**
     * Encodes {@code text} as ASCII (bytes above 0x7f are not allowed).
     *
     * @param text ASCII text
     * @return the bytes of the text
     * @throws IllegalArgumentException if the text has a non-ASCII character
     */
    public static ByteString ofAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                throw new IllegalArgumentException("not ASCII at index " + i + ": " + text);
            }
        }
        return wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The number of bytes. */
    public int size() {
        return length;
    }

    /** Whether this byte string has no bytes. */
    public boolean isEmpty() {
        return length == 0;
    }

    /**
     * The byte at {@code index}.
     *
     * @param index from 0 to {@code size() - 1}
     * @return the byte, signed as Java bytes are
     */
    public byte byteAt(int index) {
        Objects.checkIndex(index, length);
        return data[offset + index];
    }

    /**
     * A view of bytes {@code from} (inclusive) to {@code to} (exclusive); no copy is made.
     *
     * @param from the first index
     * @param to   the index after the last
     * @return the view
     */
    public ByteString slice(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        if (from == 0 && to == length) {
            return this;
        }
        return to == from ? EMPTY : new ByteString(data, offset + from, to - from);
    }

    /**
     * This byte string detached from any larger backing array: returns {@code this} when it
     * already covers its whole array, else a compact copy.
     *
     * @return a byte string that keeps only its own bytes reachable
     */
    public ByteString compact() {
        return offset == 0 && length == data.length ? this : copyOf(data, offset, length);
    }

    /** A new array holding these bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(data, offset, offset + length);
    }

    /**
     * Copies these bytes into {@code dst} at {@code dstOffset}.
     *
     * @param dst       the destination array
     * @param dstOffset where the first byte goes
     */
    public void copyTo(byte[] dst, int dstOffset) {
        System.arraycopy(data, offset, dst, dstOffset, length);
    }

    /** A read-only buffer over these bytes, without copying (for ciphers and channels). */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(data, offset, length).slice().asReadOnlyBuffer();
    }

    /**
     * Writes these bytes to {@code out} without copying them first.
     *
     * @param out the stream
     * @throws java.io.IOException if the stream fails
     */
    public void writeTo(java.io.OutputStream out) throws java.io.IOException {
        out.write(data, offset, length);
    }

    /**
     * Feeds these bytes to {@code digest} without copying them.
     *
     * @param digest the digest to update
     */
    public void updateDigest(MessageDigest digest) {
        digest.update(data, offset, length);
    }

    /**
     * SHA-256 applied twice to these bytes, computed on the first call and remembered, as
     * {@link #hashCode()} is: a byte string is immutable, so its digest cannot change. The v1
     * transport puts the first 4 bytes of it in the header of every message; a block served to
     * many peers from the same stored bytes is hashed once instead of on every send. Call it only
     * on bytes that are hashed more than once: the remembered digest lives as long as this object.
     *
     * @return the double SHA-256 of these bytes
     */
    public Hash256 doubleSha256() {
        Hash256 h = doubleSha256;
        if (h == null) {
            h = Hash256.doubleSha256(data, offset, length);
            doubleSha256 = h;
        }
        return h;
    }

    /**
     * Hands these bytes to {@code reader} in place, as a range of the backing array, without
     * copying: for array-based APIs such as a cipher encrypting a payload straight into its packet.
     *
     * <p><b>This exposes the internal array of an immutable value.</b> The reader must neither modify
     * the range nor keep a reference to the array after it returns; writing to it would change every
     * byte string (and every decoded message) that shares the array. Prefer {@link #copyTo},
     * {@link #writeTo} or {@link #updateDigest} where they fit.
     *
     * @param reader what reads the bytes
     * @return what {@code reader} returns
     */
    public int readInPlace(InPlaceReader reader) {
        return reader.read(data, offset, length);
    }

    /** Reads a byte string's bytes in place; see {@link #readInPlace(InPlaceReader)}. */
    @FunctionalInterface
    public interface InPlaceReader {

        /**
         * Reads {@code array[offset .. offset+length)}, which must not be modified or kept.
         *
         * @param array  the backing array
         * @param offset where the bytes start
         * @param length how many bytes
         * @return any count the caller wants back (bytes written, for example)
         */
        int read(byte[] array, int offset, int length);
    }

    /** Lowercase hex of these bytes, in order. */
    public String hex() {
        return HEX.formatHex(data, offset, offset + length);
    }

    /** These bytes as ISO-8859-1 text: one char per byte, so the bytes round-trip exactly. */
    public String toLatin1String() {
        return new String(data, offset, length, StandardCharsets.ISO_8859_1);
    }

    // Package-private accessors for the codec classes of this package (zero-copy reads and hashes).
    byte[] backingArray() {
        return data;
    }

    int backingOffset() {
        return offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteString other
                && other.length == length
                && Arrays.equals(data, offset, offset + length, other.data, other.offset, other.offset + other.length);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && length > 0) {
            h = 1;
            for (int i = offset, end = offset + length; i < end; i++) {
                h = 31 * h + data[i];
            }
            hash = h;
        }
        return h;
    }

    /** Orders by unsigned lexicographic comparison of the bytes. */
    @Override
    public int compareTo(ByteString o) {
        return Arrays.compareUnsigned(data, offset, offset + length, o.data, o.offset, o.offset + o.length);
    }

    /** The hex of the bytes, shortened in the middle above 64 bytes, with the size. */
    @Override
    public String toString() {
        if (length <= 64) {
            return "[" + length + "]" + hex();
        }
        return "[" + length + "]" + HEX.formatHex(data, offset, offset + 32) + "…"
                + HEX.formatHex(data, offset + length - 32, offset + length);
    }
}
