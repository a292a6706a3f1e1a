package org.btcpeer.node.serve;

import java.util.Optional;
import java.util.OptionalInt;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * The application's chain as {@link ChainServer} reads it: the best chain's headers by height and
 * hash, and the blocks it stores. Only the best chain is served (Core answers getheaders and
 * getblocks from its active chain).
 *
 * <p>Implementations must be safe for use from several peers' threads at once. A chain that grows
 * while it is read is fine: every answer is built from one {@link #height()} read.
 *
 * @see HeaderChainSource for a {@code chain.headers.HeaderChain} with a block store beside it
 */
public interface ChainSource {

    /** The best chain's height (0 when it holds only genesis). */
    int height();

    /**
     * The best chain's header at a height.
     *
     * @param height 0 to {@link #height()}
     * @return the header, or empty outside the chain
     */
    Optional<BlockHeader> header(int height);

    /**
     * The height of a block on the best chain.
     *
     * @param blockHash a block hash
     * @return its height, or empty if the block is unknown or on a fork
     */
    OptionalInt height(Hash256 blockHash);

    /**
     * A stored block, serialized with its witnesses (BIP-144).
     *
     * @param blockHash a block hash
     * @return the block's bytes, or empty if it is not stored (unknown, pruned, not downloaded)
     */
    Optional<ByteString> block(Hash256 blockHash);
}
