package org.btcpeer.examples.chain;

import java.util.List;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.BlockHeader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Locator semantics as Core's FindForkInMainChain / ProcessGetHeaders. */
class MemoryChainTest {

    private static MemoryChain chain;

    @BeforeAll
    static void generate() {
        chain = RegtestChainGenerator.withSeed(7).generate(2_500);
    }

    private static Hash256 hash(int height) {
        return chain.block(height).hash();
    }

    @Test
    void fromGenesisAtMost2000() {
        List<BlockHeader> h = chain.headersAfter(List.of(hash(0)), Hash256.ZERO, 2000);
        assertEquals(2000, h.size());
        assertEquals(hash(1), h.get(0).hash());
        assertEquals(hash(2000), h.get(1999).hash());
    }

    @Test
    void firstKnownLocatorHashWins() {
        Hash256 unknown = Hash256.fromHex("11".repeat(32));
        List<BlockHeader> h = chain.headersAfter(List.of(unknown, hash(2400), hash(100)), Hash256.ZERO, 2000);
        assertEquals(100, h.size());
        assertEquals(hash(2401), h.get(0).hash());
    }

    @Test
    void unknownLocatorStartsAfterGenesis() {
        Hash256 unknown = Hash256.fromHex("22".repeat(32));
        assertEquals(0, chain.forkHeight(List.of(unknown)));
        assertEquals(hash(1), chain.headersAfter(List.of(unknown), Hash256.ZERO, 2000).get(0).hash());
    }

    @Test
    void stopsAtTheStopHash() {
        List<BlockHeader> h = chain.headersAfter(List.of(hash(10)), hash(15), 2000);
        assertEquals(5, h.size());
        assertEquals(hash(15), h.get(4).hash());
    }

    @Test
    void emptyLocatorAsksForTheStopHashAlone() {
        assertEquals(List.of(chain.block(42).header()), chain.headersAfter(List.of(), hash(42), 2000));
        assertTrue(chain.headersAfter(List.of(), Hash256.ZERO, 2000).isEmpty());
    }

    @Test
    void atTheTipNothingFollows() {
        assertTrue(chain.headersAfter(List.of(chain.tip().hash()), Hash256.ZERO, 2000).isEmpty());
    }
}
