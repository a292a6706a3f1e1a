package org.btcpeer.node.tip;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;

/**
 * Where an {@link ActiveChain} keeps its blocks: {@link #memory()} for a small node, a test or an
 * example; an application with its own store (files, a database, pruning) implements the two
 * abstract methods, and {@link #serialized} if it keeps the raw bytes. Implementations must be
 * safe for use from several peers' threads at once.
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

    /**
     * A stored block's serialization (with witnesses), as peers are sent it. The default encodes
     * {@link #get}'s block; a store that keeps the raw bytes (block files) returns them as they
     * are, so serving a block neither decodes nor re-encodes it.
     *
     * @param blockHash its hash
     * @return the bytes, or empty if the block is not stored
     */
    default Optional<ByteString> serialized(Hash256 blockHash) {
        return get(blockHash).map(Block::serialization);
    }

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
