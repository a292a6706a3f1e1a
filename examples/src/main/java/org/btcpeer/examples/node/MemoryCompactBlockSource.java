package org.btcpeer.examples.node;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.node.compact.CompactBlockSource;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;

/**
 * A {@link MemoryChain} as the {@code CompactBlockServer} reads it: every block is stored, its
 * depth is the tip height minus its height.
 *
 * @param current the chain now (a serving node's chain grows)
 */
record MemoryCompactBlockSource(Supplier<MemoryChain> current) implements CompactBlockSource {

    @Override
    public OptionalInt depth(Hash256 blockHash) {
        MemoryChain chain = current.get();
        OptionalInt height = chain.heightOf(blockHash);
        return height.isPresent() ? OptionalInt.of(chain.height() - height.getAsInt()) : OptionalInt.empty();
    }

    @Override
    public Optional<Block> block(Hash256 blockHash) {
        return current.get().block(blockHash);
    }
}
