package org.btcpeer.examples.chain;

import java.math.BigInteger;
import java.util.List;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.CompactTarget;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxInput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegtestChainGeneratorTest {

    private static final BigInteger POW_LIMIT = CompactTarget.fromBits(NetworkParameters.REGTEST.powLimitBits()).value();
    private static MemoryChain chain;

    @BeforeAll
    static void generate() {
        chain = RegtestChainGenerator.withSeed(1).generate(320); // past the first halving at 150 and 300
    }

    @Test
    void isDeterministic() {
        MemoryChain again = RegtestChainGenerator.withSeed(1).generate(320);
        assertEquals(chain.tip().hash(), again.tip().hash());
        assertEquals(Hash256.fromHex("5aefeec7b36248fdef3242162f9c0672b973010b5707dc4d6d116b7224c6bfa1"),
                RegtestChainGenerator.withSeed(1).generate(300).tip().hash(), "seed 1, 300 blocks: the demo's tip");
        assertNotEquals(chain.block(1).hash(), RegtestChainGenerator.withSeed(2).generate(1).tip().hash());
    }

    @Test
    void startsAtRegtestGenesisAndLinks() {
        assertEquals(320, chain.height());
        assertEquals(NetworkParameters.REGTEST.genesisHash(), chain.block(0).hash());
        for (int h = 1; h <= chain.height(); h++) {
            assertEquals(chain.block(h - 1).hash(), chain.block(h).header().prevBlock(), "height " + h);
            assertEquals(h, chain.heightOf(chain.block(h).hash()).orElseThrow());
        }
    }

    @Test
    void everyBlockHasValidProofOfWorkAndRegtestFields() {
        for (Block b : chain.blocks().subList(1, chain.blocks().size())) {
            assertTrue(b.header().checkProofOfWork(POW_LIMIT), b.toString());
            assertEquals(0x207fffffL, b.header().bits());
            assertEquals(0x20000000, b.header().version());
        }
    }

    @Test
    void merkleRootsMatchTheOneCoinbase() {
        for (Block b : chain.blocks()) {
            assertEquals(1, b.transactions().size());
            assertTrue(b.transactions().get(0).isCoinbase());
            assertFalse(b.transactions().get(0).hasWitness(), "no witness, so no commitment is needed");
            assertEquals(b.header().merkleRoot(), b.computeMerkleRoot().root());
            assertEquals(b.transactions().get(0).txid(), b.header().merkleRoot(), "one tx: the root is its txid");
        }
    }

    @Test
    void coinbaseStartsWithItsBip34HeightAndIsTwoToHundredBytes() {
        for (int h = 1; h <= chain.height(); h++) {
            TxInput in = chain.block(h).transactions().get(0).inputs().get(0);
            assertEquals(Long.valueOf(h), ScriptNum.decodeLeadingNumber(in.scriptSig()).orElseThrow(), "height " + h);
            byte[] expected = ScriptNum.pushInt(h);
            assertEquals(org.btcpeer.wire.ByteString.wrap(expected), in.scriptSig().slice(0, expected.length));
            assertTrue(in.scriptSig().size() >= 2 && in.scriptSig().size() <= 100, "bad-cb-length at " + h);
        }
        assertEquals(0x51, chain.block(1).transactions().get(0).inputs().get(0).scriptSig().byteAt(0) & 0xff, "OP_1");
        assertEquals(0x01, chain.block(17).transactions().get(0).inputs().get(0).scriptSig().byteAt(0) & 0xff, "push 1");
    }

    @Test
    void coinbasePaysTheRegtestSubsidy() {
        assertEquals(50 * RegtestChainGenerator.COIN, value(chain.block(149)));
        assertEquals(25 * RegtestChainGenerator.COIN, value(chain.block(150)));
        assertEquals(25 * RegtestChainGenerator.COIN, value(chain.block(299)));
        assertEquals(1_250_000_000L, value(chain.block(300)));
        assertEquals(0, RegtestChainGenerator.subsidy(150 * 64));
    }

    private static long value(Block b) {
        return b.transactions().get(0).outputs().get(0).value();
    }

    @Test
    void timestampsRiseAboveTheMedianOfThePreviousEleven() {
        for (int h = 1; h <= chain.height(); h++) {
            assertTrue(chain.block(h).header().time() > chain.medianTimePast(h - 1), "height " + h);
        }
        assertEquals(RegtestChainGenerator.DEFAULT_START_TIME, chain.block(1).header().time());
    }

    @Test
    void blocksRoundTripThroughTheirEncoding() throws Exception {
        for (Block b : chain.blocks()) {
            Block decoded = Block.decode(b.serialization());
            assertEquals(b.hash(), decoded.hash());
            assertEquals(b.header(), decoded.header());
            assertEquals(b.transactions(), decoded.transactions());
            assertEquals(b.serialization(), decoded.serialization());
        }
    }

    @Test
    void spendingACoinbaseGivesARealTransaction() throws Exception {
        Transaction tx = RegtestChainGenerator.spendCoinbase(chain.block(1), 1_000);
        assertEquals(chain.block(1).transactions().get(0).txid(), tx.inputs().get(0).prevout().txid());
        assertEquals(50 * RegtestChainGenerator.COIN - 1_000, tx.outputs().get(0).value());
        assertEquals(tx, Transaction.decode(tx.serialization()));
    }

    @Test
    void medianTimePastIsTheMiddleOfElevenSorted() {
        assertEquals(chain.block(5).header().time(), chain.medianTimePast(10),
                "11 rising times from heights 0..10: the median is height 5");
        List<Block> some = chain.blocks().subList(1, 12);
        assertEquals(some.get(5).header().time(), MemoryChain.medianTimePast(some));
    }
}
