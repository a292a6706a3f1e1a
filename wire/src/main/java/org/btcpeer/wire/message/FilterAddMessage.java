package org.btcpeer.wire.message;

import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * filteradd (BIP-37): adds one data element to the connection's bloom filter.
 *
 * <pre>[CompactSize len][len element bytes]</pre>
 *
 * @param element the element, at most {@link #MAX_ELEMENT_SIZE} bytes
 */
public record FilterAddMessage(ByteString element) implements KnownMessage {

    /** Core's {@code MAX_SCRIPT_ELEMENT_SIZE}: a larger element is misbehaviour. */
    public static final int MAX_ELEMENT_SIZE = 520;

    /**
     * Validates the cap.
     *
     * @param element at most 520 bytes
     */
    public FilterAddMessage {
        Objects.requireNonNull(element, "element");
        if (element.size() > MAX_ELEMENT_SIZE) {
            throw new IllegalArgumentException("element larger than " + MAX_ELEMENT_SIZE + ": " + element.size());
        }
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed or over the cap
     */
    public static FilterAddMessage decode(WireReader r) throws WireException {
        return new FilterAddMessage(r.readVarBytes("element", MAX_ELEMENT_SIZE));
    }

    @Override
    public Command command() {
        return Command.FILTERADD;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeVarBytes(element);
    }
}
