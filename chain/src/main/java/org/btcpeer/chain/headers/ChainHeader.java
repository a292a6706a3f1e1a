package org.btcpeer.chain.headers;

import java.math.BigInteger;
import java.util.Objects;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * A header as the chain knows it: where it sits and how much work lies behind it. A value made
 * on demand from {@link HeaderChain}'s compact store (the chain keeps no object per header).
 *
 * @param header    the header
 * @param hash      its hash
 * @param height    its height
 * @param chainWork the cumulative work of the chain ending in it (Core's {@code nChainWork})
 */
public record ChainHeader(BlockHeader header, Hash256 hash, int height, BigInteger chainWork) {

    /**
     * Checks the fields.
     *
     * @param header    the header
     * @param hash      its hash
     * @param height    its height, not negative
     * @param chainWork the cumulative work, not negative
     */
    public ChainHeader {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(chainWork, "chainWork");
        if (height < 0 || chainWork.signum() < 0) {
            throw new IllegalArgumentException("height and work are not negative: " + height + ", " + chainWork);
        }
    }
}
