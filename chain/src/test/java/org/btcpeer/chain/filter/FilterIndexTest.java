package org.btcpeer.chain.filter;

import java.util.List;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Building the index: spent scripts, the header chain, linking. */
class FilterIndexTest {

    private static final List<Block> BLOCKS = TestChain.blocks(20);

    @Test
    void spentScriptsIncludeOutputsSpentInTheSameBlock() {
        SpentScripts spent = new SpentScripts();
        assertEquals(List.of(), spent.connect(BLOCKS.get(0)));
        assertEquals(List.of(TestChain.coinbaseScript(0), TestChain.paymentScript(1)), spent.connect(BLOCKS.get(1)));
    }

    @Test
    void spendingAnUnknownOutputIsRefused() {
        SpentScripts spent = new SpentScripts();
        assertThrows(IllegalArgumentException.class, () -> spent.connect(BLOCKS.get(1)));
    }

    @Test
    void aRefusedBlockLeavesTheTrackerAsItWas() {
        SpentScripts spent = new SpentScripts();
        spent.connect(BLOCKS.get(0));
        // block 2's coinbase comes before its spend of block 1's coinbase, which is unknown here
        assertThrows(IllegalArgumentException.class, () -> spent.connect(BLOCKS.get(2)));
        assertEquals(1, spent.size(), "nothing of block 2 remembered");
        assertEquals(List.of(TestChain.coinbaseScript(0), TestChain.paymentScript(1)), spent.connect(BLOCKS.get(1)));
        assertThrows(IllegalArgumentException.class, () -> spent.connect(BLOCKS.get(1)), "its outputs are spent now");
    }

    @Test
    void everyFilterHoldsWhatItsBlockCreatesAndSpends() {
        FilterIndex index = FilterIndex.of(BLOCKS);
        assertEquals(20, index.height());
        for (int h = 1; h <= 20; h++) {
            GcsFilter f = index.get(h).filter().filter();
            assertTrue(f.matchAll(List.of(TestChain.coinbaseScript(h), TestChain.paymentScript(h),
                    TestChain.changeScript(h), TestChain.coinbaseScript(h - 1))), "height " + h);
            assertEquals(4, f.size(), "the OP_RETURN output is not an element; the in-block payment counts once");
            assertFalse(f.matchAny(List.of(ByteString.fromHex("6a0401020304"))));
        }
    }

    @Test
    void headersChainFromZero() {
        FilterIndex index = FilterIndex.of(BLOCKS);
        Hash256 previous = Hash256.ZERO;
        for (int h = 0; h <= 20; h++) {
            IndexedFilter e = index.get(h);
            assertEquals(h, e.height());
            assertEquals(BLOCKS.get(h).hash(), e.blockHash());
            assertEquals(Hash256.doubleSha256(e.filter().encoded()), e.filterHash());
            assertEquals(BlockFilter.header(e.filterHash(), previous), e.header());
            assertEquals(e, index.get(e.blockHash()).orElseThrow());
            previous = e.header();
        }
    }

    @Test
    void aBlockThatDoesNotBuildOnTheTipIsRefused() {
        FilterIndex index = new FilterIndex();
        index.connect(BLOCKS.get(0), List.of());
        assertThrows(IllegalArgumentException.class, () -> index.connect(BLOCKS.get(2), List.of()));
        assertEquals(0, index.height());
        assertTrue(index.get(BLOCKS.get(2).hash()).isEmpty());
    }
}
