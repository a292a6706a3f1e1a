package org.btcpeer.node.tip;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.node.TestChain;
import org.btcpeer.node.download.DownloadedBlock;
import org.btcpeer.node.serve.ChainSource;
import org.btcpeer.node.compact.CompactBlockSource;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ActiveChain}: one block at a time on the tip, header rules re-checked, listeners after. */
class ActiveChainTest {

    private static final TestChain CHAIN = TestChain.regtest(12);
    private static final BigInteger REGTEST_POW_LIMIT = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE);

    private final ActiveChain active = ActiveChain.inMemory(ConsensusParams.of(NetworkParameters.REGTEST));
    private final List<Block> heard = new ArrayList<>();

    {
        active.addListener(heard::add);
    }

    private void connectUpTo(int height) {
        for (int h = active.height() + 1; h <= height; h++) {
            assertTrue(active.connect(CHAIN.at(h)).connected(), "block " + h);
        }
    }

    @Test
    void connectsBlocksThatExtendTheTipAndTellsTheListeners() {
        ConnectResult r = active.connect(CHAIN.at(1));
        ConnectResult.Connected c = assertInstanceOf(ConnectResult.Connected.class, r);
        assertEquals(1, c.tip().height());
        assertEquals(CHAIN.hash(1), c.tip().hash());
        connectUpTo(3);
        assertEquals(3, active.height());
        assertEquals(CHAIN.hash(3), active.tip().hash());
        assertEquals(List.of(CHAIN.at(1), CHAIN.at(2), CHAIN.at(3)), heard);
        assertEquals(Optional.of(CHAIN.at(2)), active.block(CHAIN.hash(2)));
        assertTrue(active.extendsTip(CHAIN.at(4).header()));
        assertFalse(active.extendsTip(CHAIN.at(3).header()));
    }

    @Test
    void aBlockThatDoesNotExtendTheTipChangesNothing() {
        connectUpTo(2);
        assertEquals(new ConnectResult.NotExtending(CHAIN.hash(2)), active.connect(CHAIN.at(2)));   // again
        assertEquals(new ConnectResult.NotExtending(CHAIN.hash(2)), active.connect(CHAIN.at(4)));   // a gap
        Block fork = TestChain.extend(CHAIN.hash(1), 2, 1, 7).getFirst();
        assertEquals(new ConnectResult.NotExtending(CHAIN.hash(2)), active.connect(fork));
        assertEquals(2, active.height());
        assertEquals(2, heard.size());
        assertEquals(Optional.empty(), active.block(fork.hash()));
    }

    @Test
    void aHeaderBreakingTheRulesIsInvalidAndNotStored() {
        connectUpTo(1);
        BlockHeader good = CHAIN.at(2).header();
        BlockHeader noWork = null;
        for (long nonce = good.nonce() + 1; noWork == null; nonce++) {
            BlockHeader h = new BlockHeader(good.version(), good.prevBlock(), good.merkleRoot(), good.time(), good.bits(), nonce);
            if (!h.checkProofOfWork(REGTEST_POW_LIMIT)) {
                noWork = h;
            }
        }
        Block bad = new Block(noWork, CHAIN.at(2).transactions());
        ConnectResult r = active.connect(bad);
        assertInstanceOf(ConnectResult.Invalid.class, r, r.toString());
        assertFalse(r.connected());
        assertEquals(1, active.height());
        assertEquals(1, heard.size());
        assertEquals(Optional.empty(), active.block(bad.hash()));
        assertTrue(active.connect(CHAIN.at(2)).connected(), "the real block still connects");
    }

    @Test
    void servesHeadersBlocksAndDepthsOfTheBlocksItHolds() {
        connectUpTo(10);
        ChainSource chain = active.chainSource();
        assertEquals(10, chain.height());
        assertEquals(Optional.of(CHAIN.at(4).header()), chain.header(4));
        assertEquals(OptionalInt.of(4), chain.height(CHAIN.hash(4)));
        assertEquals(OptionalInt.empty(), chain.height(CHAIN.hash(11)));
        assertEquals(Optional.of(CHAIN.at(4).serialization()), chain.block(CHAIN.hash(4)));
        assertEquals(Optional.empty(), chain.block(CHAIN.hash(11)));
        CompactBlockSource compact = active.compactSource();
        assertEquals(OptionalInt.of(0), compact.depth(CHAIN.hash(10)));
        assertEquals(OptionalInt.of(6), compact.depth(CHAIN.hash(4)));
        assertEquals(OptionalInt.empty(), compact.depth(CHAIN.hash(11)));
        assertEquals(OptionalInt.empty(), compact.depth(Hash256.ZERO));
        assertEquals(Optional.of(CHAIN.at(9)), compact.block(CHAIN.hash(9)));
    }

    @Test
    void theDownloadConsumerConnectsInOrderAndStopsAtABlockThatDoesNotConnect() throws Exception {
        var consumer = active.downloadConsumer();
        consumer.accept(new DownloadedBlock(1, CHAIN.at(1), 100, 1));
        assertEquals(1, active.height());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> consumer.accept(new DownloadedBlock(3, CHAIN.at(3), 100, 1)));
        assertTrue(e.getMessage().contains("block 3"), e.getMessage());
        assertEquals(1, active.height());
    }

    @Test
    void usesTheApplicationsStorage() {
        List<Hash256> put = new ArrayList<>();
        ActiveChain own = ActiveChain.of(org.btcpeer.chain.headers.HeaderChain.builder(
                ConsensusParams.of(NetworkParameters.REGTEST)).build(), new BlockStorage() {
                    @Override
                    public void put(Block block) {
                        put.add(block.hash());
                    }

                    @Override
                    public Optional<Block> get(Hash256 blockHash) {
                        return Optional.empty();   // pruned at once
                    }
                });
        assertTrue(own.connect(CHAIN.at(1)).connected());
        assertEquals(List.of(CHAIN.hash(1)), put);
        assertEquals(Optional.empty(), own.chainSource().block(CHAIN.hash(1)));
        assertEquals(OptionalInt.of(1), own.chainSource().height(CHAIN.hash(1)));
    }

    @Test
    void servesTheRawBytesOfAStoreThatKeepsThem() {
        Map<Hash256, ByteString> files = new HashMap<>();   // raw blocks, as block files hold them
        Map<Hash256, Block> decoded = new HashMap<>();
        ActiveChain own = ActiveChain.of(org.btcpeer.chain.headers.HeaderChain.builder(
                ConsensusParams.of(NetworkParameters.REGTEST)).build(), new BlockStorage() {
                    @Override
                    public void put(Block block) {
                        files.put(block.hash(), block.serialization());
                        decoded.put(block.hash(), block);
                    }

                    @Override
                    public Optional<Block> get(Hash256 blockHash) {
                        return Optional.ofNullable(decoded.get(blockHash));
                    }

                    @Override
                    public Optional<ByteString> serialized(Hash256 blockHash) {
                        return Optional.ofNullable(files.get(blockHash));
                    }
                });
        assertTrue(own.connect(CHAIN.at(1)).connected());
        ByteString stored = files.get(CHAIN.hash(1));
        // the very bytes the store holds: neither decoded nor encoded again on the way to a peer
        assertSame(stored, own.chainSource().block(CHAIN.hash(1)).orElseThrow());
    }
}
