package org.btcpeer.wire.chain;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.CompactSize;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.Sha256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireException.Rule;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * A Bitcoin transaction (Core's {@code CTransaction}), immutable, in the legacy or the BIP-144
 * segwit serialization:
 *
 * <pre>
 *   legacy:  version(4) | inputs | outputs |                        lockTime(4)
 *   segwit:  version(4) | 00 01  | inputs | outputs | witnesses   | lockTime(4)
 *            inputs  = CompactSize count, then each {@link TxInput} without its witness
 *            outputs = CompactSize count, then each {@link TxOutput}
 *            witnesses = one {@link Witness} per input, in input order
 * </pre>
 *
 * <p><b>Hashes are computed once, from the bytes where they lie.</b> A decoded transaction keeps
 * a view of its own serialization in the payload; {@link #txid()} hashes that view (for a segwit
 * transaction: the version, the inputs-and-outputs run and the lock time, fed to one digest, so
 * marker, flag and witnesses are skipped without copying) and {@link #wtxid()} hashes all of it.
 * A transaction built with the constructor serializes itself on first need, once. Both hashes are
 * memoized; nothing is hashed at decode time.
 *
 * <p>Memoization is a benign race, like {@link String#hashCode()}: the cached objects are
 * immutable with final fields, so a thread either sees a complete value or computes it again.
 *
 * <p>Equality is by content: version, inputs (with witnesses), outputs and lock time.
 */
public final class Transaction {

    /** The fewest bytes a transaction takes: version, two zero counts, lock time. */
    public static final int MIN_SIZE = 4 + 1 + 1 + 4;

    /** BIP-141 {@code WITNESS_SCALE_FACTOR}: non-witness bytes weigh 4, witness bytes 1. */
    public static final int WITNESS_SCALE_FACTOR = 4;

    private static final TxInput[] NO_INPUTS = new TxInput[0];
    private static final TxOutput[] NO_OUTPUTS = new TxOutput[0];

    private final int version;
    private final List<TxInput> inputs;
    private final List<TxOutput> outputs;
    private final long lockTime;
    private final boolean hasWitness;

    // Lazily set (or set by decode); racy but safe, see the class comment.
    private Encoding encoding;
    private Hash256 txid;
    private Hash256 wtxid;

    /**
     * The serialization and, for a segwit one, where the witnesses start.
     *
     * @param bytes        the full serialization (with witnesses iff the transaction has any)
     * @param witnessStart the offset of the first witness in {@code bytes}, or -1 without witness
     */
    private record Encoding(ByteString bytes, int witnessStart) {
    }

    /**
     * Builds a transaction. It is serialized (once) when first encoded, hashed or measured; with
     * the segwit serialization if any input has a non-empty witness.
     *
     * <p>As in Core, a transaction with no inputs but some outputs cannot round-trip through the
     * legacy serialization: a decoder reads its output count as the segwit flag.
     *
     * @param version  the version field (the 32 bits as stored; Core reads them as {@code uint32_t})
     * @param inputs   the inputs, copied into an immutable list
     * @param outputs  the outputs, copied into an immutable list
     * @param lockTime the lock time, an unsigned 32-bit value
     */
    public Transaction(int version, List<TxInput> inputs, List<TxOutput> outputs, long lockTime) {
        this.version = version;
        this.inputs = FixedList.copyOf(inputs, "inputs");
        this.outputs = FixedList.copyOf(outputs, "outputs");
        if ((lockTime >>> 32) != 0) {
            throw new IllegalArgumentException("lock time is a uint32: " + lockTime);
        }
        this.lockTime = lockTime;
        boolean witness = false;
        for (TxInput in : this.inputs) {
            if (!in.witness().isEmpty()) {
                witness = true;
                break;
            }
        }
        this.hasWitness = witness;
    }

    private Transaction(int version, List<TxInput> inputs, List<TxOutput> outputs, long lockTime,
                        boolean hasWitness, Encoding encoding) {
        this.version = version;
        this.inputs = inputs;
        this.outputs = outputs;
        this.lockTime = lockTime;
        this.hasWitness = hasWitness;
        this.encoding = encoding;
    }

    /**
     * Reads a CompactSize count and that many transactions (a block's or a {@code blocktxn}'s list).
     *
     * @param r the reader
     * @return the transactions, views of the reader's bytes
     * @throws WireException if the count is too large for the bytes left or a transaction is malformed
     */
    static List<Transaction> decodeList(WireReader r) throws WireException {
        int n = r.readCount("tx count", Limits.maxCount(MIN_SIZE), MIN_SIZE);
        Transaction[] txs = new Transaction[n];
        for (int i = 0; i < n; i++) {
            txs[i] = decode(r);
        }
        return FixedList.wrap(txs);
    }

    /**
     * Writes a CompactSize count and every transaction in its full serialization.
     *
     * @param w the writer
     * @param txs the transactions
     */
    static void encodeList(WireWriter w, List<Transaction> txs) {
        w.writeCompactSize(txs.size());
        for (Transaction tx : txs) {
            tx.encode(w);
        }
    }

    /**
     * Reads one transaction the way Core's {@code UnserializeTransaction} does (with witness
     * allowed). A zero input count is followed by a flag byte: {@code 00} means a transaction with
     * no inputs and no outputs, {@code 01} means the segwit serialization follows, any other value
     * is an error (Core: "Unknown transaction optional data"). So, as in Core, a legacy
     * transaction with zero inputs and some outputs is read as the extended format. A segwit
     * serialization whose witnesses are all empty is an error (Core: "Superfluous witness record").
     *
     * <p>The scripts and witness items are views of the reader's payload; nothing is hashed.
     *
     * @param r the reader, positioned at the transaction
     * @return the transaction
     * @throws WireException if the bytes are not a transaction
     */
    public static Transaction decode(WireReader r) throws WireException {
        int start = r.position();
        int version = r.readInt32Le("version");
        TxInput[] inputs = readInputs(r);
        TxOutput[] outputs;
        boolean segwit = false;
        if (inputs.length == 0) {
            int flagAt = r.position();
            int flag = r.readUInt8("segwit flag");
            if (flag == 0) {
                outputs = NO_OUTPUTS; // Core: "We read a dummy or an empty vin" and flags 0: no vout
            } else if (flag == 1) {
                segwit = true;
                inputs = readInputs(r);
                outputs = readOutputs(r);
            } else {
                throw r.errorAt("segwit flag", flagAt, Rule.BAD_VALUE, "flag 0x" + Integer.toHexString(flag)
                        + " after the 00 marker; only 01 is defined (Core: Unknown transaction optional data)");
            }
        } else {
            outputs = readOutputs(r);
        }
        int witnessStart = -1;
        if (segwit) {
            int witnessAt = r.position();
            witnessStart = witnessAt - start;
            boolean any = false;
            for (int i = 0; i < inputs.length; i++) {
                Witness w = Witness.decode(r);
                if (!w.isEmpty()) {
                    any = true;
                    inputs[i] = inputs[i].withWitness(w);
                }
            }
            if (!any) {
                throw r.errorAt("witness", witnessAt, Rule.BAD_VALUE,
                        "segwit serialization with every witness stack empty (Core: Superfluous witness record)");
            }
        }
        long lockTime = r.readUInt32Le("lock time");
        ByteString bytes = r.sliceOf(start, r.position());
        return new Transaction(version, FixedList.wrap(inputs), FixedList.wrap(outputs), lockTime, segwit,
                new Encoding(bytes, witnessStart));
    }

    /**
     * Decodes a standalone transaction held in a whole buffer: every byte must belong to it
     * ({@code TRAILING_BYTES} otherwise). A received {@code tx} message is decoded by
     * {@link org.btcpeer.wire.message.Command#decodePayload}, which ignores bytes after the transaction.
     *
     * @param bytes the serialization; it must not be modified afterwards (the transaction keeps views of it)
     * @return the transaction
     * @throws WireException if the bytes are not exactly one transaction
     */
    public static Transaction decode(ByteString bytes) throws WireException {
        WireReader r = WireReader.of(bytes, "tx");
        Transaction tx = decode(r);
        r.expectEnd();
        return tx;
    }

    private static TxInput[] readInputs(WireReader r) throws WireException {
        int n = r.readCount("input count", Limits.maxCount(TxInput.MIN_SIZE), TxInput.MIN_SIZE);
        if (n == 0) {
            return NO_INPUTS;
        }
        TxInput[] inputs = new TxInput[n];
        for (int i = 0; i < n; i++) {
            inputs[i] = TxInput.decodeWithoutWitness(r);
        }
        return inputs;
    }

    private static TxOutput[] readOutputs(WireReader r) throws WireException {
        int n = r.readCount("output count", Limits.maxCount(TxOutput.MIN_SIZE), TxOutput.MIN_SIZE);
        if (n == 0) {
            return NO_OUTPUTS;
        }
        TxOutput[] outputs = new TxOutput[n];
        for (int i = 0; i < n; i++) {
            outputs[i] = TxOutput.decode(r);
        }
        return outputs;
    }

    /** The version field (the 32 bits as stored; Core reads them as {@code uint32_t} since v28). */
    public int version() {
        return version;
    }

    /** The inputs, immutable. */
    public List<TxInput> inputs() {
        return inputs;
    }

    /** The outputs, immutable. */
    public List<TxOutput> outputs() {
        return outputs;
    }

    /** The lock time, an unsigned 32-bit value (a height below 500,000,000, else a Unix time). */
    public long lockTime() {
        return lockTime;
    }

    /** Whether any input has a non-empty witness, which is when the segwit serialization is used (Core's {@code HasWitness}). */
    public boolean hasWitness() {
        return hasWitness;
    }

    /** Whether this is a coinbase: exactly one input, spending the null outpoint (Core's {@code IsCoinBase}). */
    public boolean isCoinbase() {
        return inputs.size() == 1 && inputs.get(0).prevout().isNull();
    }

    /**
     * The transaction id: double SHA-256 of the serialization without witness, computed once.
     * For a decoded transaction the bytes are hashed where they lie in the payload.
     *
     * @return the txid
     */
    public Hash256 txid() {
        Hash256 h = txid;
        if (h == null) {
            Encoding e = encoding();
            if (e.witnessStart < 0) {
                h = Hash256.doubleSha256(e.bytes);
            } else {
                // version | inputs..outputs | lockTime: skip marker, flag and witnesses without copying.
                ByteString b = e.bytes;
                MessageDigest sha = Sha256.newDigest();
                b.slice(0, 4).updateDigest(sha);
                b.slice(6, e.witnessStart).updateDigest(sha);
                b.slice(b.size() - 4, b.size()).updateDigest(sha);
                h = Hash256.finishDouble(sha);
            }
            txid = h;
        }
        return h;
    }

    /**
     * The witness transaction id (BIP-141): double SHA-256 of the full serialization, computed
     * once; the same as {@link #txid()} (and not hashed twice) for a transaction without witness.
     *
     * @return the wtxid
     */
    public Hash256 wtxid() {
        if (!hasWitness) {
            return txid();
        }
        Hash256 h = wtxid;
        if (h == null) {
            h = Hash256.doubleSha256(encoding().bytes);
            wtxid = h;
        }
        return h;
    }

    /** The size of the full serialization in bytes (with witnesses if it has any). */
    public int serializedSize() {
        return encoding().bytes.size();
    }

    /** The size without witness data in bytes (BIP-141 "base size"; Core's {@code TX_NO_WITNESS} size). */
    public int strippedSize() {
        Encoding e = encoding();
        // segwit: version(4) + inputs..outputs (witnessStart - 6) + lockTime(4)
        return e.witnessStart < 0 ? e.bytes.size() : e.witnessStart + 2;
    }

    /** The BIP-141 weight: base size times 3 plus total size (Core's {@code GetTransactionWeight}). */
    public int weight() {
        return strippedSize() * (WITNESS_SCALE_FACTOR - 1) + serializedSize();
    }

    /** The BIP-141 virtual size: weight divided by 4, rounded up (without Core's sigop adjustment). */
    public int vsize() {
        return (weight() + WITNESS_SCALE_FACTOR - 1) / WITNESS_SCALE_FACTOR;
    }

    /**
     * The full serialization (with witnesses if it has any): for a decoded transaction a view of
     * the bytes it was decoded from.
     *
     * @return the bytes
     */
    public ByteString serialization() {
        return encoding().bytes;
    }

    /**
     * The serialization without witnesses (what the txid hashes). It is {@link #serialization()}
     * itself for a transaction without witness, else a new array built from slices of it.
     *
     * @return the bytes
     */
    public ByteString strippedSerialization() {
        if (!hasWitness) {
            return serialization();
        }
        WireWriter w = new WireWriter(strippedSize());
        encodeWithoutWitness(w);
        return w.toByteString();
    }

    /**
     * Writes the full serialization: the segwit format iff the transaction has a witness.
     *
     * @param w the writer
     */
    public void encode(WireWriter w) {
        w.writeBytes(encoding().bytes);
    }

    /**
     * Writes the serialization without witnesses (legacy format), for peers that did not ask for
     * witness data; copied from slices of the full serialization, never re-serialized field by field.
     *
     * @param w the writer
     */
    public void encodeWithoutWitness(WireWriter w) {
        Encoding e = encoding();
        ByteString b = e.bytes;
        if (e.witnessStart < 0) {
            w.writeBytes(b);
        } else {
            w.writeBytes(b.slice(0, 4)).writeBytes(b.slice(6, e.witnessStart)).writeBytes(b.slice(b.size() - 4, b.size()));
        }
    }

    private Encoding encoding() {
        Encoding e = encoding;
        if (e == null) {
            e = serialize();
            encoding = e;
        }
        return e;
    }

    private Encoding serialize() {
        int size = 4 + CompactSize.encodedSize(inputs.size()) + CompactSize.encodedSize(outputs.size()) + 4;
        for (TxInput in : inputs) {
            size += in.sizeWithoutWitness();
        }
        for (TxOutput out : outputs) {
            size += out.serializedSize();
        }
        if (hasWitness) {
            size += 2;
            for (TxInput in : inputs) {
                size += in.witness().serializedSize();
            }
        }
        WireWriter w = new WireWriter(size);
        w.writeInt32Le(version);
        if (hasWitness) {
            w.writeUInt8(0).writeUInt8(1);
        }
        w.writeCompactSize(inputs.size());
        for (TxInput in : inputs) {
            in.encodeWithoutWitness(w);
        }
        w.writeCompactSize(outputs.size());
        for (TxOutput out : outputs) {
            out.encode(w);
        }
        int witnessStart = -1;
        if (hasWitness) {
            witnessStart = w.size();
            for (TxInput in : inputs) {
                in.witness().encode(w);
            }
        }
        w.writeUInt32Le(lockTime);
        return new Encoding(w.toByteString(), witnessStart);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction t
                && t.version == version
                && t.lockTime == lockTime
                && t.inputs.equals(inputs)
                && t.outputs.equals(outputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, lockTime, inputs, outputs);
    }

    /** The txid, sizes and counts (computes the txid if needed). */
    @Override
    public String toString() {
        return "Transaction[txid=" + txid() + ", version=" + version + ", inputs=" + inputs.size()
                + ", outputs=" + outputs.size() + ", lockTime=" + lockTime + ", size=" + serializedSize()
                + (hasWitness ? ", witness" : "") + "]";
    }
}
