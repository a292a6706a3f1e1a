package org.btcpeer.chain.headers;

import java.math.BigInteger;
import java.util.Objects;

import org.btcpeer.wire.chain.BlockHeader;

/**
 * The trusted first header of a {@link HeaderChain}: the genesis, or a checkpoint a light client
 * starts from (as bitcoinj and Neutrino do). Its own proof of work is not checked and nothing
 * before it is known, so a root must sit on a retarget boundary (the next retarget needs the
 * period's first header), and the first 11 headers after it see a shorter median-time-past.
 *
 * @param header    the header
 * @param height    its height; a multiple of the retarget interval unless the network never retargets
 * @param chainWork the cumulative work up to and including it (Core's {@code chainwork} from
 *                  {@code getblockheader}); for the genesis, its own work
 */
public record ChainRoot(BlockHeader header, int height, BigInteger chainWork) {

    /**
     * Checks the fields.
     *
     * @param header    the header
     * @param height    not negative
     * @param chainWork not negative
     */
    public ChainRoot {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(chainWork, "chainWork");
        if (height < 0 || chainWork.signum() < 0) {
            throw new IllegalArgumentException("height and work are not negative");
        }
    }

    /**
     * The genesis of a network as a root.
     *
     * @param params the network's rules
     * @return height 0 and the genesis's own work
     */
    public static ChainRoot genesis(ConsensusParams params) {
        BlockHeader g = params.genesisHeader();
        return new ChainRoot(g, 0, g.work());
    }
}
