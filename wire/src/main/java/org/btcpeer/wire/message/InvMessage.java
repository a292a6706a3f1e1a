package org.btcpeer.wire.message;

import java.util.List;

import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * inv: announces transactions and blocks the sender has (Core: MAX_INV_SZ 50,000 entries).
 *
 * <pre>[CompactSize count][count × (4 type LE, 32 hash)]</pre>
 *
 * @param items the inventory vectors, at most {@link #MAX_ENTRIES}
 */
public record InvMessage(List<InventoryVector> items) implements KnownMessage {

    /** Core's {@code MAX_INV_SZ}. */
    public static final int MAX_ENTRIES = InventoryMessages.MAX_ENTRIES;

    /**
     * Copies and checks the entries.
     *
     * @param items at most {@link #MAX_ENTRIES} vectors
     */
    public InvMessage {
        items = InventoryMessages.checked(items, "inv");
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed or over the cap
     */
    public static InvMessage decode(WireReader r) throws WireException {
        return new InvMessage(InventoryMessages.read(r));
    }

    @Override
    public Command command() {
        return Command.INV;
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
