package org.btcpeer.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static org.btcpeer.wire.WireException.Rule;

/**
 * Reads Bitcoin wire fields from a payload, checking every read against the bytes left.
 *
 * <p>Each read names its field, so a malformed payload gives a {@link WireException} that says
 * which command, which field, at which byte offset and what rule it broke. Lengths and counts read
 * from the wire are checked against an explicit cap <em>and</em> against the bytes left before
 * the caller can allocate anything sized by them ({@link #readCount}, {@link #readVarBytes}).
 *
 * <p>Byte runs are returned as {@link ByteString} views of the payload: no copy is made. A reader
 * is single-threaded and is used by one decode call.
 */
public final class WireReader {

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf;
    private final int start;
    private final int limit;
    private final String context;
    private int pos;

    private WireReader(byte[] buf, int start, int limit, String context) {
        this.buf = buf;
        this.start = start;
        this.limit = limit;
        this.pos = start;
        this.context = context;
    }

    /**
     * A reader over all of {@code payload}.
     *
     * @param payload the bytes to decode
     * @param context the command or structure being decoded, used in error messages
     * @return the reader, positioned at the first byte
     */
    public static WireReader of(ByteString payload, String context) {
        return new WireReader(payload.backingArray(), payload.backingOffset(),
                payload.backingOffset() + payload.size(), context);
    }

    /** The command or structure named in errors. */
    public String context() {
        return context;
    }

    /** The number of bytes read so far (the offset of the next field). */
    public int position() {
        return pos - start;
    }

    /** The number of bytes not yet read. */
    public int remaining() {
        return limit - pos;
    }

    /** Whether every byte has been read. */
    public boolean atEnd() {
        return pos == limit;
    }

    /**
     * Builds an error at the current position for a field whose value broke a rule.
     *
     * @param field  the field
     * @param rule   the rule
     * @param detail what was wrong, with values
     * @return the exception, for the caller to throw
     */
    public WireException error(String field, Rule rule, String detail) {
        return new WireException(context, field, position(), rule, detail);
    }

    /**
     * Builds an error at {@code offset} (from {@link #position()} earlier) for a field whose value
     * broke a rule.
     *
     * @param field  the field
     * @param offset the offset of the field
     * @param rule   the rule
     * @param detail what was wrong, with values
     * @return the exception, for the caller to throw
     */
    public WireException errorAt(String field, int offset, Rule rule, String detail) {
        return new WireException(context, field, offset, rule, detail);
    }

    private void require(int n, String field) throws WireException {
        if (limit - pos < n) {
            throw error(field, Rule.TRUNCATED, "needs " + n + " bytes, " + (limit - pos) + " left");
        }
    }

    /**
     * Reads one unsigned byte.
     *
     * @param field the field name for errors
     * @return 0 to 255
     * @throws WireException if no byte is left
     */
    public int readUInt8(String field) throws WireException {
        require(1, field);
        return buf[pos++] & 0xff;
    }

    /**
     * Reads a boolean byte the way Core does: any non-zero value is {@code true}.
     *
     * @param field the field name for errors
     * @return whether the byte was non-zero
     * @throws WireException if no byte is left
     */
    public boolean readBoolean(String field) throws WireException {
        return readUInt8(field) != 0;
    }

    /**
     * Reads an unsigned 16-bit little-endian integer.
     *
     * @param field the field name for errors
     * @return 0 to 65535
     * @throws WireException if fewer than 2 bytes are left
     */
    public int readUInt16Le(String field) throws WireException {
        require(2, field);
        int v = (short) SHORT_LE.get(buf, pos) & 0xffff;
        pos += 2;
        return v;
    }

    /**
     * Reads an unsigned 16-bit big-endian integer (ports in network addresses).
     *
     * @param field the field name for errors
     * @return 0 to 65535
     * @throws WireException if fewer than 2 bytes are left
     */
    public int readUInt16Be(String field) throws WireException {
        require(2, field);
        int v = (short) SHORT_BE.get(buf, pos) & 0xffff;
        pos += 2;
        return v;
    }

    /**
     * Reads a signed 32-bit little-endian integer.
     *
     * @param field the field name for errors
     * @return the value
     * @throws WireException if fewer than 4 bytes are left
     */
    public int readInt32Le(String field) throws WireException {
        require(4, field);
        int v = (int) INT_LE.get(buf, pos);
        pos += 4;
        return v;
    }

    /**
     * Reads an unsigned 32-bit little-endian integer.
     *
     * @param field the field name for errors
     * @return 0 to 2^32-1
     * @throws WireException if fewer than 4 bytes are left
     */
    public long readUInt32Le(String field) throws WireException {
        return readInt32Le(field) & 0xffffffffL;
    }

    /**
     * Reads a signed 64-bit little-endian integer.
     *
     * @param field the field name for errors
     * @return the value
     * @throws WireException if fewer than 8 bytes are left
     */
    public long readInt64Le(String field) throws WireException {
        require(8, field);
        long v = (long) LONG_LE.get(buf, pos);
        pos += 8;
        return v;
    }

    /**
     * Reads a CompactSize with Core's rules: canonical encoding only, value at most
     * {@link CompactSize#MAX_SIZE}.
     *
     * @param field the field name for errors
     * @return the value, 0 to {@link CompactSize#MAX_SIZE}
     * @throws WireException if truncated, non-canonical or too large
     */
    public long readCompactSize(String field) throws WireException {
        long v = readCompactSizeUnbounded(field);
        if (Long.compareUnsigned(v, CompactSize.MAX_SIZE) > 0) { // unsigned: 0xff markers can carry values >= 2^63
            throw error(field, Rule.OVER_CAP, "CompactSize " + Long.toUnsignedString(v) + " > MAX_SIZE " + CompactSize.MAX_SIZE);
        }
        return v;
    }

