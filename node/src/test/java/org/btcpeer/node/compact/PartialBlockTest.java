package org.btcpeer.node.compact;

import java.util.ArrayList;
import java.util.List;

import org.btcpeer.node.TransactionPool;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.HeaderAndShortIds;
import org.btcpeer.wire.chain.PrefilledTransaction;
import org.btcpeer.wire.chain.ShortIdKey;
import org.btcpeer.wire.chain.ShortIds;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxIndexes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Core's PartiallyDownloadedBlock rules on mainnet block 574,200 (3,315 transactions). */
class PartialBlockTest {

    static final long NONCE = 0x0123456789abcdefL;
    static Block block;
    static HeaderAndShortIds compact;

    @BeforeAll
    static void load() {
        block = CompactPeers.segwitBlock();
        compact = HeaderAndShortIds.fromBlock(block, NONCE);
    }

    static PartialBlock ok(ReadOutcome<PartialBlock> r) {
        return assertInstanceOf(ReadOutcome.Ok.class, r, r.toString()).value() instanceof PartialBlock p ? p : null;
    }

    @Test
    void aFullPoolRebuildsTheBlockWithoutMissingTransactions() {
        PartialBlock p = ok(PartialBlock.init(compact, new MapPool(block.transactions().subList(1, 3315))));
        assertEquals(1, p.prefilledCount());
        assertEquals(3314, p.fromPool());
        assertTrue(p.missing().isEmpty());
        ReadOutcome<Block> filled = p.fill(List.of());
        assertEquals(block.serialization(), ((ReadOutcome.Ok<Block>) filled).value().serialization());
        assertThrows(IllegalStateException.class, () -> p.fill(List.of()), "fill is once only");
    }

    @Test
    void aPartialPoolNamesExactlyTheMissingPositionsAndFillsThemInOrder() {
        List<Transaction> pool = new ArrayList<>(block.transactions().subList(1, 3315));
        List<Transaction> missing = List.of(block.transactions().get(7), block.transactions().get(100), block.transactions().get(3314));
        pool.removeAll(missing);
        PartialBlock p = ok(PartialBlock.init(compact, new MapPool(pool)));
        assertEquals(TxIndexes.of(7, 100, 3314), p.missing());
        assertEquals(3311, p.fromPool());
        Block rebuilt = ((ReadOutcome.Ok<Block>) p.fill(missing)).value();
        assertEquals(block.hash(), rebuilt.hash());
        assertEquals(block.serialization(), rebuilt.serialization());
    }

    @Test
    void tooFewOrTooManyBlockTransactionsAreInvalid() {
        List<Transaction> pool = new ArrayList<>(block.transactions().subList(1, 3315));
        pool.remove(block.transactions().get(5));
        PartialBlock p = ok(PartialBlock.init(compact, new MapPool(pool)));
        assertInstanceOf(ReadOutcome.Invalid.class, p.fill(List.of()));
        PartialBlock q = ok(PartialBlock.init(compact, new MapPool(pool)));
        assertInstanceOf(ReadOutcome.Invalid.class, q.fill(List.of(block.transactions().get(5), block.transactions().get(6))));
    }

    @Test
    void twoEqualShortIdsInTheMessageFailTheBlock() {
        long[] ids = compact.shortIds().toArray();
        ids[10] = ids[20];
        HeaderAndShortIds colliding = new HeaderAndShortIds(block.header(), NONCE, ShortIds.of(ids), compact.prefilled());
        ReadOutcome<PartialBlock> r = PartialBlock.init(colliding, new MapPool(block.transactions()));
        assertEquals(FallbackReason.SHORT_ID_COLLISION, assertInstanceOf(ReadOutcome.Failed.class, r).reason());
    }

    @Test
    void twoPoolTransactionsWithOneShortIdLeaveTheSlotToBeRequested() {
        Transaction inBlock = block.transactions().get(50);
        Transaction impostor = block.transactions().get(51);
        ShortIdKey key = compact.shortIdKey();
        // position 51's transaction claims position 50's short id too; position 51 is then missing as well
        Hash256 impostorId = impostor.wtxid();
        long stolen = key.shortId(inBlock.wtxid());
        PartialBlock p = ok(PartialBlock.init(compact, new MapPool(block.transactions().subList(1, 3315)),
                wtxid -> wtxid.equals(impostorId) ? stolen : key.shortId(wtxid)));
        assertEquals(TxIndexes.of(50, 51), p.missing());
        assertEquals(3312, p.fromPool());
    }

    @Test
    void aPoolTransactionPosingAsABlockTransactionIsCaughtAsMutated() {
        Transaction outsider = CompactPeers.block(CompactPeers.OLDER_BLOCK).transactions().get(1);
        long[] ids = compact.shortIds().toArray();
        ids[0] = compact.shortIdKey().shortId(outsider.wtxid()); // slot 1 now matches a transaction of another block
        HeaderAndShortIds wrong = new HeaderAndShortIds(block.header(), NONCE, ShortIds.of(ids), compact.prefilled());
        List<Transaction> pool = new ArrayList<>(block.transactions().subList(2, 3315));
        pool.add(outsider);
        PartialBlock p = ok(PartialBlock.init(wrong, new MapPool(pool)));
        assertTrue(p.missing().isEmpty(), "the outsider filled slot 1");
        ReadOutcome.Failed<Block> failed = assertInstanceOf(ReadOutcome.Failed.class, p.fill(List.of()));
        assertEquals(FallbackReason.BLOCK_MUTATED, failed.reason(), failed.detail());
    }

    @Test
    void aBlockWithoutTransactionsIsInvalid() {
        HeaderAndShortIds empty = new HeaderAndShortIds(block.header(), NONCE, ShortIds.EMPTY, List.<PrefilledTransaction>of());
        assertInstanceOf(ReadOutcome.Invalid.class, PartialBlock.init(empty, TransactionPool.empty()));
    }
}
