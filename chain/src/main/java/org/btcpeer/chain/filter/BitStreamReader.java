package org.btcpeer.chain.filter;

import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireException.Rule;

/**
 * Reads bits most-significant first from a byte range, as Core's {@code BitStreamReader}.
 * Reading past the last byte is a {@link WireException} ({@link Rule#TRUNCATED}), never an
 * index error: the bytes are untrusted.
 */
final class BitStreamReader {

    private final byte[] bytes;
    private final int limit;
    private final int start;
    private int pos;
    private int buffer;
    private int bitsInBuffer;

    BitStreamReader(byte[] bytes, int offset, int limit) {
        this.bytes = bytes;
        this.start = offset;
        this.pos = offset;
        this.limit = limit;
    }

    /** Bits not yet read, counting the unread part of the current byte. */
    long bitsLeft() {
        return (long) (limit - pos) * 8 + bitsInBuffer;
    }

    /** Whole bytes not yet touched (Core: the stream is not empty after the last element). */
    int bytesLeft() {
        return limit - pos;
    }

    /**
     * Reads {@code nbits} bits as an unsigned value.
     *
     * @param nbits 0..64
     * @return the bits, right-aligned
     * @throws WireException if the bytes end first
     */
    long read(int nbits) throws WireException {
        long data = 0;
        int remaining = nbits;
        while (remaining > 0) {
            if (bitsInBuffer == 0) {
                if (pos == limit) {
                    throw new WireException("gcs", "bits", pos - start, Rule.TRUNCATED,
                            "the Golomb-Rice stream ends inside an element");
                }
                buffer = bytes[pos++] & 0xff;
                bitsInBuffer = 8;
            }
            int take = Math.min(bitsInBuffer, remaining);
            int chunk = (buffer >>> (bitsInBuffer - take)) & ((1 << take) - 1);
            data = (data << take) | chunk;
            bitsInBuffer -= take;
            remaining -= take;
        }
        return data;
    }

    /** The byte offset of the next unread byte from the start of the range (for errors). */
    int offset() {
        return pos - start;
    }
}
