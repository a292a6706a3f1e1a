package org.btcpeer.chain.headers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.BlockHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mainnet-sized chain (930,000 headers, mainnet's rules with an easy limit so the test can mine
 * it): the heap per header is asserted; the load time is measured and printed, not asserted.
 * {@code -Dbtcpeer.scaleHeaders=N} changes the size.
 */
class HeaderChainScaleTest {

    private static final int COUNT = Integer.getInteger("btcpeer.scaleHeaders", 930_000);

    @TempDir
    Path dir;

    @Test
    void aMainnetSizedFileLoadsWithinTheHeapBudget() throws Exception {
        ConsensusParams params = new ConsensusParams(NetworkParameters.REGTEST, TestHeaders.EASY_LIMIT,
                14 * 24 * 3600, 600, false, false, false, 0, 0, 0, BigInteger.ZERO);
        long start = 1_231_006_505L;
        BlockHeader rootHeader = TestHeaders.mine(4, Hash256.ZERO, start, 0x207fffffL, TestHeaders.EASY_LIMIT);
        InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(start + 600L * (COUNT + 10)));
        HeaderChain.Builder builder = HeaderChain.builder(params).clock(clock)
                .root(new ChainRoot(rootHeader, 0, rootHeader.work()));
        Path file = dir.resolve("big.dat");
        Hash256 tipHash;
        try (HeaderFile f = HeaderFile.open(file, builder)) {
            HeaderChain chain = f.chain();
            BlockHeader tip = rootHeader;
            for (int i = 1; i < COUNT; i++) {
                long time = tip.time() + 600;
                tip = TestHeaders.mine(4, tip.hash(), time, chain.nextRequiredBits(tip.hash(), time), TestHeaders.EASY_LIMIT);
                chain.add(tip);
            }
            tipHash = tip.hash();
        }
        assertEquals(HeaderFile.FILE_HEADER_SIZE + (long) HeaderFile.RECORD_SIZE * COUNT, Files.size(file));

        long t0 = System.nanoTime();
        try (HeaderFile f = HeaderFile.open(file, HeaderChain.builder(params).clock(clock))) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            HeaderChain chain = f.chain();
            assertEquals(COUNT - 1, chain.height());
            assertEquals(tipHash, chain.tip().hash());
            double perHeader = (double) chain.retainedBytes() / chain.size();
            System.out.printf("HeaderChainScaleTest: %,d headers loaded and validated in %,d ms; %.1f bytes of heap per header%n",
                    chain.size(), ms, perHeader);
            assertTrue(perHeader <= 150, "bytes per header " + perHeader);
        }
    }
}
