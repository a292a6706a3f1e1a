package org.btcpeer.node.serve;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * A {@link ChainSource} over a validated {@link HeaderChain} and the application's block store:
 * headers come from the chain's best branch, blocks from {@code blocks}.
 *
 * @param chain  the header chain
 * @param blocks block bytes (with witnesses) by hash, empty when not stored
 */
public record HeaderChainSource(HeaderChain chain, Function<Hash256, Optional<ByteString>> blocks) implements ChainSource {

    /**
     * Checks the arguments.
     *
     * @param chain  the header chain
     * @param blocks the block store
     */
    public HeaderChainSource {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(blocks, "blocks");
    }

    @Override
    public int height() {
        return chain.height();
    }

    @Override
    public Optional<BlockHeader> header(int height) {
        return chain.atHeight(height).map(ChainHeader::header);
    }

    @Override
    public OptionalInt height(Hash256 blockHash) {
        Optional<ChainHeader> h = chain.get(blockHash);
        return h.isPresent() && chain.isOnBestChain(blockHash) ? OptionalInt.of(h.get().height()) : OptionalInt.empty();
    }

    @Override
    public Optional<ByteString> block(Hash256 blockHash) {
        return blocks.apply(blockHash);
    }
}
