package org.btcpeer.node.compact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import org.btcpeer.node.TransactionPool;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.HeaderAndShortIds;
import org.btcpeer.wire.chain.PrefilledTransaction;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxIndexes;

/**
 * A block being rebuilt from a compact block (Core's {@code PartiallyDownloadedBlock}): the
 * prefilled transactions and those the pool had, with the positions still missing. No I/O and no
 * threads: {@link #init} and {@link #fill} are the two steps, a getblocktxn round trip between them.
 *
 * <p>Collisions are handled as Core's {@code InitData}: two equal short ids in the message fail
 * the block ({@link FallbackReason#SHORT_ID_COLLISION}); two pool transactions with the short id
 * of one slot leave that slot empty, so it is requested rather than guessed. A wrong guess that
 * slips through (a pool transaction sharing a short id with a different block transaction) is
 * caught by {@link #fill}'s mutation check ({@link FallbackReason#BLOCK_MUTATED}).
 *
 * <p>Not thread-safe; {@link #fill} may be called once.
 */
public final class PartialBlock {

    private final BlockHeader header;
    private final Transaction[] slots;
    private final int prefilledCount;
    private final int fromPool;
    private boolean filled;

    private PartialBlock(BlockHeader header, Transaction[] slots, int prefilledCount, int fromPool) {
        this.header = header;
        this.slots = slots;
        this.prefilledCount = prefilledCount;
        this.fromPool = fromPool;
    }

    /**
     * Places the prefilled transactions and matches every pool transaction's short id against the
     * block's (Core's {@code InitData}).
     *
     * @param compact the compact block (its indexes were checked when decoded)
     * @param pool    the transactions we have
     * @return the partial block; {@link ReadOutcome.Invalid} for a block without transactions;
     *         {@link ReadOutcome.Failed} if two short ids are equal
     */
    public static ReadOutcome<PartialBlock> init(HeaderAndShortIds compact, TransactionPool pool) {
        return init(compact, pool, compact.shortIdKey()::shortId);
    }

    /** {@link #init(HeaderAndShortIds, TransactionPool)} with the pool's short ids from {@code shortIdOf} (tests force collisions). */
    static ReadOutcome<PartialBlock> init(HeaderAndShortIds compact, TransactionPool pool, ToLongFunction<Hash256> shortIdOf) {
        int count = compact.blockTxCount();
        if (count == 0) {
            return new ReadOutcome.Invalid<>("a compact block without short ids or prefilled transactions");
        }
        Transaction[] slots = new Transaction[count]; // count <= 65535: bounded when decoded
        boolean[] prefilled = new boolean[count];
        for (PrefilledTransaction p : compact.prefilled()) {
            slots[p.index()] = p.transaction();
            prefilled[p.index()] = true;
        }
        ShortIdTable table = ShortIdTable.build(compact.shortIds(), prefilled);
        if (table.hasDuplicate()) {
            return new ReadOutcome.Failed<>(FallbackReason.SHORT_ID_COLLISION,
                    "two of the " + compact.shortIds().size() + " short ids are equal");
        }
        PoolMatch match = new PoolMatch(shortIdOf, table, slots, compact.shortIds().size());
        pool.forEach(match);
        return new ReadOutcome.Ok<>(new PartialBlock(compact.header(), slots, compact.prefilled().size(), match.matched));
    }

    /** Fills slots from pool transactions; a second match for a slot empties it for good. */
    private static final class PoolMatch implements Consumer<Transaction> {
        private final ToLongFunction<Hash256> shortIdOf;
        private final ShortIdTable table;
        private final Transaction[] slots;
        private final boolean[] seen;
        private final int wanted;
        int matched;

        PoolMatch(ToLongFunction<Hash256> shortIdOf, ShortIdTable table, Transaction[] slots, int wanted) {
            this.shortIdOf = shortIdOf;
            this.table = table;
            this.slots = slots;
            this.seen = new boolean[slots.length];
            this.wanted = wanted;
        }

        @Override
        public void accept(Transaction tx) {
            if (matched == wanted) {
                return; // Core stops scanning once every short id matched (an accepted risk there too)
            }
            int position = table.positionOf(shortIdOf.applyAsLong(tx.wtxid()));
            if (position < 0) {
                return;
            }
            if (!seen[position]) {
                seen[position] = true;
                slots[position] = tx;
                matched++;
            } else if (slots[position] != null && !slots[position].wtxid().equals(tx.wtxid())) {
                slots[position] = null; // two pool txs claim this slot: request it instead
                matched--;
            }
        }
    }

    /**
     * The header of the block.
     *
     * @return the header
     */
    public BlockHeader header() {
        return header;
    }

    /**
     * The block hash.
     *
     * @return the hash
     */
    public Hash256 hash() {
        return header.hash();
    }

    /**
     * The number of transactions in the block.
     *
     * @return the count
     */
    public int txCount() {
        return slots.length;
    }

    /**
     * How many transactions came prefilled in the message.
     *
     * @return the count
     */
    public int prefilledCount() {
        return prefilledCount;
    }

    /**
     * How many transactions the pool supplied.
     *
     * @return the count
     */
    public int fromPool() {
        return fromPool;
    }

    /**
     * The positions still missing, for a getblocktxn.
     *
     * @return the positions, empty if the block is complete
     */
    public TxIndexes missing() {
        int[] missing = new int[slots.length - prefilledCount - fromPool];
        int n = 0;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                missing[n++] = i;
            }
        }
        return TxIndexes.of(n == missing.length ? missing : Arrays.copyOf(missing, n));
    }

    /**
     * Completes the block with the missing transactions, in position order (Core's {@code FillBlock}).
     *
     * @param missingTxs the transactions of a blocktxn answer (empty if nothing was missing)
     * @return the block; {@link ReadOutcome.Invalid} if the count does not match what was missing;
     *         {@link ReadOutcome.Failed} if the block does not match its header
     * @throws IllegalStateException if called twice
     */
    public ReadOutcome<Block> fill(List<Transaction> missingTxs) {
        if (filled) {
            throw new IllegalStateException("fill was already called for " + hash());
        }
        filled = true;
        List<Transaction> txs = new ArrayList<>(slots.length);
        int next = 0;
        for (Transaction slot : slots) {
            if (slot != null) {
                txs.add(slot);
            } else if (next < missingTxs.size()) {
                txs.add(missingTxs.get(next++));
            } else {
                return new ReadOutcome.Invalid<>("blocktxn has " + missingTxs.size()
                        + " transactions, fewer than the block is missing");
            }
        }
        if (next != missingTxs.size()) {
            return new ReadOutcome.Invalid<>("blocktxn has " + missingTxs.size() + " transactions, "
                    + next + " were missing");
        }
        Block block = new Block(header, txs);
        Optional<String> mutation = BlockMutation.check(block);
        if (mutation.isPresent()) {
            return new ReadOutcome.Failed<>(FallbackReason.BLOCK_MUTATED, mutation.get());
        }
        return new ReadOutcome.Ok<>(block);
    }
}
