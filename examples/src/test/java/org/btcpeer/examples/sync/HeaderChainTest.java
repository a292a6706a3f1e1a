package org.btcpeer.examples.sync;

import java.util.List;

import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.BlockHeader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderChainTest {

    private final MemoryChain source = RegtestChainGenerator.withSeed(3).generate(40);

    private HeaderChain load(int n) throws SyncException {
        HeaderChain c = new HeaderChain(NetworkParameters.REGTEST);
        for (int h = 1; h <= n; h++) {
            c.append(source.block(h).header());
        }
        return c;
    }

    @Test
    void appendsLinkedHeadersWithValidWork() throws Exception {
        HeaderChain c = load(40);
        assertEquals(40, c.height());
        assertEquals(source.tip().hash(), c.tipHash());
        assertEquals(17, c.heightOf(source.block(17).hash()).orElseThrow());
    }

    @Test
    void rejectsAHeaderThatDoesNotLink() throws Exception {
        HeaderChain c = load(5);
        SyncException e = assertThrows(SyncException.class, () -> c.append(source.block(7).header()));
        assertTrue(e.getMessage().contains("does not link"), e.getMessage());
    }

    @Test
    void rejectsAHeaderWithoutProofOfWork() throws Exception {
        HeaderChain c = load(5);
        BlockHeader good = source.block(6).header();
        // Find a nonce whose hash misses the regtest target (about half of them do).
        for (long nonce = 0; ; nonce++) {
            BlockHeader bad = new BlockHeader(good.version(), good.prevBlock(), good.merkleRoot(), good.time(), good.bits(), nonce);
            if (!bad.checkProofOfWork(org.btcpeer.wire.chain.CompactTarget.fromBits(0x207fffffL).value())) {
                SyncException e = assertThrows(SyncException.class, () -> c.append(bad));
                assertTrue(e.getMessage().contains("proof of work"), e.getMessage());
                return;
            }
        }
    }

    @Test
    void locatorIsCoreShapedAndEndsWithGenesis() throws Exception {
        HeaderChain c = load(40);
        List<Hash256> loc = c.locator();
        assertEquals(source.block(40).hash(), loc.get(0));
        assertEquals(source.block(31).hash(), loc.get(9), "ten steps of one");
        assertEquals(source.block(29).hash(), loc.get(10), "then doubling");
        assertEquals(source.block(25).hash(), loc.get(11));
        assertEquals(NetworkParameters.REGTEST.genesisHash(), loc.get(loc.size() - 1));
        assertEquals(List.of(NetworkParameters.REGTEST.genesisHash()), new HeaderChain(NetworkParameters.REGTEST).locator());
    }
}
