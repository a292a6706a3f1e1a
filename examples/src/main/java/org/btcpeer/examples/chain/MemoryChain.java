package org.btcpeer.examples.chain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * An immutable chain of blocks held in memory, from the network's genesis block (height 0) to the
 * tip, indexed by height and by hash. It answers the two questions a serving node is asked:
 * which headers follow a block locator, and which block has a given hash.
 */
public final class MemoryChain {

    /** Core's {@code MAX_HEADERS_RESULTS}: the most headers one headers message carries. */
    public static final int MAX_HEADERS_RESULTS = org.btcpeer.wire.message.HeadersMessage.MAX_HEADERS;

    private final NetworkParameters network;
    private final List<Block> blocks;
    private final Map<Hash256, Integer> heights;

    private MemoryChain(NetworkParameters network, List<Block> blocks, Map<Hash256, Integer> heights) {
        this.network = network;
        this.blocks = blocks;
        this.heights = heights;
    }

    /**
     * A chain of the network's genesis block followed by {@code blocks}, each linked to the one
     * before it.
     *
     * @param network the network, whose genesis block is height 0
     * @param blocks  the blocks after genesis, in height order
     * @return the chain
     * @throws IllegalArgumentException if a block does not link to its predecessor
     */
    public static MemoryChain of(NetworkParameters network, List<Block> blocks) {
        Objects.requireNonNull(network, "network");
        List<Block> all = new ArrayList<>(blocks.size() + 1);
        all.add(genesisBlock(network));
        all.addAll(blocks);
        Map<Hash256, Integer> heights = HashMap.newHashMap(all.size());
        for (int h = 0; h < all.size(); h++) {
            Block b = all.get(h);
            if (h > 0 && !b.header().prevBlock().equals(all.get(h - 1).hash())) {
                throw new IllegalArgumentException("block at height " + h + " does not link to height " + (h - 1));
            }
            heights.put(b.hash(), h);
        }
        return new MemoryChain(network, List.copyOf(all), Map.copyOf(heights));
    }

    /**
     * The network's genesis block, decoded from its parameters.
     *
     * @param network the network
     * @return the genesis block
     */
    public static Block genesisBlock(NetworkParameters network) {
        try {
            return Block.decode(network.genesisBlock());
        } catch (WireException e) {
            throw new IllegalStateException("genesis block of " + network + " does not decode", e);
        }
    }

    /**
     * This chain with one more block on top (a copy: the chain stays immutable, so readers holding
     * the old one see a consistent chain; linear in the chain's length, fine for test-sized chains).
     *
     * @param block a block whose parent is this chain's tip
     * @return the longer chain
     * @throws IllegalArgumentException if the block does not link to the tip
     */
    public MemoryChain with(Block block) {
        Objects.requireNonNull(block, "block");
        if (!block.header().prevBlock().equals(tip().hash())) {
            throw new IllegalArgumentException("block " + block.hash() + " does not link to the tip " + tip().hash());
        }
        List<Block> all = new ArrayList<>(blocks.size() + 1);
        all.addAll(blocks);
        all.add(block);
        Map<Hash256, Integer> h = new HashMap<>(heights);
        h.put(block.hash(), blocks.size());
        return new MemoryChain(network, List.copyOf(all), Map.copyOf(h));
    }

    /** The network. */
    public NetworkParameters network() {
        return network;
    }

    /** The tip's height (0 for a chain of only genesis). */
    public int height() {
        return blocks.size() - 1;
    }

    /** The tip block. */
    public Block tip() {
        return blocks.get(blocks.size() - 1);
    }

    /**
     * The block at a height.
     *
     * @param height 0 to {@link #height()}
     * @return the block
     */
    public Block block(int height) {
        return blocks.get(height);
    }

    /**
     * The block with a hash.
     *
     * @param hash the block hash
     * @return the block, if it is on this chain
     */
    public Optional<Block> block(Hash256 hash) {
        Integer h = heights.get(hash);
        return h == null ? Optional.empty() : Optional.of(blocks.get(h));
    }

    /**
     * The height of a block.
     *
     * @param hash the block hash
     * @return its height, if it is on this chain
     */
    public OptionalInt heightOf(Hash256 hash) {
        Integer h = heights.get(hash);
        return h == null ? OptionalInt.empty() : OptionalInt.of(h);
    }

    /** Every block from genesis to the tip, immutable. */
    public List<Block> blocks() {
        return blocks;
    }

    /**
     * Where a locator meets this chain, as Core's {@code FindForkInMainChain}: the height of the
     * first locator hash on this chain, or 0 (genesis) if none is.
     *
     * @param locator block hashes, newest first
     * @return the fork height
     */
    public int forkHeight(List<Hash256> locator) {
        for (Hash256 h : locator) {
            Integer height = heights.get(h);
            if (height != null) {
                return height;
            }
        }
        return 0;
    }

    /**
     * The answer to a getheaders (Core's {@code ProcessGetHeaders}): the headers after the fork
     * point of {@code locator}, at most {@code max}, ending with the stop hash if it is reached. An
     * empty locator asks for the stop hash's header alone.
     *
     * @param locator  block hashes, newest first
     * @param stopHash the last header wanted, or {@link Hash256#ZERO}
     * @param max      the most headers to return, at most {@link #MAX_HEADERS_RESULTS}
     * @return the headers, oldest first
     */
    public List<BlockHeader> headersAfter(List<Hash256> locator, Hash256 stopHash, int max) {
        if (locator.isEmpty()) {
            return block(stopHash).map(b -> List.of(b.header())).orElse(List.of());
        }
        int limit = Math.min(max, MAX_HEADERS_RESULTS);
        int fork = forkHeight(locator);
        List<BlockHeader> out = new ArrayList<>(Math.min(limit, Math.max(0, height() - fork)));
        for (int h = fork + 1; h <= height() && out.size() < limit; h++) {
            BlockHeader header = blocks.get(h).header();
            out.add(header);
            if (header.hash().equals(stopHash)) {
                break;
            }
        }
        return out;
    }

    /**
     * The median time of the 11 blocks ending at {@code height} (Core's {@code GetMedianTimePast});
     * fewer near genesis.
     *
     * @param height the last block's height
     * @return the median timestamp
     */
    public long medianTimePast(int height) {
        return medianTimePast(blocks.subList(Math.max(0, height - 10), height + 1));
    }

    /**
     * The median timestamp of up to 11 blocks, as Core's {@code GetMedianTimePast} (the middle of
     * the sorted times; the upper middle for an even count).
     *
     * @param lastBlocks the blocks, at most 11
     * @return the median
     */
    static long medianTimePast(List<Block> lastBlocks) {
        long[] times = lastBlocks.stream().mapToLong(b -> b.header().time()).sorted().toArray();
        return times[times.length / 2];
    }
}
