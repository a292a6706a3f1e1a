package org.btcpeer.node;

import java.util.ArrayList;
import java.util.List;

import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.Transaction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link MemoryTransactionPool} with segwit transactions of a real mainnet block (txid differs from wtxid). */
class MemoryTransactionPoolTest {

    private static final Block SEGWIT = TestChain.resourceBlock(
            "blocks/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk");
    /** Five of its transactions with witnesses. */
    private static final List<Transaction> TXS = SEGWIT.transactions().stream()
            .filter(tx -> !tx.txid().equals(tx.wtxid())).skip(1).limit(5).toList();

    @Test
    void findsATransactionByTxidAndByWtxid() {
        MemoryTransactionPool pool = new MemoryTransactionPool(10);
        TXS.forEach(pool::add);
        for (Transaction tx : TXS) {
            assertFalse(tx.txid().equals(tx.wtxid()), "a segwit transaction");
            assertEquals(tx.wtxid(), pool.byTxid(tx.txid()).orElseThrow().wtxid());
            assertEquals(tx.txid(), pool.byWtxid(tx.wtxid()).orElseThrow().txid());
            assertTrue(pool.byTxid(tx.wtxid()).isEmpty(), "a wtxid is not a txid");
        }
        assertEquals(TXS.size(), pool.size());
    }

    @Test
    void addingTwiceKeepsOneAndSaysSo() {
        MemoryTransactionPool pool = new MemoryTransactionPool(10);
        assertTrue(pool.add(TXS.getFirst()));
        assertFalse(pool.add(TXS.getFirst()));
        assertEquals(1, pool.size());
    }

    @Test
    void whenFullTheOldestIsDroppedFromBothIndexes() {
        MemoryTransactionPool pool = new MemoryTransactionPool(3);
        TXS.forEach(pool::add);                              // five into three places
        assertEquals(3, pool.size());
        for (int i = 0; i < TXS.size(); i++) {
            boolean kept = i >= TXS.size() - 3;
            assertEquals(kept, pool.byWtxid(TXS.get(i).wtxid()).isPresent(), "tx " + i);
            assertEquals(kept, pool.byTxid(TXS.get(i).txid()).isPresent(), "tx " + i + " by txid");
        }
    }

    @Test
    void aBlocksTransactionsLeaveThePool() {
        MemoryTransactionPool pool = new MemoryTransactionPool(10);
        TXS.forEach(pool::add);
        pool.removeAll(List.of(TXS.get(1), TXS.get(3), SEGWIT.transactions().getFirst())); // the coinbase was never held
        assertEquals(TXS.size() - 2, pool.size());
        assertTrue(pool.byTxid(TXS.get(1).txid()).isEmpty());
        assertTrue(pool.byWtxid(TXS.get(3).wtxid()).isEmpty());
        List<Transaction> visited = new ArrayList<>();
        pool.forEach(visited::add);
        assertEquals(List.of(TXS.get(0), TXS.get(2), TXS.get(4)), visited);
    }

    @Test
    void aVisitorMayChangeThePool() {
        MemoryTransactionPool pool = new MemoryTransactionPool(10);
        TXS.forEach(pool::add);
        pool.forEach(tx -> pool.removeAll(List.of(tx)));      // walks a copy: no ConcurrentModificationException
        assertEquals(0, pool.size());
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryTransactionPool(0));
    }
}
