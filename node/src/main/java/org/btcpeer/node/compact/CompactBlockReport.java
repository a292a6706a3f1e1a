package org.btcpeer.node.compact;

import java.util.Objects;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;

/**
 * What happened to one block announced with a cmpctblock, as the {@link CompactBlockReceiver}
 * tells its {@link CompactBlockListener}: reconstructed (with the counts), or fallen back to the
 * full block (with why), then that full block once it arrived.
 */
public sealed interface CompactBlockReport {

    /**
     * The block's hash.
     *
     * @return the block's hash
     */
    Hash256 blockHash();

    /**
     * The block was rebuilt from the cmpctblock.
     *
     * @param block     the block; it matches its header's merkle root and witness commitment, nothing more is checked
     * @param prefilled transactions that came in full in the cmpctblock (at least the coinbase, normally)
     * @param fromPool  transactions taken from the pool
     * @param fetched   transactions requested with getblocktxn (0: no round trip)
     */
    record Reconstructed(Block block, int prefilled, int fromPool, int fetched) implements CompactBlockReport {
        /**
         * Checks the block is present.
         *
         * @param block     the block
         * @param prefilled prefilled count
         * @param fromPool  pool count
         * @param fetched   fetched count
         */
        public Reconstructed {
            Objects.requireNonNull(block, "block");
        }

        @Override
        public Hash256 blockHash() {
            return block.hash();
        }

        /** One line for logs, without the block's transactions. */
        @Override
        public String toString() {
            return "block " + block.hash() + " reconstructed: " + prefilled + " prefilled, " + fromPool + " from the pool, "
                    + fetched + " fetched";
        }
    }

    /**
     * Reconstruction failed without the peer being at fault; the full block was requested (getdata).
     *
     * @param blockHash the block's hash
     * @param reason    why
     * @param detail    what exactly, for logs
     */
    record FellBack(Hash256 blockHash, FallbackReason reason, String detail) implements CompactBlockReport {
    }

    /**
     * The full block requested after a {@link FellBack} arrived.
     *
     * @param block  the block, as the peer sent it (not checked here)
     * @param reason why it was requested
     */
    record Downloaded(Block block, FallbackReason reason) implements CompactBlockReport {
        @Override
        public Hash256 blockHash() {
            return block.hash();
        }

        /** One line for logs, without the block's transactions. */
        @Override
        public String toString() {
            return "block " + block.hash() + " downloaded in full after " + reason;
        }
    }
}
