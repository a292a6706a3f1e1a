package org.btcpeer.wire.chain;

import java.util.Objects;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * A reference to one output of an earlier transaction (Core's {@code COutPoint}): the txid and
 * the output's position in it.
 *
 * <pre>
 *   txid   32 bytes, internal order
 *   index   4 bytes, uint32 little-endian
 * </pre>
 *
 * @param txid  the transaction holding the output
 * @param index the output's position, an unsigned 32-bit value (0 to 2^32-1)
 */
public record OutPoint(Hash256 txid, long index) {

    /** The encoded size in bytes. */
    public static final int SIZE = 36;

    /** The index of the null outpoint (Core's {@code COutPoint::NULL_INDEX}), 0xffffffff. */
    public static final long NULL_INDEX = 0xffff_ffffL;

    /** The outpoint a coinbase input spends: zero txid and index 0xffffffff ({@code COutPoint::IsNull}). */
    public static final OutPoint NULL = new OutPoint(Hash256.ZERO, NULL_INDEX);

    /**
     * Checks the fields.
     *
     * @param txid  the transaction holding the output
     * @param index the output's position, 0 to 2^32-1
     */
    public OutPoint {
        Objects.requireNonNull(txid, "txid");
        if ((index >>> 32) != 0) {
            throw new IllegalArgumentException("outpoint index is a uint32: " + index);
        }
    }

    /** Whether this is the null outpoint of a coinbase input (Core's {@code COutPoint::IsNull}). */
    public boolean isNull() {
        return index == NULL_INDEX && txid.isZero();
    }

    /**
     * Reads an outpoint.
     *
     * @param r the reader
     * @return the outpoint
     * @throws WireException if fewer than 36 bytes are left
     */
    public static OutPoint decode(WireReader r) throws WireException {
        return new OutPoint(r.readHash("prevout txid"), r.readUInt32Le("prevout index"));
    }

    /**
     * Writes the 36 bytes of this outpoint.
     *
     * @param w the writer
     */
    public void encode(WireWriter w) {
        w.writeHash(txid).writeUInt32Le(index);
    }

    /** {@code txid:index}, the form Core's RPC uses. */
    @Override
    public String toString() {
        return txid + ":" + index;
    }
}
