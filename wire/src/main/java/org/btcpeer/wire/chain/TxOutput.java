package org.btcpeer.wire.chain;

import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.CompactSize;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * A transaction output (Core's {@code CTxOut}): an amount and the script that locks it.
 *
 * <pre>
 *   value         8 bytes, int64 little-endian, satoshis
 *   scriptPubKey  CompactSize length + bytes
 * </pre>
 *
 * <p>The value is kept as read: like Core's deserializer, decoding does not check the money
 * range (that is {@code CheckTransaction}'s job).
 *
 * @param value        the amount in satoshis
 * @param scriptPubKey the locking script (a view of the payload when decoded)
 */
public record TxOutput(long value, ByteString scriptPubKey) {

    /** The fewest bytes an output takes: the value and an empty script. */
    public static final int MIN_SIZE = 8 + 1;

    /**
     * Checks the script is present.
     *
     * @param value        the amount in satoshis
     * @param scriptPubKey the locking script
     */
    public TxOutput {
        Objects.requireNonNull(scriptPubKey, "scriptPubKey");
    }

    /** The number of bytes this output takes. */
    public int serializedSize() {
        return 8 + CompactSize.encodedSize(scriptPubKey.size()) + scriptPubKey.size();
    }

    /**
     * Reads an output.
     *
     * @param r the reader
     * @return the output
     * @throws WireException if truncated or the script length is non-canonical or too large
     */
    public static TxOutput decode(WireReader r) throws WireException {
        long value = r.readInt64Le("value");
        return new TxOutput(value, r.readVarBytes("scriptPubKey", Limits.MAX_BYTES));
    }

    /**
     * Writes this output.
     *
     * @param w the writer
     */
    public void encode(WireWriter w) {
        w.writeInt64Le(value).writeVarBytes(scriptPubKey);
    }
}
