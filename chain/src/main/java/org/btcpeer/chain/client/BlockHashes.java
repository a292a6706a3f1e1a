package org.btcpeer.chain.client;

import java.util.List;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.wire.Hash256;

/**
 * The block hashes of the chain a client follows, by height: what it asks filters for and what
 * the answers must name. Backed by a {@link HeaderChain}'s best chain or by a plain list.
 */
public interface BlockHashes {

    /**
     * The hash of the block at a height.
     *
     * @param height 0..{@link #tipHeight()}
     * @return the hash
     * @throws IndexOutOfBoundsException if the chain does not hold the height
     */
    Hash256 at(int height);

    /** The height of the last block. */
    int tipHeight();

    /**
     * The hashes of a list, height = index.
     *
     * @param hashesFromGenesis the block hashes from height 0
     * @return the view
     */
    static BlockHashes of(List<Hash256> hashesFromGenesis) {
        List<Hash256> copy = List.copyOf(hashesFromGenesis);
        return new BlockHashes() {
            @Override
            public Hash256 at(int height) {
                return copy.get(height);
            }

            @Override
            public int tipHeight() {
                return copy.size() - 1;
            }
        };
    }

    /**
     * The best chain of a header chain, as it is when asked (it may move while a scan runs; a
     * reorg under a running scan makes peers' answers disagree with it and the scan fail).
     *
     * @param chain the header chain
     * @return the view
     */
    static BlockHashes of(HeaderChain chain) {
        return new BlockHashes() {
            @Override
            public Hash256 at(int height) {
                return chain.atHeight(height).map(ChainHeader::hash).orElseThrow(
                        () -> new IndexOutOfBoundsException("the header chain does not hold height " + height));
            }

            @Override
            public int tipHeight() {
                return chain.height();
            }
        };
    }
}
