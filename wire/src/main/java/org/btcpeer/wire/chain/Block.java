package org.btcpeer.wire.chain;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.CompactSize;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.Sha256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * A block (Core's {@code CBlock}): a header and its transactions.
 *
 * <pre>
 *   header        80 bytes ({@link BlockHeader})
 *   tx count      CompactSize
 *   transactions  each a {@link Transaction}, segwit-serialized if it has a witness
 * </pre>
 *
 * <p>Decoding hashes nothing: the header hash, txids and wtxids are computed lazily from the
 * bytes where they lie, the first time they are asked for. The transactions' scripts and witness
 * items are views of the payload, so a decoded block keeps its payload array reachable.
 *
 * @param header       the header
 * @param transactions the transactions, the coinbase first; immutable
 */
public record Block(BlockHeader header, List<Transaction> transactions) {

    /** The witness commitment's script prefix: OP_RETURN, push 36, then {@code aa21a9ed} (BIP-141). */
    private static final byte[] WITNESS_COMMITMENT_HEADER = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};

    /** Core's {@code MINIMUM_WITNESS_COMMITMENT}: the prefix plus the 32-byte commitment. */
    private static final int MINIMUM_WITNESS_COMMITMENT = WITNESS_COMMITMENT_HEADER.length + Hash256.LENGTH;

    /**
     * Checks and copies the fields.
     *
     * @param header       the header
     * @param transactions the transactions, copied into an immutable list
     */
    public Block {
        Objects.requireNonNull(header, "header");
        transactions = FixedList.copyOf(transactions, "transactions");
    }

    /**
     * Reads a block. Allocation is bounded by the bytes present: the transaction count is checked
     * against the bytes left (a transaction takes at least 10) before the list is allocated.
     *
     * @param r the reader
     * @return the block
     * @throws WireException if the bytes are not a block
     */
    public static Block decode(WireReader r) throws WireException {
        BlockHeader header = BlockHeader.decode(r);
        return new Block(header, Transaction.decodeList(r));
    }

    /**
     * Decodes a standalone block held in a whole buffer: every byte must belong to it
     * ({@code TRAILING_BYTES} otherwise). A received {@code block} message is decoded by
     * {@link org.btcpeer.wire.message.Command#decodePayload}, which ignores bytes after the block.
     *
     * @param bytes the serialization; it must not be modified afterwards (the block keeps views of it)
     * @return the block
     * @throws WireException if the bytes are not exactly one block
     */
    public static Block decode(ByteString bytes) throws WireException {
        WireReader r = WireReader.of(bytes, "block");
        Block b = decode(r);
        r.expectEnd();
        return b;
    }

    /**
     * Writes the block: the header, the count and every transaction in its full serialization.
     *
     * @param w the writer
     */
    public void encode(WireWriter w) {
        header.encode(w);
        Transaction.encodeList(w, transactions);
    }

    /**
     * Writes the block without witness data (for peers that did not ask for it).
     *
     * @param w the writer
     */
    public void encodeWithoutWitness(WireWriter w) {
        header.encode(w);
        w.writeCompactSize(transactions.size());
        for (Transaction tx : transactions) {
            tx.encodeWithoutWitness(w);
        }
    }

    /**
     * The full serialization in a new byte string.
     *
     * @return the bytes
     */
    public ByteString serialization() {
        WireWriter w = new WireWriter(serializedSize());
        encode(w);
        return w.toByteString();
    }

    /** The block hash, which is the header's hash (memoized there). */
    public Hash256 hash() {
        return header.hash();
    }

    /** The size of the full serialization in bytes. */
    public int serializedSize() {
        int size = BlockHeader.SIZE + CompactSize.encodedSize(transactions.size());
        for (Transaction tx : transactions) {
            size += tx.serializedSize();
        }
        return size;
    }

    /** The size without witness data in bytes (BIP-141 base size). */
    public int strippedSize() {
        int size = BlockHeader.SIZE + CompactSize.encodedSize(transactions.size());
        for (Transaction tx : transactions) {
            size += tx.strippedSize();
        }
        return size;
    }

    /** The BIP-141 block weight: base size times 3 plus total size (Core's {@code GetBlockWeight}); at most 4,000,000 in a valid block. */
    public int weight() {
        return strippedSize() * (Transaction.WITNESS_SCALE_FACTOR - 1) + serializedSize();
    }

    /**
     * The merkle root of the txids and the CVE-2012-2459 mutation flag (Core's {@code BlockMerkleRoot}).
     * Compare the root with {@code header().merkleRoot()}.
     *
     * @return the root and whether the transaction list is mutated
     */
    public MerkleRoot computeMerkleRoot() {
        Hash256[] leaves = new Hash256[transactions.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = transactions.get(i).txid();
        }
        return MerkleTree.computeRoot(FixedList.wrap(leaves));
    }

    /**
     * The merkle root of the wtxids, with the coinbase's leaf set to zero (BIP-141; Core's
     * {@code BlockWitnessMerkleRoot}).
     *
     * @return the root and the mutation flag (which Core ignores for this tree)
     */
    public MerkleRoot computeWitnessMerkleRoot() {
        Hash256[] leaves = new Hash256[transactions.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = i == 0 ? Hash256.ZERO : transactions.get(i).wtxid();
        }
        return MerkleTree.computeRoot(FixedList.wrap(leaves));
    }

    /**
     * The witness commitment in the coinbase: the last coinbase output whose script is at least
     * 38 bytes and starts with {@code 6a 24 aa 21 a9 ed}; the 32 bytes after that prefix (BIP-141;
     * Core's {@code GetWitnessCommitmentIndex}).
     *
     * @return the commitment, or empty if the block has none (or no transactions)
     */
    public Optional<Hash256> witnessCommitment() {
        if (transactions.isEmpty()) {
            return Optional.empty();
        }
        ByteString found = null;
        for (TxOutput out : transactions.get(0).outputs()) {
            ByteString script = out.scriptPubKey();
            if (script.size() >= MINIMUM_WITNESS_COMMITMENT && startsWithCommitmentHeader(script)) {
                found = script;
            }
        }
        return found == null ? Optional.empty()
                : Optional.of(Hash256.fromInternalBytes(found.slice(WITNESS_COMMITMENT_HEADER.length, MINIMUM_WITNESS_COMMITMENT).toByteArray()));
    }

    private static boolean startsWithCommitmentHeader(ByteString script) {
        for (int i = 0; i < WITNESS_COMMITMENT_HEADER.length; i++) {
            if (script.byteAt(i) != WITNESS_COMMITMENT_HEADER[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The commitment this block's witnesses require: double SHA-256 of the witness merkle root
     * followed by the witness reserved value, which is the coinbase input's only witness item and
     * must be 32 bytes (BIP-141; the check in Core's {@code ContextualCheckBlock}). Compare it
     * with {@link #witnessCommitment()}.
     *
     * @return the expected commitment, or empty if the coinbase witness is not one 32-byte item
     */
    public Optional<Hash256> computeWitnessCommitment() {
        if (transactions.isEmpty() || transactions.get(0).inputs().isEmpty()) {
            return Optional.empty();
        }
        List<ByteString> stack = transactions.get(0).inputs().get(0).witness().stack();
        if (stack.size() != 1 || stack.get(0).size() != Hash256.LENGTH) {
            return Optional.empty();
        }
        MessageDigest sha = Sha256.newDigest();
        computeWitnessMerkleRoot().root().updateDigest(sha);
        stack.get(0).updateDigest(sha);
        return Optional.of(Hash256.finishDouble(sha));
    }

    /** The hash and the transaction count. */
    @Override
    public String toString() {
        return "Block[hash=" + hash() + ", transactions=" + transactions.size() + "]";
    }
}
