package org.btcpeer.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes Bitcoin wire fields into a growable byte array.
 *
 * <p>Encoders write straight into one buffer; {@link #toByteString()} hands that buffer over
 * without a copy, after which the writer must not be used again. Single-threaded.
 */
public final class WireWriter {

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf;
    private int size;

    /** A writer with a small initial buffer. */
    public WireWriter() {
        this(64);
    }

    /**
     * A writer whose buffer starts at {@code initialCapacity} bytes (it grows as needed).
     *
     * @param initialCapacity the expected encoded size
     */
    public WireWriter(int initialCapacity) {
        buf = new byte[Math.max(initialCapacity, 16)];
    }

    /** The number of bytes written. */
    public int size() {
        return size;
    }

    private void ensure(int n) {
        if (buf.length - size < n) {
            long wanted = Math.max((long) buf.length * 2, (long) size + n);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("encoding exceeds 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    /**
     * Writes one byte.
     *
     * @param v the low 8 bits are written
     * @return this writer
     */
    public WireWriter writeUInt8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    /**
     * Writes a boolean as one byte, 1 or 0.
     *
     * @param v the value
     * @return this writer
     */
    public WireWriter writeBoolean(boolean v) {
        return writeUInt8(v ? 1 : 0);
    }

    /**
     * Writes a 16-bit little-endian integer.
     *
     * @param v the low 16 bits are written
     * @return this writer
     */
    public WireWriter writeUInt16Le(int v) {
        ensure(2);
        SHORT_LE.set(buf, size, (short) v);
        size += 2;
        return this;
    }

    /**
     * Writes a 16-bit big-endian integer (ports in network addresses).
     *
     * @param v the low 16 bits are written
     * @return this writer
     */
    public WireWriter writeUInt16Be(int v) {
        ensure(2);
        SHORT_BE.set(buf, size, (short) v);
        size += 2;
        return this;
    }

    /**
     * Writes a 32-bit little-endian integer.
     *
     * @param v the value
     * @return this writer
     */
    public WireWriter writeInt32Le(int v) {
        ensure(4);
        INT_LE.set(buf, size, v);
        size += 4;
        return this;
    }

    /**
     * Writes an unsigned 32-bit little-endian integer.
     *
     * @param v the low 32 bits are written
     * @return this writer
     */
    public WireWriter writeUInt32Le(long v) {
        return writeInt32Le((int) v);
    }

    /**
     * Writes a 64-bit little-endian integer.
     *
     * @param v the value
     * @return this writer
     */
    public WireWriter writeInt64Le(long v) {
        ensure(8);
        LONG_LE.set(buf, size, v);
        size += 8;
        return this;
    }

    /**
     * Writes the canonical CompactSize encoding of {@code v} (treated as unsigned).
     *
     * @param v the value
     * @return this writer
     */
    public WireWriter writeCompactSize(long v) {
        switch (CompactSize.encodedSize(v)) {
            case 1 -> writeUInt8((int) v);
            case 3 -> writeUInt8(0xfd).writeUInt16Le((int) v);
            case 5 -> writeUInt8(0xfe).writeInt32Le((int) v);
            default -> writeUInt8(0xff).writeInt64Le(v);
        }
        return this;
    }

    /**
     * Writes raw bytes.
     *
     * @param b the bytes
     * @return this writer
     */
    public WireWriter writeBytes(ByteString b) {
        ensure(b.size());
        b.copyTo(buf, size);
        size += b.size();
        return this;
    }

    /**
     * Writes a range of an array.
     *
     * @param b      the array
     * @param offset the first byte
     * @param length the number of bytes
     * @return this writer
     */
    public WireWriter writeBytes(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, buf, size, length);
        size += length;
        return this;
    }

    /**
     * Writes a CompactSize length followed by the bytes.
     *
     * @param b the bytes
     * @return this writer
     */
    public WireWriter writeVarBytes(ByteString b) {
        return writeCompactSize(b.size()).writeBytes(b);
    }

    /**
     * Writes a CompactSize-prefixed string, one byte per char (ISO-8859-1), the inverse of
     * {@link WireReader#readVarString}.
     *
     * @param s the string; chars above 0xff are not allowed
     * @return this writer
     */
    public WireWriter writeVarString(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return writeCompactSize(b.length).writeBytes(b, 0, b.length);
    }

    /**
     * Writes a hash's 32 bytes in internal (wire) order.
     *
     * @param h the hash
     * @return this writer
     */
    public WireWriter writeHash(Hash256 h) {
        ensure(Hash256.LENGTH);
        h.copyTo(buf, size);
        size += Hash256.LENGTH;
        return this;
    }

    /**
     * Overwrites {@code length} already-written bytes at {@code offset} (for headers whose fields,
     * such as a checksum, are known only after the body is written).
     *
     * @param offset where to write, within what was written
     * @param src    the source array
     * @param srcOffset the first source byte
     * @param length the number of bytes
     */
    public void overwrite(int offset, byte[] src, int srcOffset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, size);
        System.arraycopy(src, srcOffset, buf, offset, length);
    }

    /**
     * Overwrites a 32-bit little-endian integer at {@code offset} within what was written.
     *
     * @param offset where to write
     * @param v      the value
     */
    public void overwriteInt32Le(int offset, int v) {
        java.util.Objects.checkFromIndexSize(offset, 4, size);
        INT_LE.set(buf, offset, v);
    }

    /**
     * Feeds written bytes {@code from} (inclusive) to {@code to} (exclusive) to {@code digest},
     * without copying.
     *
     * @param digest the digest
     * @param from   the first byte
     * @param to     the byte after the last
     */
    public void updateDigest(java.security.MessageDigest digest, int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, size);
        digest.update(buf, from, to - from);
    }

    /** The bytes written, handed over without a copy; the writer must not be used afterwards. */
    public ByteString toByteString() {
        ByteString out = ByteString.wrap(buf, 0, size);
        buf = null;
        return out;
    }

    /**
     * Hands over the internal buffer itself, for a caller that transforms the written bytes in
     * place (a cipher encrypting a packet) before wrapping them. The first {@link #size()} bytes are
     * the ones written; the array may be longer. The writer must not be used afterwards.
     *
     * @return the internal buffer, now owned by the caller
     */
    public byte[] detachBuffer() {
        byte[] out = buf;
        buf = null;
        return out;
    }

    /** A copy of the bytes written; the writer stays usable. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
