package org.btcpeer.chain.headers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.BlockHeader;
import org.junit.jupiter.api.Test;

/** 8,065 real mainnet headers across four retargets, validated with mainnet's rules. */
class HeaderChainMainnetTest {

    private static HeaderChain chainFrom(List<BlockHeader> headers) {
        BlockHeader first = headers.get(0);
        long last = headers.get(headers.size() - 1).time();
        return HeaderChain.builder(ConsensusParams.MAINNET)
                .root(new ChainRoot(first, TestHeaders.MAINNET_FIRST, first.work()))
                .clock(InstantSource.fixed(Instant.ofEpochSecond(last + 3600)))
                .build();
    }

    @Test
    void realHeadersAcrossFourRetargetsValidate() throws Exception {
        List<BlockHeader> headers = TestHeaders.mainnet();
        HeaderChain chain = chainFrom(headers);
        chain.addAll(headers.subList(1, headers.size()));

        assertEquals(TestHeaders.MAINNET_FIRST + 8064, chain.height());
        assertEquals(830_592, chain.height());
        assertEquals(headers.get(headers.size() - 1).hash(), chain.tip().hash());
        BigInteger work = BigInteger.ZERO;
        for (BlockHeader h : headers) {
            work = work.add(h.work());
        }
        assertEquals(work, chain.tip().chainWork());
        for (int retarget : new int[] {824_544, 826_560, 828_576, 830_592}) {
            long before = chain.atHeight(retarget - 1).orElseThrow().header().bits();
            long after = chain.atHeight(retarget).orElseThrow().header().bits();
            assertNotEquals(before, after, "difficulty changes at " + retarget);
        }
        assertEquals(headers.get(4000).hash(), chain.atHeight(TestHeaders.MAINNET_FIRST + 4000).orElseThrow().hash());
    }

    @Test
    void editedRealHeaderFailsProofOfWork() throws Exception {
        List<BlockHeader> headers = TestHeaders.mainnet();
        HeaderChain chain = chainFrom(headers);
        chain.addAll(headers.subList(1, 100));
        BlockHeader real = headers.get(100);
        BlockHeader edited = new BlockHeader(real.version(), real.prevBlock(), real.merkleRoot(), real.time(),
                real.bits(), (real.nonce() + 1) & 0xffff_ffffL);
        HeaderValidationException e = assertThrows(HeaderValidationException.class, () -> chain.add(edited));
        assertEquals(HeaderRule.PROOF_OF_WORK, e.rule());
        assertEquals(TestHeaders.MAINNET_FIRST + 100, e.height());
        assertEquals(edited.hash(), e.header());
        chain.add(real);
    }

    @Test
    void aRootOffARetargetBoundaryIsRefused() throws Exception {
        BlockHeader h = TestHeaders.mainnet().get(1);
        assertThrows(IllegalArgumentException.class, () -> HeaderChain.builder(ConsensusParams.MAINNET)
                .root(new ChainRoot(h, TestHeaders.MAINNET_FIRST + 1, h.work())).build());
    }

    @Test
    void genesisChainTakesTheFirstElevenRealHeaders() throws Exception {
        List<String> lines;
        try (var in = getClass().getResourceAsStream("/headers/blockheaders-mainnet-1-11.txt")) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.isBlank()).toList();
        }
        HeaderChain chain = HeaderChain.builder(ConsensusParams.MAINNET).build();
        for (String hex : lines) {
            chain.add(BlockHeader.decode(org.btcpeer.wire.ByteString.fromHex(hex.strip())));
        }
        assertEquals(11, chain.height());
        assertEquals(Hash256.fromHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"),
                chain.atHeight(0).orElseThrow().hash());
        assertEquals(Hash256.fromHex("00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048"),
                chain.atHeight(1).orElseThrow().hash());
    }
}
