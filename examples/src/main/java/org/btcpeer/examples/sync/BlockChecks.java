package org.btcpeer.examples.sync;

import java.util.Optional;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.MerkleRoot;
import org.btcpeer.wire.chain.Transaction;

/**
 * The context-free checks a client can make on a downloaded block: it is the block that was asked
 * for, its transactions hash to the header's merkle root without the CVE-2012-2459 duplication,
 * and if any transaction has a witness, the coinbase commits to the witnesses (BIP-141).
 */
public final class BlockChecks {

    private BlockChecks() {
    }

    /**
     * Checks a block.
     *
     * @param block    the downloaded block
     * @param expected the hash that was requested
     * @throws SyncException naming the first check that failed
     */
    public static void verify(Block block, Hash256 expected) throws SyncException {
        if (!block.hash().equals(expected)) {
            throw new SyncException("asked for block " + expected + " but got " + block.hash());
        }
        if (block.transactions().isEmpty()) {
            throw new SyncException("block " + expected + " has no transactions");
        }
        MerkleRoot root = block.computeMerkleRoot();
        if (!root.root().equals(block.header().merkleRoot())) {
            throw new SyncException("block " + expected + ": merkle root " + root.root() + " does not match the header's "
                    + block.header().merkleRoot());
        }
        if (root.mutated()) {
            throw new SyncException("block " + expected + ": duplicated transactions (CVE-2012-2459 mutation)");
        }
        if (block.transactions().stream().anyMatch(Transaction::hasWitness)) {
            Optional<Hash256> committed = block.witnessCommitment();
            Optional<Hash256> computed = block.computeWitnessCommitment();
            if (committed.isEmpty() || !committed.equals(computed)) {
                throw new SyncException("block " + expected + ": witness commitment missing or wrong");
            }
        }
    }
}
