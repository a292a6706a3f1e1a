package org.btcpeer.examples.sync;

import java.util.Optional;

import org.btcpeer.node.download.BlockCheck;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;

/**
 * The context-free checks a client can make on a downloaded block: it is the block that was asked
 * for, and it matches its own header ({@link BlockCheck}: merkle root without the CVE-2012-2459
 * duplication, and the BIP-141 witness commitment).
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
        Optional<String> problem = BlockCheck.problem(block, true);
        if (problem.isPresent()) {
            throw new SyncException("block " + expected + ": " + problem.get());
        }
    }
}
