package org.btcpeer.chain.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;

/**
 * The basic filters of one chain, from genesis to a tip, with their hashes and headers (Core's
 * {@code BlockFilterIndex}, kept in memory). Blocks are connected in height order; a serving node
 * answers BIP-157 requests from it with {@link FilterRequests}.
 *
 * <p>Thread-safe: one thread connects blocks while peers' reader threads look filters up.
 */
public final class FilterIndex {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<IndexedFilter> byHeight = new ArrayList<>();
    private final Map<Hash256, Integer> heights = new HashMap<>();

    /** An empty index: the first block connected is the genesis block. */
    public FilterIndex() {
    }

    /**
     * Builds the index of a whole chain, finding the spent scripts with {@link SpentScripts}.
     *
     * @param blocks the chain from genesis, in height order
     * @return the index
     * @throws IllegalArgumentException if the blocks do not link or spend unknown outputs
     */
    public static FilterIndex of(List<Block> blocks) {
        FilterIndex index = new FilterIndex();
        SpentScripts spent = new SpentScripts();
        for (Block b : blocks) {
            index.connect(b, spent.connect(b));
        }
        return index;
    }

    /**
     * Connects the next block: builds its filter and its header on top of the tip's.
     *
     * @param block        the block at height {@link #height()} + 1, linked to the tip (any block
     *                     when the index is empty: it becomes height 0)
     * @param spentScripts the scripts of the outputs the block spends
     * @return the new entry
     * @throws IllegalArgumentException if the block does not link to the tip
     */
    public IndexedFilter connect(Block block, Collection<ByteString> spentScripts) {
        return connectFilter(block.header().prevBlock(), BlockFilter.basic(block, spentScripts));
    }

    /** Appends a filter already built (tests use it to build a lying server's index). */
    IndexedFilter connectFilter(Hash256 prevBlock, BlockFilter filter) {
        Hash256 filterHash = filter.filterHash();
        lock.writeLock().lock();
        try {
            Hash256 previousHeader = Hash256.ZERO;
            if (!byHeight.isEmpty()) {
                IndexedFilter tip = byHeight.getLast();
                if (!prevBlock.equals(tip.blockHash())) {
                    throw new IllegalArgumentException("block " + filter.blockHash() + " does not build on the index tip "
                            + tip.blockHash() + " at height " + tip.height());
                }
                previousHeader = tip.header();
            }
            IndexedFilter entry = new IndexedFilter(byHeight.size(), filter, filterHash,
                    BlockFilter.header(filterHash, previousHeader));
            byHeight.add(entry);
            heights.put(entry.blockHash(), entry.height());
            return entry;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The height of the last block connected, -1 when empty. */
    public int height() {
        lock.readLock().lock();
        try {
            return byHeight.size() - 1;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The entry of a block, if the index holds it.
     *
     * @param blockHash the block hash
     * @return the entry
     */
    public Optional<IndexedFilter> get(Hash256 blockHash) {
        lock.readLock().lock();
        try {
            Integer h = heights.get(blockHash);
            return h == null ? Optional.empty() : Optional.of(byHeight.get(h));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The entry at a height.
     *
     * @param height 0..{@link #height()}
     * @return the entry
     * @throws IndexOutOfBoundsException if the index does not reach the height
     */
    public IndexedFilter get(int height) {
        lock.readLock().lock();
        try {
            return byHeight.get(height);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The entries from {@code from} to {@code to}, both included.
     *
     * @param from the first height
     * @param to   the last height, at most {@link #height()}
     * @return the entries in height order
     * @throws IndexOutOfBoundsException if the range is not inside the index
     */
    public List<IndexedFilter> range(int from, int to) {
        lock.readLock().lock();
        try {
            return List.copyOf(byHeight.subList(from, to + 1));
        } finally {
            lock.readLock().unlock();
        }
    }
}
