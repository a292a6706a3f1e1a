package org.btcpeer.examples.node;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.node.serve.ChainSource;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * A {@link MemoryChain} as the {@code ChainServer} reads it.
 *
 * @param current the chain now (a serving node's chain grows)
 */
record MemoryChainSource(Supplier<MemoryChain> current) implements ChainSource {

    @Override
    public int height() {
        return current.get().height();
    }

    @Override
    public Optional<BlockHeader> header(int height) {
        MemoryChain chain = current.get();
        return height < 0 || height > chain.height() ? Optional.empty() : Optional.of(chain.block(height).header());
    }

    @Override
    public OptionalInt height(Hash256 blockHash) {
        return current.get().heightOf(blockHash);
    }

    @Override
    public Optional<ByteString> block(Hash256 blockHash) {
        return current.get().block(blockHash).map(Block::serialization);
    }
}
