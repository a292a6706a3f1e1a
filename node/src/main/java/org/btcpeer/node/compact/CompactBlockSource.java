package org.btcpeer.node.compact;

import java.util.Optional;
import java.util.OptionalInt;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;

/**
 * The blocks a {@link CompactBlockServer} may serve, as the application's block store sees them.
 * Implementations must be safe for use from several peers' threads at once.
 */
public interface CompactBlockSource {

    /**
     * How far below our tip a stored block is: our tip height minus the block's height (0 for the
     * tip). Core compares this with {@code MAX_CMPCTBLOCK_DEPTH} and {@code MAX_BLOCKTXN_DEPTH}.
     *
     * @param blockHash the block hash
     * @return the depth, or empty if we do not have the block's data
     */
    OptionalInt depth(Hash256 blockHash);

    /**
     * A stored block.
     *
     * @param blockHash the block hash
     * @return the block, or empty if we do not have it
     */
    Optional<Block> block(Hash256 blockHash);
}
