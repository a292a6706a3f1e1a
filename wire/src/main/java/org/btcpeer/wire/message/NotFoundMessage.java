package org.btcpeer.wire.message;

import java.util.List;

import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * notfound: the requested objects the sender does not have (at most 50,000).
 *
 * <pre>[CompactSize count][count × (4 type LE, 32 hash)]</pre>
 *
 * @param items the inventory vectors, at most {@link #MAX_ENTRIES}
 */
public record NotFoundMessage(List<InventoryVector> items) implements KnownMessage {

    /** Core's {@code MAX_INV_SZ}. */
    public static final int MAX_ENTRIES = InventoryMessages.MAX_ENTRIES;

    /**
     * Copies and checks the entries.
     *
     * @param items at most {@link #MAX_ENTRIES} vectors
     */
    public NotFoundMessage {
        items = InventoryMessages.checked(items, "notfound");
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed or over the cap
     */
    public static NotFoundMessage decode(WireReader r) throws WireException {
        return new NotFoundMessage(InventoryMessages.read(r));
    }

    @Override
    public Command command() {
        return Command.NOTFOUND;
    }

    @Override
    public int encodedSizeHint() {
        return InventoryMessages.encodedSize(items);
    }

    @Override
    public void encodePayload(WireWriter w) {
        InventoryMessages.write(w, items);
    }
}
