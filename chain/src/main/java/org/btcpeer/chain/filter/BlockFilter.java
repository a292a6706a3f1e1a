package org.btcpeer.chain.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxOutput;
import org.btcpeer.wire.message.CompactFilters;

/**
 * A BIP-158 basic block filter: the Golomb-coded set of the output scripts a block creates and the
 * output scripts it spends, keyed by the block hash (Core's {@code BlockFilter} of type
 * {@code BASIC}).
 *
 * <p>Which scripts go in (Core's {@code BasicFilterElements}): every output script of every
 * transaction except empty ones and ones whose first byte is {@code OP_RETURN}; every script of an
 * output the block spends except empty ones (a spent script is never {@code OP_RETURN}-filtered:
 * such an output is unspendable anyway). Equal scripts count once.
 *
 * @param blockHash the block the filter is for (its hash keys the set)
 * @param filter    the set
 */
public record BlockFilter(Hash256 blockHash, GcsFilter filter) {

    /** The filter type byte of the basic filter in BIP-157 messages. */
    public static final int BASIC = CompactFilters.BASIC;

    private static final int OP_RETURN = 0x6a;

    /** Checks that the filter is keyed by the block hash with the basic parameters. */
    public BlockFilter {
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(filter, "filter");
        if (!filter.params().equals(GcsParams.basic(blockHash))) {
            throw new IllegalArgumentException("the filter's parameters are not the basic filter's for " + blockHash);
        }
    }

    /**
     * Builds the basic filter of a block.
     *
     * @param block        the block
     * @param spentScripts the output scripts of every output the block's inputs spend (the
     *                     coinbase spends none), in any order; Core reads them from its undo data
     * @return the filter
     */
    public static BlockFilter basic(Block block, Collection<ByteString> spentScripts) {
        Hash256 hash = block.hash();
        return new BlockFilter(hash, GcsFilter.build(GcsParams.basic(hash), basicElements(block, spentScripts)));
    }

    /**
     * The elements of the basic filter: see the class comment for the rules.
     *
     * @param block        the block
     * @param spentScripts the scripts of the outputs it spends
     * @return the elements, possibly with duplicates (the set removes them)
     */
    public static List<ByteString> basicElements(Block block, Collection<ByteString> spentScripts) {
        List<ByteString> elements = new ArrayList<>();
        for (Transaction tx : block.transactions()) {
            for (TxOutput out : tx.outputs()) {
                ByteString script = out.scriptPubKey();
                if (script.isEmpty() || (script.byteAt(0) & 0xff) == OP_RETURN) {
                    continue;
                }
                elements.add(script);
            }
        }
        for (ByteString script : spentScripts) {
            if (!script.isEmpty()) {
                elements.add(script);
            }
        }
        return elements;
    }

    /**
     * Decodes a basic filter received for a block (the {@code filter} field of a {@code cfilter}).
     *
     * @param blockHash the block the filter claims to be for
     * @param encoded   the encoded filter
     * @return the filter
     * @throws WireException if the encoding is malformed (see {@link GcsFilter#decode})
     */
    public static BlockFilter decodeBasic(Hash256 blockHash, ByteString encoded) throws WireException {
        return new BlockFilter(blockHash, GcsFilter.decode(GcsParams.basic(blockHash), encoded));
    }

    /** The encoded filter, as sent in {@code cfilter} and returned by Core's {@code getblockfilter}. */
    public ByteString encoded() {
        return filter.encoded();
    }

    /** The filter hash: double SHA-256 of the encoded filter (BIP-157). */
    public Hash256 filterHash() {
        return Hash256.doubleSha256(filter.encoded());
    }

    /**
     * This filter's header in the filter-header chain: see {@link #header(Hash256, Hash256)}.
     *
     * @param previousHeader the header of the previous block's filter (zero before the genesis block)
     * @return the header
     */
    public Hash256 header(Hash256 previousHeader) {
        return header(filterHash(), previousHeader);
    }

    /**
     * A filter header (BIP-157): double SHA-256 of the filter hash followed by the previous filter
     * header, both in internal byte order. The genesis block's previous header is all zeros.
     *
     * @param filterHash     the filter's hash
     * @param previousHeader the previous filter header
     * @return the header
     */
    public static Hash256 header(Hash256 filterHash, Hash256 previousHeader) {
        byte[] b = new byte[2 * Hash256.LENGTH];
        filterHash.copyTo(b, 0);
        previousHeader.copyTo(b, Hash256.LENGTH);
        return Hash256.doubleSha256(b, 0, b.length);
    }
}
