package org.btcpeer.wire.chain;

import java.util.List;

import org.btcpeer.wire.ByteString;

/**
 * Rebuilds decoded objects from their fields through the public constructors, so that a round
 * trip compares a real serialization with the input. A decoded {@link Transaction} or
 * {@link BlockHeader} re-emits the bytes it was decoded from; comparing that with the input proves
 * nothing about the encoder. Every field is copied: a constructed object has no kept bytes.
 */
public final class RebuiltFromFields {

    private RebuiltFromFields() {
    }

    /**
     * The transaction built anew from its version, inputs, outputs and lock time.
     *
     * @param tx a (decoded) transaction
     * @return a transaction that serializes itself field by field
     */
    public static Transaction transaction(Transaction tx) {
        List<TxInput> inputs = tx.inputs().stream()
                .map(in -> new TxInput(new OutPoint(in.prevout().txid(), in.prevout().index()), in.scriptSig(),
                        in.sequence(), new Witness(List.copyOf(in.witness().stack()))))
                .toList();
        List<TxOutput> outputs = tx.outputs().stream().map(out -> new TxOutput(out.value(), out.scriptPubKey())).toList();
        return new Transaction(tx.version(), inputs, outputs, tx.lockTime());
    }

    /**
     * The header built anew from its six fields.
     *
     * @param h a (decoded) header
     * @return a header that serializes itself field by field
     */
    public static BlockHeader header(BlockHeader h) {
        return new BlockHeader(h.version(), h.prevBlock(), h.merkleRoot(), h.time(), h.bits(), h.nonce());
    }

    /**
     * The block built anew from a rebuilt header and rebuilt transactions.
     *
     * @param b a (decoded) block
     * @return a block whose every part serializes itself field by field
     */
    public static Block block(Block b) {
        return new Block(header(b.header()), b.transactions().stream().map(RebuiltFromFields::transaction).toList());
    }

    /**
     * The serialization of {@link #transaction(Transaction)}.
     *
     * @param tx a (decoded) transaction
     * @return the bytes written from its fields
     */
    public static ByteString serialization(Transaction tx) {
        return transaction(tx).serialization();
    }
}
