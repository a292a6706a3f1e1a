package org.btcpeer.wire;

/**
 * Bitcoin's variable-length integer ("CompactSize"): one byte below 0xfd, else a marker byte
 * (0xfd, 0xfe, 0xff) followed by a 2, 4 or 8-byte little-endian value.
 *
 * <p>Decoding follows Bitcoin Core's {@code ReadCompactSize(range_check=true)}: an encoding that
 * uses more bytes than its value needs is rejected, and so is a value above {@link #MAX_SIZE}.
 * The reading itself lives in {@link WireReader#readCompactSize(String)}; this class holds the
 * constants and the size arithmetic shared by readers, writers and size calculations.
 */
public final class CompactSize {

    /** Core's {@code MAX_SIZE}: the largest CompactSize value accepted, 0x02000000 (33,554,432). */
    public static final long MAX_SIZE = 0x02000000L;

    private CompactSize() {
    }

    /**
     * The number of bytes the canonical encoding of {@code value} takes: 1, 3, 5 or 9.
     *
     * @param value an unsigned value (negative longs are treated as the upper half of the range)
     * @return the encoded size in bytes
     */
    public static int encodedSize(long value) {
        if (value >= 0 && value < 0xfd) {
            return 1;
        }
        if (value >= 0 && value <= 0xffff) {
            return 3;
        }
        if (value >= 0 && value <= 0xffffffffL) {
            return 5;
        }
        return 9;
    }
}