    /**
     * Reads a canonical CompactSize without the {@link CompactSize#MAX_SIZE} cap (Core's
     * {@code range_check=false}, used for 64-bit values such as BIP-152 short-id counts' neighbours).
     *
     * @param field the field name for errors
     * @return the value as an unsigned long
     * @throws WireException if truncated or non-canonical
     */
    public long readCompactSizeUnbounded(String field) throws WireException {
        int at = position();
        int first = readUInt8(field);
        long v;
        long min;
        switch (first) {
            case 0xfd -> {
                v = readUInt16Le(field);
                min = 0xfd;
            }
            case 0xfe -> {
                v = readUInt32Le(field);
                min = 0x10000;
            }
            case 0xff -> {
                v = readInt64Le(field);
                min = 0x100000000L;
            }
            default -> {
                return first;
            }
        }
        if (Long.compareUnsigned(v, min) < 0) {
            throw errorAt(field, at, Rule.NON_CANONICAL,
                    "value " + v + " encoded with marker 0x" + Integer.toHexString(first));
        }
        return v;
    }

    /**
     * Reads a CompactSize element count and bounds it before the caller allocates: the count must
     * be at most {@code cap} and {@code count * minElementBytes} must not exceed the bytes left.
     *
     * @param field           the field name for errors
     * @param cap             the largest count allowed (a protocol limit)
     * @param minElementBytes the fewest bytes one element can take on the wire (at least 1)
     * @return the count, safe to size an array with
     * @throws WireException if truncated, non-canonical, over the cap or more than the bytes left can hold
     */
    public int readCount(String field, int cap, int minElementBytes) throws WireException {
        int at = position();
        long n = readCompactSize(field);
        if (n > cap) {
            throw errorAt(field, at, Rule.OVER_CAP, "count " + n + " > cap " + cap);
        }
        if (n * minElementBytes > remaining()) {
            throw errorAt(field, at, Rule.TRUNCATED, "count " + n + " needs at least " + n * minElementBytes
                    + " bytes, " + remaining() + " left");
        }
        return (int) n;
    }

    /**
     * Reads {@code n} bytes as a view of the payload (no copy).
     *
     * @param n     the number of bytes, at least 0
     * @param field the field name for errors
     * @return the bytes
     * @throws WireException if fewer than {@code n} bytes are left
     */
    public ByteString readBytes(int n, String field) throws WireException {
        require(n, field);
        ByteString b = n == 0 ? ByteString.EMPTY : ByteString.wrap(buf, pos, n);
        pos += n;
        return b;
    }

    /**
     * Reads a CompactSize length and that many bytes (a view, no copy).
     *
     * @param field  the field name for errors
     * @param maxLen the largest length allowed
     * @return the bytes
     * @throws WireException if the length is over {@code maxLen} or the bytes are truncated
     */
    public ByteString readVarBytes(String field, int maxLen) throws WireException {
        int at = position();
        long n = readCompactSize(field);
        if (n > maxLen) {
            throw errorAt(field, at, Rule.OVER_CAP, "length " + n + " > cap " + maxLen);
        }
        return readBytes((int) n, field);
    }

    /**
     * Reads a CompactSize-prefixed string; bytes map one-to-one to chars (ISO-8859-1) so that
     * any byte sequence round-trips exactly.
     *
     * @param field  the field name for errors
     * @param maxLen the largest length in bytes
     * @return the string
     * @throws WireException if over {@code maxLen} or truncated
     */
    public String readVarString(String field, int maxLen) throws WireException {
        return readVarBytes(field, maxLen).toLatin1String();
    }

    /**
     * Reads a 32-byte hash in internal (wire) order.
     *
     * @param field the field name for errors
     * @return the hash
     * @throws WireException if fewer than 32 bytes are left
     */
    public Hash256 readHash(String field) throws WireException {
        require(Hash256.LENGTH, field);
        Hash256 h = Hash256.fromInternalBytes(buf, pos);
        pos += Hash256.LENGTH;
        return h;
    }

    /**
     * Skips {@code n} bytes.
     *
     * @param n     the number of bytes
     * @param field the field name for errors
     * @throws WireException if fewer than {@code n} bytes are left
     */
    public void skip(int n, String field) throws WireException {
        require(n, field);
        pos += n;
    }

    /**
     * A view of the bytes between two earlier positions (from {@link #position()}), for hashing
     * a structure where it lies in the payload instead of re-serializing it.
     *
     * @param from the start position
     * @param to   the end position (exclusive), at most the current position
     * @return a view of those bytes
     */
    public ByteString sliceOf(int from, int to) {
        if (from < 0 || from > to || to > position()) {
            throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + position() + " read bytes");
        }
        return ByteString.wrap(buf, start + from, to - from);
    }

    /**
     * Checks that every byte was consumed.
     *
     * @throws WireException with rule {@link Rule#TRAILING_BYTES} if bytes are left
     */
    public void expectEnd() throws WireException {
        if (pos != limit) {
            throw error("end of payload", Rule.TRAILING_BYTES, (limit - pos) + " bytes after the last field");
        }
    }
}
