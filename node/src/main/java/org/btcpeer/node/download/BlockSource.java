package org.btcpeer.node.download;

import java.util.Objects;
import java.util.Optional;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.wire.Hash256;

/**
 * The validated header chain the download follows: the best chain's block hash at each height.
 * {@link #of(HeaderChain)} adapts the chain module's {@link HeaderChain}; an application with its
 * own header store implements the one method.
 */
@FunctionalInterface
public interface BlockSource {

    /**
     * The best chain's block hash at a height.
     *
     * @param height a height
     * @return the hash, or empty if the chain does not reach that height
     */
    Optional<Hash256> hashAt(int height);

    /**
     * The best chain of a {@link HeaderChain}.
     *
     * @param chain the validated header chain
     * @return a source reading the chain's best chain at each call
     */
    static BlockSource of(HeaderChain chain) {
        Objects.requireNonNull(chain, "chain");
        return height -> chain.atHeight(height).map(ChainHeader::hash);
    }
}
