package org.btcpeer.wire.chain;

import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.CompactSize;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * A transaction input (Core's {@code CTxIn}): the output it spends, its unlocking script, its
 * sequence number and its witness stack. The witness is serialized apart from the rest of the input
 * (BIP-144), so {@link #encodeWithoutWitness} writes only the first three fields:
 *
 * <pre>
 *   prevout     36 bytes (see {@link OutPoint})
 *   scriptSig   CompactSize length + bytes
 *   sequence     4 bytes, uint32 little-endian
 * </pre>
 *
 * @param prevout   the output being spent
 * @param scriptSig the unlocking script (a view of the payload when decoded)
 * @param sequence  the sequence number, an unsigned 32-bit value
 * @param witness   the witness stack, {@link Witness#EMPTY} for a non-segwit input
 */
public record TxInput(OutPoint prevout, ByteString scriptSig, long sequence, Witness witness) {

    /** The fewest bytes an input takes without its witness: outpoint, empty script, sequence. */
    public static final int MIN_SIZE = OutPoint.SIZE + 1 + 4;

    /** The sequence number that disables relative lock-time and RBF signalling (Core's {@code SEQUENCE_FINAL}). */
    public static final long SEQUENCE_FINAL = 0xffff_ffffL;

    /**
     * Checks the fields.
     *
     * @param prevout   the output being spent
     * @param scriptSig the unlocking script
     * @param sequence  the sequence number, 0 to 2^32-1
     * @param witness   the witness stack
     */
    public TxInput {
        Objects.requireNonNull(prevout, "prevout");
        Objects.requireNonNull(scriptSig, "scriptSig");
        Objects.requireNonNull(witness, "witness");
        if ((sequence >>> 32) != 0) {
            throw new IllegalArgumentException("sequence is a uint32: " + sequence);
        }
    }

    /**
     * An input with an empty witness.
     *
     * @param prevout   the output being spent
     * @param scriptSig the unlocking script
     * @param sequence  the sequence number, 0 to 2^32-1
     */
    public TxInput(OutPoint prevout, ByteString scriptSig, long sequence) {
        this(prevout, scriptSig, sequence, Witness.EMPTY);
    }

    /**
     * This input with another witness stack.
     *
     * @param newWitness the witness
     * @return a new input
     */
    public TxInput withWitness(Witness newWitness) {
        return new TxInput(prevout, scriptSig, sequence, newWitness);
    }

    /** The number of bytes this input takes without its witness. */
    public int sizeWithoutWitness() {
        return OutPoint.SIZE + CompactSize.encodedSize(scriptSig.size()) + scriptSig.size() + 4;
    }

    /**
     * Reads an input's outpoint, script and sequence; the witness, which comes after all outputs
     * in the segwit serialization, is read by {@link Transaction#decode(WireReader)}.
     *
     * @param r the reader
     * @return the input, with an empty witness
     * @throws WireException if truncated or the script length is non-canonical or too large
     */
    public static TxInput decodeWithoutWitness(WireReader r) throws WireException {
        OutPoint prevout = OutPoint.decode(r);
        ByteString scriptSig = r.readVarBytes("scriptSig", Limits.MAX_BYTES);
        return new TxInput(prevout, scriptSig, r.readUInt32Le("sequence"), Witness.EMPTY);
    }

    /**
     * Writes the outpoint, script and sequence (the witness is written by the transaction).
     *
     * @param w the writer
     */
    public void encodeWithoutWitness(WireWriter w) {
        prevout.encode(w);
        w.writeVarBytes(scriptSig).writeUInt32Le(sequence);
    }
}
