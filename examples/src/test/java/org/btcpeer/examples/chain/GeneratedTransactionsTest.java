package org.btcpeer.examples.chain;

import java.util.List;

import org.btcpeer.chain.filter.FilterIndex;
import org.btcpeer.chain.filter.GcsFilter;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.Transaction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated chain with real transactions: their shape, and the filters built from them. */
class GeneratedTransactionsTest {

    private static final MemoryChain CHAIN = RegtestChainGenerator.withSeed(7).generateWithTransactions(110);

    @Test
    void spendsStartAfterCoinbaseMaturity() {
        assertEquals(1, CHAIN.block(100).transactions().size());
        for (int h = 101; h <= 110; h++) {
            Block b = CHAIN.block(h);
            assertEquals(3, b.transactions().size());
            assertEquals(b.header().merkleRoot(), b.computeMerkleRoot().root());
            Transaction pay = b.transactions().get(1);
            assertEquals(CHAIN.block(h - 100).transactions().get(0).txid(), pay.inputs().get(0).prevout().txid());
            assertEquals(pay.txid(), b.transactions().get(2).inputs().get(0).prevout().txid());
        }
    }

    @Test
    void filtersHoldCreatedAndSpentScriptsButNotOpReturn() {
        FilterIndex index = FilterIndex.of(CHAIN.blocks());
        for (int h = 101; h <= 110; h++) {
            GcsFilter f = index.get(h).filter().filter();
            assertTrue(f.matchAll(List.of(RegtestChainGenerator.OP_TRUE, RegtestChainGenerator.heightScript(h),
                    RegtestChainGenerator.witnessProgramScript(h))), "height " + h);
            assertEquals(3, f.size(), "OP_TRUE (created and spent) counts once");
            assertFalse(f.matchAny(List.of(ByteString.fromHex("6a04" + "%08x".formatted(h)))));
        }
    }
}
