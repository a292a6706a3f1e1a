package org.btcpeer.node.compact;

import java.util.List;
import java.util.Optional;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.MerkleRoot;
import org.btcpeer.wire.chain.Transaction;

/**
 * Whether a block's transactions are not the ones its header commits to (Core's
 * {@code IsBlockMutated} with the witness root checked, as {@code FillBlock} calls it once segwit
 * is active): the txid merkle root, CVE-2012-2459 duplicates, the BIP-141 witness commitment (or
 * witness data without one), and 64-byte transactions.
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
        MerkleRoot root = block.computeMerkleRoot();
        if (!root.root().equals(block.header().merkleRoot())) {
            return Optional.of("merkle root " + root.root() + " differs from the header's " + block.header().merkleRoot());
        }
        if (root.mutated()) {
            return Optional.of("duplicate transactions in the merkle tree (CVE-2012-2459)");
        }
        List<Transaction> txs = block.transactions();
        if (txs.isEmpty() || !txs.get(0).isCoinbase()) {
            return Optional.empty(); // Core: not mutated in this sense; block validation rejects it
        }
        Optional<Hash256> commitment = block.witnessCommitment();
        if (commitment.isPresent()) {
            Optional<Hash256> expected = block.computeWitnessCommitment();
            if (expected.isEmpty()) {
                return Optional.of("the coinbase witness is not one 32-byte reserved value (bad-witness-nonce-size)");
            }
            if (!expected.get().equals(commitment.get())) {
                return Optional.of("witness commitment mismatch (bad-witness-merkle-match)");
            }
        } else {
            for (Transaction tx : txs) {
                if (tx.hasWitness()) {
                    return Optional.of("witness data without a witness commitment (unexpected-witness)");
                }
            }
        }
        for (Transaction tx : txs) {
            if (tx.strippedSize() == AMBIGUOUS_TX_SIZE) {
                return Optional.of("a 64-byte transaction " + tx.txid());
            }
        }
        return Optional.empty();
    }
}
