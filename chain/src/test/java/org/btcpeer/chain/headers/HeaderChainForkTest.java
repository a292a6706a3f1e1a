package org.btcpeer.chain.headers;

import static org.btcpeer.chain.headers.TestHeaders.EASY_BITS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import org.btcpeer.wire.chain.BlockHeader;
import org.junit.jupiter.api.Test;

/** Forks, the most-work rule, reorg events and the locator over a mined chain. */
class HeaderChainForkTest {

    private final List<String> events = new ArrayList<>();

    private HeaderChain chain() {
        HeaderChain chain = HeaderChain.builder(TestHeaders.lowDifficulty(false, false)).root(TestHeaders.easyRoot())
                .clock(InstantSource.fixed(Instant.ofEpochSecond(TestHeaders.T0 + 86_400 * 100L))).build();
        chain.addListener(new HeaderChainListener() {
            @Override
            public void onConnected(ChainHeader h) {
                events.add("+" + h.height() + ":" + h.hash().toString().substring(58));
            }

            @Override
            public void onDisconnected(ChainHeader h) {
                events.add("-" + h.height() + ":" + h.hash().toString().substring(58));
            }
        });
        return chain;
    }

    /** Mines {@code n} children of {@code parent}; {@code salt} makes a distinct branch. */
    private static List<BlockHeader> branch(BlockHeader parent, int n, long salt) {
        List<BlockHeader> out = new ArrayList<>();
        BlockHeader p = parent;
        for (int i = 0; i < n; i++) {
            p = TestHeaders.mine(p, p.time() + 600 + salt, EASY_BITS);
            out.add(p);
        }
        return out;
    }

    private static String tag(BlockHeader h, int height, char sign) {
        return sign + "" + height + ":" + h.hash().toString().substring(58);
    }

    @Test
    void aLongerForkReorganizesWithEventsInOrder() throws Exception {
        HeaderChain chain = chain();
        List<BlockHeader> a = branch(chain.tip().header(), 5, 0);
        chain.addAll(a);
        List<BlockHeader> b = branch(a.get(1), 4, 1); // forks at height 2, reaches 6
        events.clear();
        chain.addAll(b.subList(0, 3)); // height 5 on b: equal work, first seen stays
        assertEquals(a.get(4).hash(), chain.tip().hash());
        assertEquals(List.of(), events);
        assertFalse(chain.isOnBestChain(b.get(0).hash()));
        assertEquals(1 + 5 + 3, chain.size());

        chain.add(b.get(3));
        assertEquals(List.of(tag(a.get(4), 5, '-'), tag(a.get(3), 4, '-'), tag(a.get(2), 3, '-'),
                tag(b.get(0), 3, '+'), tag(b.get(1), 4, '+'), tag(b.get(2), 5, '+'), tag(b.get(3), 6, '+')), events);
        assertEquals(6, chain.height());
        assertEquals(b.get(0).hash(), chain.atHeight(3).orElseThrow().hash());
        assertEquals(a.get(1).hash(), chain.atHeight(2).orElseThrow().hash());
        assertTrue(chain.get(a.get(4).hash()).isPresent(), "the old branch stays known");
        assertFalse(chain.isOnBestChain(a.get(4).hash()));
    }

    @Test
    void aKnownHeaderIsReturnedAsItIs() throws Exception {
        HeaderChain chain = chain();
        List<BlockHeader> a = branch(chain.tip().header(), 3, 0);
        chain.addAll(a);
        events.clear();
        ChainHeader again = chain.add(a.get(1));
        assertEquals(2, again.height());
        assertEquals(List.of(), events);
        assertEquals(4, chain.size());
    }

    @Test
    void theLocatorFollowsTheBestChain() throws Exception {
        HeaderChain chain = chain();
        List<BlockHeader> a = branch(chain.tip().header(), 19, 0); // below the first retarget (20)
        chain.addAll(a);
        var locator = chain.locator();
        List<Integer> heights = BlockLocator.heights(19, 0);
        assertEquals(heights.size(), locator.size());
        for (int i = 0; i < heights.size(); i++) {
            assertEquals(chain.atHeight(heights.get(i)).orElseThrow().hash(), locator.get(i));
        }
        assertEquals(chain.root().header().hash(), locator.get(locator.size() - 1));
    }
}
