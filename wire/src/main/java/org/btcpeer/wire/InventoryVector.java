package org.btcpeer.wire;

/**
 * One entry of inv, getdata and notfound: an object type and its hash. Unknown types are kept as
 * they came (Core ignores them; a proxy forwards them).
 *
 * <pre>[4 type LE][32 hash]</pre>
 *
 * @param type the type code ({@link #MSG_TX}, {@link #MSG_BLOCK}, ...), an unsigned 32-bit value held in an int
 * @param hash the object's hash (txid, wtxid or block hash)
 */
public record InventoryVector(int type, Hash256 hash) {

    /** Size of one entry on the wire. */
    public static final int SIZE = 36;

    /** {@code MSG_ERROR} / undefined (0). */
    public static final int ERROR = 0;
    /** {@code MSG_TX} (1): a transaction by txid. */
    public static final int MSG_TX = 1;
    /** {@code MSG_BLOCK} (2): a block. */
    public static final int MSG_BLOCK = 2;
    /** {@code MSG_FILTERED_BLOCK} (3, BIP-37): a merkleblock; getdata only. */
    public static final int MSG_FILTERED_BLOCK = 3;
    /** {@code MSG_CMPCT_BLOCK} (4, BIP-152): a compact block; getdata only. */
    public static final int MSG_CMPCT_BLOCK = 4;
    /** {@code MSG_WTX} (5, BIP-339): a transaction by wtxid. */
    public static final int MSG_WTX = 5;
    /** {@code MSG_WITNESS_FLAG} (1 &lt;&lt; 30, BIP-144): set on getdata types to ask for witness data. */
    public static final int MSG_WITNESS_FLAG = 1 << 30;
    /** {@code MSG_WITNESS_TX}: a transaction with witness; getdata only. */
    public static final int MSG_WITNESS_TX = MSG_TX | MSG_WITNESS_FLAG;
    /** {@code MSG_WITNESS_BLOCK}: a block with witness; getdata only. */
    public static final int MSG_WITNESS_BLOCK = MSG_BLOCK | MSG_WITNESS_FLAG;
    /** {@code MSG_FILTERED_WITNESS_BLOCK}: a merkleblock with witness (unused by Core). */
    public static final int MSG_FILTERED_WITNESS_BLOCK = MSG_FILTERED_BLOCK | MSG_WITNESS_FLAG;

    /**
     * A transaction announcement by txid.
     *
     * @param txid the txid
     * @return the vector
     */
    public static InventoryVector tx(Hash256 txid) {
        return new InventoryVector(MSG_TX, txid);
    }

    /**
     * A transaction announcement by wtxid (BIP-339).
     *
     * @param wtxid the wtxid
     * @return the vector
     */
    public static InventoryVector wtx(Hash256 wtxid) {
        return new InventoryVector(MSG_WTX, wtxid);
    }

    /**
     * A block announcement or request.
     *
     * @param blockHash the block hash
     * @return the vector
     */
    public static InventoryVector block(Hash256 blockHash) {
        return new InventoryVector(MSG_BLOCK, blockHash);
    }

    /** Whether this names a transaction ({@code MSG_TX}, {@code MSG_WTX} or {@code MSG_WITNESS_TX}). */
    public boolean isTransaction() {
        int base = type & ~MSG_WITNESS_FLAG;
        return base == MSG_TX || base == MSG_WTX;
    }

    /** Whether this names a block in any form (full, filtered, compact, with or without witness). */
    public boolean isBlock() {
        int base = type & ~MSG_WITNESS_FLAG;
        return base == MSG_BLOCK || base == MSG_FILTERED_BLOCK || base == MSG_CMPCT_BLOCK;
    }

    /** Core's name for the type ({@code MSG_TX}, {@code MSG_WITNESS_BLOCK}, ...) or {@code UNKNOWN(0x..)}. */
    public String typeName() {
        return switch (type) {
            case ERROR -> "ERROR";
            case MSG_TX -> "MSG_TX";
            case MSG_BLOCK -> "MSG_BLOCK";
            case MSG_FILTERED_BLOCK -> "MSG_FILTERED_BLOCK";
            case MSG_CMPCT_BLOCK -> "MSG_CMPCT_BLOCK";
            case MSG_WTX -> "MSG_WTX";
            case MSG_WITNESS_TX -> "MSG_WITNESS_TX";
            case MSG_WITNESS_BLOCK -> "MSG_WITNESS_BLOCK";
            case MSG_FILTERED_WITNESS_BLOCK -> "MSG_FILTERED_WITNESS_BLOCK";
            default -> "UNKNOWN(0x" + Integer.toHexString(type) + ")";
        };
    }

    /**
     * Reads one vector.
     *
     * @param r the reader
     * @return the vector
     * @throws WireException if truncated
     */
    public static InventoryVector read(WireReader r) throws WireException {
        int type = r.readInt32Le("inv type");
        return new InventoryVector(type, r.readHash("inv hash"));
    }

    /**
     * Writes this vector.
     *
     * @param w the writer
     */
    public void write(WireWriter w) {
        w.writeInt32Le(type).writeHash(hash);
    }

    @Override
    public String toString() {
        return typeName() + ":" + hash;
    }
}
