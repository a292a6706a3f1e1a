package org.btcpeer.node.tip;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.headers.HeaderValidationException;
import org.btcpeer.node.compact.CompactBlockSource;
import org.btcpeer.node.download.BlockConsumer;
import org.btcpeer.node.serve.ChainSource;
import org.btcpeer.node.serve.HeaderChainSource;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * The blocks a node holds, as Core's active chain: a {@link HeaderChain} of their headers and a
 * {@link BlockStorage} of the blocks. A block joins it in one place, {@link #connect}: under one
 * lock it must extend the tip, its header passes {@link HeaderChain#add} (proof of work and Core's
 * contextual header rules, again: a compact block may arrive before header sync saw its header),
 * and it is stored; then the listeners hear of it (remove its transactions from a pool, announce
 * it), in the connecting thread, after the lock is released.
 *
 * <p>It is what the serving parts read: {@link #chainSource()} for {@code ChainServer} (so peers
 * get headers only of blocks we have), {@link #compactSource()} for {@code CompactBlockServer}.
 *
 * <p>Not checked here: that the block's transactions match its header ({@code BlockCheck}, done by
 * the downloader and the compact block receiver) and everything a consensus engine checks
 * (scripts, amounts, the UTXO set). The chain only grows: a reorganization is the application's.
 * Thread-safe.
 */
public final class ActiveChain {

    private final HeaderChain headers;
    private final BlockStorage storage;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Consumer<Block>> listeners = new CopyOnWriteArrayList<>();

    private ActiveChain(HeaderChain headers, BlockStorage storage) {
        this.headers = Objects.requireNonNull(headers, "headers");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * An active chain at genesis with its blocks in memory.
     *
     * @param params the network's consensus parameters
     * @return the chain
     */
    public static ActiveChain inMemory(ConsensusParams params) {
        return new ActiveChain(HeaderChain.builder(params).build(), BlockStorage.memory());
    }

    /**
     * An active chain over the application's own header chain and store.
     *
     * @param headers the headers of the blocks in {@code storage}, and no others
     * @param storage the blocks
     * @return the chain
     */
    public static ActiveChain of(HeaderChain headers, BlockStorage storage) {
        return new ActiveChain(headers, storage);
    }

    /**
     * Adds a listener told of every block that became the tip, in the connecting thread.
     *
     * @param listener must not block
     */
    public void addListener(Consumer<Block> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Makes {@code block} the tip if it extends the tip and its header is valid.
     *
     * @param block a block whose transactions were checked against its header
     * @return what happened
     */
    public ConnectResult connect(Block block) {
        ChainHeader added;
        lock.lock();
        try {
            Hash256 tip = headers.tip().hash();
            if (!block.header().prevBlock().equals(tip)) {
                return new ConnectResult.NotExtending(tip);
            }
            added = headers.add(block.header());
            storage.put(block);
        } catch (HeaderValidationException e) {
            return new ConnectResult.Invalid(e.getMessage());
        } finally {
            lock.unlock();
        }
        for (Consumer<Block> l : listeners) {
            l.accept(block);
        }
        return new ConnectResult.Connected(added);
    }

    /**
     * A consumer for {@code BlockDownloader.start}: connects each downloaded block (the downloader
     * checked it against its header) and stops the download at the first one that does not become
     * the tip.
     *
     * @return the consumer
     */
    public BlockConsumer downloadConsumer() {
        return b -> {
            ConnectResult r = connect(b.block());
            if (!r.connected()) {
                throw new IllegalStateException("block " + b.height() + " " + b.block().hash() + " not connected: " + r);
            }
        };
    }

    /**
     * Whether a block with this header would extend our tip.
     *
     * @param header a block header
     * @return whether its parent is our tip
     */
    public boolean extendsTip(BlockHeader header) {
        return header.prevBlock().equals(headers.tip().hash());
    }

    /** The tip: the last block we hold. */
    public ChainHeader tip() {
        return headers.tip();
    }

    /** The tip's height. */
    public int height() {
        return headers.height();
    }

    /**
     * A block we hold.
     *
     * @param blockHash its hash
     * @return the block, or empty
     */
    public Optional<Block> block(Hash256 blockHash) {
        return storage.get(blockHash);
    }

    /** The headers of the blocks we hold. */
    public HeaderChain headers() {
        return headers;
    }

    /** This chain as a {@code ChainServer} reads it: headers and blocks of the blocks we hold. */
    public ChainSource chainSource() {
        return new HeaderChainSource(headers, storage::serialized);
    }

    /** This chain as a {@code CompactBlockServer} reads it: depth below the tip and blocks. */
    public CompactBlockSource compactSource() {
        return new CompactBlockSource() {
            @Override
            public OptionalInt depth(Hash256 blockHash) {
                ChainHeader tip = headers.tip();
                return headers.get(blockHash).filter(h -> headers.isOnBestChain(h.hash()))
                        .map(h -> OptionalInt.of(tip.height() - h.height())).orElse(OptionalInt.empty());
            }

            @Override
            public Optional<Block> block(Hash256 blockHash) {
                return storage.get(blockHash);
            }
        };
    }
}
