package org.btcpeer.chain.headers;

import static org.btcpeer.chain.headers.TestHeaders.EASY_BITS;
import static org.btcpeer.chain.headers.TestHeaders.EASY_LIMIT;
import static org.btcpeer.chain.headers.TestHeaders.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.CompactTarget;
import org.junit.jupiter.api.Test;

/**
 * Each contextual rule, on a low-difficulty chain mined in the test (20-block retarget interval,
 * easy limit): a header that breaks exactly that rule is rejected with it, and its neighbour that
 * keeps the rule is accepted.
 */
class HeaderRulesTest {

    private static final long NOW = T0 + 100 * 86_400L;
    private static final long LIMIT_BITS = CompactTarget.toBits(EASY_LIMIT);

    private static HeaderChain chain(ConsensusParams params) {
        return HeaderChain.builder(params).root(TestHeaders.easyRoot())
                .clock(InstantSource.fixed(Instant.ofEpochSecond(NOW))).build();
    }

    /** Mines and adds {@code n} valid headers, {@code spacing} seconds apart. */
    private static BlockHeader extend(HeaderChain chain, int n, long spacing) throws HeaderValidationException {
        BlockHeader tip = chain.tip().header();
        for (int i = 0; i < n; i++) {
            long time = tip.time() + spacing;
            tip = TestHeaders.mine(tip, time, chain.nextRequiredBits(tip.hash(), time));
            chain.add(tip);
        }
        return tip;
    }

    private static HeaderRule rejected(HeaderChain chain, BlockHeader h) {
        return assertThrows(HeaderValidationException.class, () -> chain.add(h)).rule();
    }

    private static long scaled(long bits, long numerator, long denominator) {
        return CompactTarget.toBits(CompactTarget.fromBits(bits).value()
                .multiply(BigInteger.valueOf(numerator)).divide(BigInteger.valueOf(denominator)));
    }

    @Test
    void betweenRetargetsTheBitsMustEqualTheParents() throws Exception {
        HeaderChain chain = chain(TestHeaders.lowDifficulty(false, false));
        BlockHeader tip = extend(chain, 3, 600);
        assertEquals(HeaderRule.DIFFICULTY_BITS, rejected(chain, TestHeaders.mine(tip, tip.time() + 600, 0x2000fffeL)));
        chain.add(TestHeaders.mine(tip, tip.time() + 600, EASY_BITS));
    }

    @Test
    void aRetargetScalesByTheTimespanClampedToAQuarter() throws Exception {
        HeaderChain chain = chain(TestHeaders.lowDifficulty(false, false));
        BlockHeader tip = extend(chain, 19, 150); // 19 x 150 s = 2850 s, below 12000 / 4
        long expected = scaled(EASY_BITS, 1, 4);
        assertEquals(expected, chain.nextRequiredBits(tip.hash(), tip.time() + 600));
        assertEquals(HeaderRule.DIFFICULTY_BITS, rejected(chain, TestHeaders.mine(tip, tip.time() + 600, EASY_BITS)));
        chain.add(TestHeaders.mine(tip, tip.time() + 600, expected));
        assertEquals(20, chain.height());
    }

    @Test
    void aRetargetScalesByTheTimespanClampedToFourTimes() throws Exception {
        HeaderChain chain = chain(TestHeaders.lowDifficulty(false, false));
        BlockHeader tip = extend(chain, 19, 3000); // 57000 s, above 4 x 12000
        assertEquals(scaled(EASY_BITS, 4, 1), chain.nextRequiredBits(tip.hash(), tip.time() + 600));
    }

