package org.btcpeer.node.serve;

import java.util.ArrayList;
import java.util.List;

import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.Witness;

/**
 * Blocks and transactions as a peer that did not ask for witnesses must see them (BIP-144:
 * {@code MSG_BLOCK} and {@code MSG_TX} get the serialization without marker, flag and witnesses).
 */
public final class WitnessStripping {

    private WitnessStripping() {
    }

    /**
     * The block with every transaction stripped; the same object if none has a witness.
     *
     * @param block a block
     * @return the block without witness data
     */
    public static Block withoutWitness(Block block) {
        if (block.transactions().stream().noneMatch(Transaction::hasWitness)) {
            return block;
        }
        List<Transaction> stripped = new ArrayList<>(block.transactions().size());
        for (Transaction tx : block.transactions()) {
            stripped.add(withoutWitness(tx));
        }
        return new Block(block.header(), stripped);
    }

    /**
     * The transaction without witness data; the same object if it has none.
     *
     * @param tx a transaction
     * @return the stripped transaction
     */
    public static Transaction withoutWitness(Transaction tx) {
        if (!tx.hasWitness()) {
            return tx;
        }
        return new Transaction(tx.version(), tx.inputs().stream().map(in -> in.withWitness(Witness.EMPTY)).toList(),
                tx.outputs(), tx.lockTime());
    }
}
