package org.btcpeer.node.compact;

import java.util.List;
import java.util.Optional;

import org.btcpeer.node.download.BlockCheck;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.Transaction;

/**
 * Whether a block's transactions are not the ones its header commits to (Core's
 * {@code IsBlockMutated} with the witness root checked, as {@code FillBlock} calls it once segwit
 * is active): the txid merkle root, CVE-2012-2459 duplicates, the BIP-141 witness commitment (or
 * witness data without one) — {@link BlockCheck}'s checks — and 64-byte transactions.
 */
final class BlockMutation {

    /** Core's 64-byte transaction rule: a stripped transaction of this size could pose as an inner merkle node. */
    private static final int AMBIGUOUS_TX_SIZE = 64;

    private BlockMutation() {
    }

    /**
     * Checks a reconstructed block.
     *
     * @param block the block
     * @return what is wrong, or empty if the block matches its header
     */
    static Optional<String> check(Block block) {
        List<Transaction> txs = block.transactions();
        // Core checks the witness commitment only when the first transaction is a coinbase; without
        // one the block is not "mutated" in this sense (block validation rejects it)
        boolean witness = !txs.isEmpty() && txs.get(0).isCoinbase();
        Optional<String> problem = BlockCheck.problem(block, witness);
        if (problem.isPresent() || !witness) {
            return problem;
        }
        for (Transaction tx : txs) {
            if (tx.strippedSize() == AMBIGUOUS_TX_SIZE) {
                return Optional.of("a 64-byte transaction " + tx.txid());
            }
        }
        return Optional.empty();
    }
}
