package org.btcpeer.node.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * The answers to getheaders and getblocks, computed from a {@link ChainSource} with Core's rules
 * (net_processing.cpp's "getheaders" and "getblocks" handlers). Every answer reads the chain's
 * height once and never goes past it, so a chain growing meanwhile gives a consistent answer.
 */
final class Locators {

    /** Core's {@code MAX_HEADERS_RESULTS}: the most headers in one answer. */
    static final int MAX_HEADERS_RESULTS = 2_000;

    /** Core's limit on the invs one getblocks produces. */
    static final int MAX_GETBLOCKS_RESULTS = 500;

    private Locators() {
    }

    /**
     * Core's {@code FindForkInGlobalIndex} on the best chain: the height of the first locator hash
     * on it (at most {@code tipHeight}), else genesis.
     *
     * @param chain     the chain
     * @param locator   block hashes, newest first
     * @param tipHeight the chain height this answer reads
     * @return the fork height
     */
    static int forkHeight(ChainSource chain, List<Hash256> locator, int tipHeight) {
        for (Hash256 hash : locator) {
            OptionalInt h = chain.height(hash);
            if (h.isPresent()) {
                return Math.min(h.getAsInt(), tipHeight);
            }
        }
        return 0;
    }

    /**
     * The headers a getheaders gets: with a locator, those after its fork point, at most 2,000,
     * ending with the stop hash if it is reached (inclusive); without one, the stop hash's header
     * alone, or no answer at all if it is not on the chain (Core returns without sending).
     *
     * @param chain    the chain
     * @param locator  the peer's locator
     * @param stopHash the last header wanted, or zero
     * @return the headers, or null when Core sends nothing
     */
    static List<BlockHeader> headers(ChainSource chain, List<Hash256> locator, Hash256 stopHash) {
        int tip = chain.height();
        if (locator.isEmpty()) {
            OptionalInt h = chain.height(stopHash);
            if (h.isEmpty() || h.getAsInt() > tip) {
                return null;
            }
            return chain.header(h.getAsInt()).map(List::of).orElse(null);
        }
        int from = forkHeight(chain, locator, tip) + 1;
        List<BlockHeader> out = new ArrayList<>(Math.max(0, Math.min(MAX_HEADERS_RESULTS, tip - from + 1)));
        for (int h = from; h <= tip && out.size() < MAX_HEADERS_RESULTS; h++) {
            BlockHeader header = chain.header(h).orElse(null);
            if (header == null) {
                break; // the chain reorganized under us: answer what we have
            }
            out.add(header);
            if (header.hash().equals(stopHash)) {
                break;
            }
        }
        return out;
    }

    /**
     * What a getblocks gets: the hashes after the locator's fork point, at most 500, stopping
     * before the stop hash (exclusive, unlike getheaders), and the continuation block: the last
     * hash when the 500 limit cut the answer short (Core's {@code m_continuation_block}).
     *
     * @param hashes       the block hashes to announce, oldest first
     * @param continuation the hash whose getdata triggers a tip announcement, or null
     */
    record BlocksAnswer(List<Hash256> hashes, Hash256 continuation) {
    }

    /**
     * Answers a getblocks.
     *
     * @param chain    the chain
     * @param locator  the peer's locator
     * @param stopHash the first hash not wanted, or zero
     * @return the answer
     */
    static BlocksAnswer blocks(ChainSource chain, List<Hash256> locator, Hash256 stopHash) {
        int tip = chain.height();
        int from = forkHeight(chain, locator, tip) + 1;
        List<Hash256> out = new ArrayList<>(Math.max(0, Math.min(MAX_GETBLOCKS_RESULTS, tip - from + 1)));
        for (int h = from; h <= tip; h++) {
            BlockHeader header = chain.header(h).orElse(null);
            if (header == null || header.hash().equals(stopHash)) {
                break;
            }
            out.add(header.hash());
            if (out.size() == MAX_GETBLOCKS_RESULTS) {
                return new BlocksAnswer(out, header.hash());
            }
        }
        return new BlocksAnswer(out, null);
    }
}
