package org.btcpeer.wire.message;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireWriter;

/**
 * A Bitcoin P2P message: either one of the known message types ({@link KnownMessage}, each a
 * record with its codec) or a {@link RawMessage} holding an unknown command's payload unparsed.
 *
 * <p>Messages are immutable and safe to share between threads. Dispatch with an exhaustive
 * pattern-matching {@code switch}; the compiler checks that every type is handled.
 */
public sealed interface Message permits KnownMessage, RawMessage {

    /** The command name as it appears in a v1 header ({@code "version"}, {@code "inv"}, ...). */
    String commandName();

    /**
     * Writes the payload (everything after the transport header) to {@code w}.
     *
     * @param w the writer
     */
    void encodePayload(WireWriter w);

    /**
     * A guess of the payload size, used to size buffers so that encoding a block does not regrow
     * and copy its buffer; exact for blocks, transactions, raw messages, inventory lists, headers
     * and addr.
     *
     * @return the expected payload size in bytes
     */
    default int encodedSizeHint() {
        return 64;
    }

    /** The encoded payload. */
    default ByteString payload() {
        WireWriter w = new WireWriter(encodedSizeHint());
        encodePayload(w);
        return w.toByteString();
    }
}
