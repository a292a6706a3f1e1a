package org.btcpeer.chain.filter;

import java.util.Objects;

import org.btcpeer.wire.Hash256;

/**
 * One block's entry in a {@link FilterIndex} (Core's {@code BlockFilterIndex} record: filter,
 * filter hash, filter header).
 *
 * @param height     the block height
 * @param filter     the basic filter (which names the block hash)
 * @param filterHash the double SHA-256 of the encoded filter
 * @param header     the filter header, chaining every filter from genesis
 */
public record IndexedFilter(int height, BlockFilter filter, Hash256 filterHash, Hash256 header) {

    /** Checks the fields. */
    public IndexedFilter {
        if (height < 0) {
            throw new IllegalArgumentException("height must not be negative: " + height);
        }
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(filterHash, "filterHash");
        Objects.requireNonNull(header, "header");
    }

    /** The hash of the block the filter is for. */
    public Hash256 blockHash() {
        return filter.blockHash();
    }
}