    @Test
    void testnetTwentyMinuteRuleAllowsTheLimitOnlyAfterTwiceTheSpacing() throws Exception {
        HeaderChain chain = chain(TestHeaders.lowDifficulty(true, false));
        BlockHeader tip = extend(chain, 2, 600);
        assertEquals(HeaderRule.DIFFICULTY_BITS, rejected(chain, TestHeaders.mine(tip, tip.time() + 1200, LIMIT_BITS)));
        assertEquals(HeaderRule.DIFFICULTY_BITS, rejected(chain, TestHeaders.mine(tip, tip.time() + 1201, EASY_BITS)));
        BlockHeader minDifficulty = TestHeaders.mine(tip, tip.time() + 1201, LIMIT_BITS);
        chain.add(minDifficulty);
        // the next on-time block returns to the last real difficulty, not the limit
        assertEquals(HeaderRule.DIFFICULTY_BITS,
                rejected(chain, TestHeaders.mine(minDifficulty, minDifficulty.time() + 600, LIMIT_BITS)));
        chain.add(TestHeaders.mine(minDifficulty, minDifficulty.time() + 600, EASY_BITS));
    }

    /** 18 on-time blocks, then a min-difficulty one closing the period. */
    private static BlockHeader periodEndingInMinDifficulty(HeaderChain chain) throws HeaderValidationException {
        BlockHeader tip = extend(chain, 18, 600);
        BlockHeader last = TestHeaders.mine(tip, tip.time() + 1201, LIMIT_BITS);
        chain.add(last);
        return last;
    }

    @Test
    void bip94RetargetsFromThePeriodsFirstBlock() throws Exception {
        HeaderChain testnet4 = chain(TestHeaders.lowDifficulty(true, true));
        BlockHeader last4 = periodEndingInMinDifficulty(testnet4);
        HeaderChain testnet3 = chain(TestHeaders.lowDifficulty(true, false));
        BlockHeader last3 = periodEndingInMinDifficulty(testnet3);

        long actual = 18 * 600 + 1201;
        assertEquals(scaled(EASY_BITS, actual, 12_000), testnet4.nextRequiredBits(last4.hash(), last4.time() + 600));
        assertEquals(LIMIT_BITS, testnet3.nextRequiredBits(last3.hash(), last3.time() + 600), "testnet3 keeps the min-difficulty base");
        assertNotEquals(LIMIT_BITS, scaled(EASY_BITS, actual, 12_000));
    }

    @Test
    void bip94RejectsATimeWarpAtTheRetarget() throws Exception {
        HeaderChain testnet4 = chain(TestHeaders.lowDifficulty(true, true));
        BlockHeader tip = extend(testnet4, 19, 600);
        long bits = testnet4.nextRequiredBits(tip.hash(), tip.time() - 601);
        assertEquals(HeaderRule.TIME_WARP, rejected(testnet4, TestHeaders.mine(tip, tip.time() - 601, bits)));
        testnet4.add(TestHeaders.mine(tip, tip.time() - 600, bits));

        HeaderChain mainnetRules = chain(TestHeaders.lowDifficulty(false, false));
        BlockHeader tip2 = extend(mainnetRules, 19, 600);
        mainnetRules.add(TestHeaders.mine(tip2, tip2.time() - 601, mainnetRules.nextRequiredBits(tip2.hash(), 0)));
    }

    @Test
    void theTimeMustBeAfterTheMedianOfTheLastEleven() throws Exception {
        HeaderChain chain = chain(TestHeaders.lowDifficulty(false, false));
        BlockHeader tip = extend(chain, 12, 600);
        long median = tip.time() - 5 * 600;
        assertEquals(HeaderRule.TIME_TOO_OLD, rejected(chain, TestHeaders.mine(tip, median, EASY_BITS)));
        chain.add(TestHeaders.mine(tip, median + 1, EASY_BITS));
    }

    @Test
    void theTimeMayBeAtMostTwoHoursAhead() throws Exception {
        HeaderChain chain = chain(TestHeaders.lowDifficulty(false, false));
        BlockHeader tip = extend(chain, 2, 600);
        assertEquals(HeaderRule.TIME_TOO_NEW, rejected(chain, TestHeaders.mine(tip, NOW + 7201, EASY_BITS)));
        chain.add(TestHeaders.mine(tip, NOW + 7200, EASY_BITS));
    }

