package org.btcpeer.chain.filter;

import java.io.ByteArrayOutputStream;

/**
 * Writes bits most-significant first into bytes, as Core's {@code BitStreamWriter}: the last
 * byte is padded with zero bits when the stream is flushed.
 */
final class BitStreamWriter {

    private final ByteArrayOutputStream out;
    private int buffer;
    private int bitsInBuffer;

    BitStreamWriter(ByteArrayOutputStream out) {
        this.out = out;
    }

    /**
     * Writes the {@code nbits} low bits of {@code data}, most significant first.
     *
     * @param data  the bits, right-aligned
     * @param nbits 0..64
     */
    void write(long data, int nbits) {
        int remaining = nbits;
        while (remaining > 0) {
            int take = Math.min(8 - bitsInBuffer, remaining);
            int shift = remaining - take;
            int chunk = (int) ((data >>> shift) & ((1L << take) - 1));
            buffer = (buffer << take) | chunk;
            bitsInBuffer += take;
            remaining -= take;
            if (bitsInBuffer == 8) {
                out.write(buffer);
                buffer = 0;
                bitsInBuffer = 0;
            }
        }
    }

    /** Writes the partial last byte, padded with zero bits, if there is one. */
    void flush() {
        if (bitsInBuffer > 0) {
            out.write(buffer << (8 - bitsInBuffer));
            buffer = 0;
            bitsInBuffer = 0;
        }
    }
}
