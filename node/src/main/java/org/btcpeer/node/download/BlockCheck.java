package org.btcpeer.node.download;

import java.util.Optional;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.MerkleRoot;
import org.btcpeer.wire.chain.Transaction;

/**
 * The checks that bind a block's transactions to its header, which a peer cannot fake without
 * redoing the proof of work: Core's {@code CheckMerkleRoot} (the txid tree's root is the header's,
 * without CVE-2012-2459 duplication: {@code bad-txnmrklroot}, {@code bad-txns-duplicate}) and,
 * optionally, {@code CheckWitnessMalleation} (a coinbase commitment matches the witnesses:
 * {@code bad-witness-merkle-match}; with no commitment no transaction carries a witness:
 * {@code unexpected-witness}). Core treats a failure as {@code BLOCK_MUTATED} and disconnects the
 * peer that sent it.
 */
public final class BlockCheck {

    private BlockCheck() {
    }

    /**
     * Checks a block against its own header.
     *
     * @param block   the block
     * @param witness whether to check the witness commitment too (hashes every transaction twice more)
     * @return what is wrong, or empty if the block matches its header
     */
    public static Optional<String> problem(Block block, boolean witness) {
        if (block.transactions().isEmpty()) {
            return Optional.of("no transactions (bad-blk-length)");
        }
        MerkleRoot root = block.computeMerkleRoot();
        if (!root.root().equals(block.header().merkleRoot())) {
            return Optional.of("merkle root " + root.root() + " is not the header's " + block.header().merkleRoot()
                    + " (bad-txnmrklroot)");
        }
        if (root.mutated()) {
            return Optional.of("duplicated transactions, CVE-2012-2459 (bad-txns-duplicate)");
        }
        if (!witness) {
            return Optional.empty();
        }
        Optional<Hash256> committed = block.witnessCommitment();
        if (committed.isPresent()) {
            Optional<Hash256> computed = block.computeWitnessCommitment();
            if (!committed.equals(computed)) {
                return Optional.of("witness commitment " + committed.get() + " does not match the witnesses "
                        + computed.map(Hash256::toString).orElse("(no 32-byte reserved value)") + " (bad-witness-merkle-match)");
            }
        } else if (block.transactions().stream().anyMatch(Transaction::hasWitness)) {
            return Optional.of("witness data without a commitment (unexpected-witness)");
        }
        return Optional.empty();
    }
}
