package org.btcpeer.node.tip;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;

/**
 * Where an {@link ActiveChain} keeps its blocks: {@link #memory()} for a small node, a test or an
 * example; an application with its own store (files, a database, pruning) implements the two
 * methods. Implementations must be safe for use from several peers' threads at once.
 */
public interface BlockStorage {

    /**
     * Stores a block that just joined the active chain.
     *
     * @param block the block
     */
    void put(Block block);

    /**
     * A stored block.
     *
     * @param blockHash its hash
     * @return the block, or empty if it is not stored (unknown, pruned)
     */
    Optional<Block> get(Hash256 blockHash);

    /** Every block in a concurrent map in memory, never pruned. */
    static BlockStorage memory() {
        Map<Hash256, Block> blocks = new ConcurrentHashMap<>();
        return new BlockStorage() {
            @Override
            public void put(Block block) {
                blocks.put(block.hash(), block);
            }

            @Override
            public Optional<Block> get(Hash256 blockHash) {
                return Optional.ofNullable(blocks.get(blockHash));
            }
        };
    }
}
