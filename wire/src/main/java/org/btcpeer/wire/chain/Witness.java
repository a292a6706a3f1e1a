package org.btcpeer.wire.chain;

import java.util.List;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.CompactSize;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * The witness stack of one transaction input (BIP-141; Core's {@code CScriptWitness}): a list of
 * byte strings, serialized as a CompactSize count followed by CompactSize-prefixed items. Decoded
 * items are views of the payload (no copy).
 *
 * @param stack the items, bottom of the stack first; immutable
 */
public record Witness(List<ByteString> stack) {

    /** The empty witness of every non-segwit input (serialized as the single byte {@code 00}). */
    public static final Witness EMPTY = new Witness(List.of());

    /**
     * Copies the stack into an immutable list.
     *
     * @param stack the items, none null
     */
    public Witness {
        stack = FixedList.copyOf(stack, "witness stack");
    }

    /**
     * A witness of the given items.
     *
     * @param items the items, bottom of the stack first
     * @return the witness
     */
    public static Witness of(ByteString... items) {
        return items.length == 0 ? EMPTY : new Witness(List.of(items));
    }

    /** Whether the stack has no items (BIP-144: such inputs still serialize a {@code 00} count). */
    public boolean isEmpty() {
        return stack.isEmpty();
    }

    /** The number of bytes this witness takes in a segwit serialization. */
    public int serializedSize() {
        int size = CompactSize.encodedSize(stack.size());
        for (ByteString item : stack) {
            size += CompactSize.encodedSize(item.size()) + item.size();
        }
        return size;
    }

    /**
     * Reads a witness stack. The count is bounded by the bytes left (each item takes at least its
     * one-byte length) before anything is allocated.
     *
     * @param r the reader
     * @return the witness, {@link #EMPTY} for a zero count
     * @throws WireException if truncated, non-canonical or over a cap
     */
    public static Witness decode(WireReader r) throws WireException {
        int n = r.readCount("witness item count", Limits.maxCount(1), 1);
        if (n == 0) {
            return EMPTY;
        }
        ByteString[] items = new ByteString[n];
        for (int i = 0; i < n; i++) {
            items[i] = r.readVarBytes("witness item", Limits.MAX_BYTES);
        }
        return new Witness(FixedList.wrap(items));
    }

    /**
     * Writes this witness stack.
     *
     * @param w the writer
     */
    public void encode(WireWriter w) {
        w.writeCompactSize(stack.size());
        for (ByteString item : stack) {
            w.writeVarBytes(item);
        }
    }
}
