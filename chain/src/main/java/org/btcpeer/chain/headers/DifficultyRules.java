package org.btcpeer.chain.headers;

import java.math.BigInteger;

import org.btcpeer.wire.chain.CompactTarget;

/**
 * The bits a header must carry, as Core's {@code GetNextWorkRequired} and
 * {@code CalculateNextWorkRequired} (pow.cpp) compute them over a {@link HeaderIndex}.
 */
final class DifficultyRules {

    private final ConsensusParams params;
    private final long powLimitBits;

    DifficultyRules(ConsensusParams params) {
        this.params = params;
        this.powLimitBits = params.powLimitBits();
    }

    /**
     * The required bits of the child of {@code last} with timestamp {@code time}.
     *
     * @param index the index
     * @param last  the parent's slot
     * @param time  the child's timestamp (the 20-minute rule looks at it)
     * @param ancestors finds an ancestor of a slot at a height
     * @return the compact target the child must carry
     */
    long nextWorkRequired(HeaderIndex index, int last, long time, Ancestors ancestors) {
        int interval = params.difficultyAdjustmentInterval();
        int nextHeight = index.height(last) + 1;
        if (nextHeight % interval != 0) {
            if (params.allowMinDifficulty()) {
                // testnet's rule: a block more than twice the spacing after its parent may use the limit
                if (time > index.time(last) + params.targetSpacingSecs() * 2) {
                    return powLimitBits;
                }
                // otherwise the last block that did not use that exception (stopping at the root)
                int slot = last;
                while (index.parent(slot) != HeaderIndex.NONE && index.height(slot) % interval != 0
                        && index.bits(slot) == powLimitBits) {
                    slot = index.parent(slot);
                }
                return index.bits(slot);
            }
            return index.bits(last);
        }
        int first = ancestors.at(last, index.height(last) - (interval - 1));
        return calculateNextWorkRequired(index, last, first);
    }

    private long calculateNextWorkRequired(HeaderIndex index, int last, int first) {
        if (params.noRetargeting()) {
            return index.bits(last);
        }
        long timespan = params.targetTimespanSecs();
        long actual = index.time(last) - index.time(first);
        actual = Math.max(timespan / 4, Math.min(timespan * 4, actual));
        // BIP-94: the period's first block keeps the real difficulty, the last may be a min-difficulty block
        long baseBits = params.enforceBip94() ? index.bits(first) : index.bits(last);
        BigInteger target = CompactTarget.fromBits(baseBits).value()
                .multiply(BigInteger.valueOf(actual)).divide(BigInteger.valueOf(timespan));
        if (target.compareTo(params.powLimit()) > 0) {
            target = params.powLimit();
        }
        return CompactTarget.toBits(target);
    }

    /** Finds ancestors; {@link HeaderChain} answers from its best-chain array where it can. */
    @FunctionalInterface
    interface Ancestors {
        /**
         * The ancestor of {@code slot} at {@code height}.
         *
         * @param slot   a slot
         * @param height at most its height, at least the root's
         * @return the ancestor's slot, or {@link HeaderIndex#NONE} if it lies below the root
         */
        int at(int slot, int height);
    }
}
