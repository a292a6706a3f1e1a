package org.btcpeer.wire.message;

import java.util.List;

import org.btcpeer.wire.CompactSize;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * The codec shared by inv, getdata and notfound: a CompactSize count and that many 36-byte
 * inventory vectors, at most {@link #MAX_ENTRIES}.
 *
 * <pre>[CompactSize count][count × (4 type LE, 32 hash)]</pre>
 */
final class InventoryMessages {

    /** Core's {@code MAX_INV_SZ}: more entries in one inv/getdata/notfound is misbehaviour. */
    static final int MAX_ENTRIES = 50_000;

    /** The largest payload: a 3-byte count and 50,000 entries. */
    static final int MAX_PAYLOAD = 3 + MAX_ENTRIES * InventoryVector.SIZE;

    private InventoryMessages() {
    }

    static List<InventoryVector> read(WireReader r) throws WireException {
        int n = r.readCount("count", MAX_ENTRIES, InventoryVector.SIZE);
        InventoryVector[] items = new InventoryVector[n];
        for (int i = 0; i < n; i++) {
            items[i] = InventoryVector.read(r);
        }
        return List.of(items);
    }

    static int encodedSize(List<InventoryVector> items) {
        return CompactSize.encodedSize(items.size()) + items.size() * InventoryVector.SIZE;
    }

    static void write(WireWriter w, List<InventoryVector> items) {
        w.writeCompactSize(items.size());
        for (InventoryVector v : items) {
            v.write(w);
        }
    }

    static List<InventoryVector> checked(List<InventoryVector> items, String command) {
        List<InventoryVector> copy = List.copyOf(items);
        if (copy.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(command + " holds at most " + MAX_ENTRIES + " entries, got " + copy.size());
        }
        return copy;
    }
}
