package org.btcpeer.wire.chain;

import org.btcpeer.wire.CompactSize;

/** The size limits shared by the decoders of this package, with the Core constants they follow. */
final class Limits {

    /**
     * Core's {@code MAX_PROTOCOL_MESSAGE_LENGTH} (net.h): no payload is larger, so no structure
     * inside one can hold more elements than this many bytes divided by its element's minimum size.
     */
    static final int MAX_PROTOCOL_MESSAGE_LENGTH = 4_000_000;

    /** Core's {@code MAX_SIZE} as an int: the cap of a byte string's CompactSize length (scripts, witness items). */
    static final int MAX_BYTES = (int) CompactSize.MAX_SIZE;

    /** The largest BIP-152 transaction index: Core stores them as {@code uint16_t}. */
    static final int MAX_BLOCK_TX_INDEX = 0xffff;

    private Limits() {
    }

    /** The most elements of {@code minElementBytes} bytes each that one payload can hold. */
    static int maxCount(int minElementBytes) {
        return MAX_PROTOCOL_MESSAGE_LENGTH / minElementBytes;
    }
}