    @Test
    void oldVersionsAreRejectedFromTheirBipHeights() throws Exception {
        ConsensusParams params = new ConsensusParams(NetworkParameters.REGTEST, EASY_LIMIT, 20 * 600, 600,
                false, false, false, 3, 5, 7, BigInteger.ZERO);
        HeaderChain chain = chain(params);
        BlockHeader tip = chain.tip().header();
        int[][] table = { // height, lowest accepted version
            {1, 1}, {2, 1}, {3, 2}, {4, 2}, {5, 3}, {6, 3}, {7, 4}, {8, 4},
        };
        for (int[] row : table) {
            int height = row[0];
            int minimum = row[1];
            long time = tip.time() + 600;
            if (minimum > 1) {
                BlockHeader old = TestHeaders.mine(minimum - 1, tip.hash(), time, EASY_BITS, EASY_LIMIT);
                assertEquals(HeaderRule.VERSION_TOO_OLD, rejected(chain, old), "height " + height);
            }
            tip = TestHeaders.mine(minimum, tip.hash(), time, EASY_BITS, EASY_LIMIT);
            assertEquals(height, chain.add(tip).height());
        }
    }

    @Test
    void aHeaderOffACheckpointIsRejected() throws Exception {
        ChainRoot root = TestHeaders.easyRoot();
        BlockHeader one = TestHeaders.mine(root.header(), T0 + 600, EASY_BITS);
        BlockHeader two = TestHeaders.mine(one, T0 + 1200, EASY_BITS);
        BlockHeader otherTwo = TestHeaders.mine(one, T0 + 1201, EASY_BITS);
        HeaderChain chain = HeaderChain.builder(TestHeaders.lowDifficulty(false, false)).root(root)
                .clock(InstantSource.fixed(Instant.ofEpochSecond(NOW))).checkpoints(Map.of(2, two.hash())).build();
        chain.add(one);
        assertEquals(HeaderRule.CHECKPOINT_MISMATCH, rejected(chain, otherTwo));
        chain.add(two);
    }

    @Test
    void unknownAndRejectedParentsAreNamed() throws Exception {
        HeaderChain chain = chain(TestHeaders.lowDifficulty(false, false));
        BlockHeader tip = extend(chain, 2, 600);
        BlockHeader orphan = TestHeaders.mine(4, Hash256.doubleSha256(org.btcpeer.wire.ByteString.ofAscii("no such parent")), tip.time() + 600, EASY_BITS, EASY_LIMIT);
        HeaderValidationException e = assertThrows(HeaderValidationException.class, () -> chain.add(orphan));
        assertEquals(HeaderRule.UNKNOWN_PARENT, e.rule());
        assertEquals(-1, e.height());

        BlockHeader bad = TestHeaders.mine(tip, tip.time() + 600, 0x2000fffeL);
        assertEquals(HeaderRule.DIFFICULTY_BITS, rejected(chain, bad));
        assertEquals(HeaderRule.INVALID_PARENT, rejected(chain, TestHeaders.mine(bad, bad.time() + 600, 0x2000fffeL)));
        assertEquals(HeaderRule.INVALID_PARENT, rejected(chain, bad), "a rejected header stays rejected");
    }

    @Test
    void regtestNeverRetargets() throws Exception {
        HeaderChain chain = HeaderChain.builder(ConsensusParams.REGTEST)
                .clock(InstantSource.fixed(Instant.ofEpochSecond(NOW))).build();
        BlockHeader tip = chain.tip().header();
        for (int i = 1; i <= 2017; i++) {
            long time = tip.time() + 1;
            tip = TestHeaders.mine(4, tip.hash(), time, 0x207fffffL, ConsensusParams.REGTEST.powLimit());
            chain.add(tip);
        }
        assertEquals(2017, chain.height());
        assertEquals(0x207fffffL, chain.atHeight(2016).orElseThrow().header().bits());
    }
}
