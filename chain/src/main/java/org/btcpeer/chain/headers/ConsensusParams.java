package org.btcpeer.chain.headers;

import java.math.BigInteger;
import java.util.Objects;

import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.CompactTarget;

/**
 * The header-relevant consensus rules of one network (Core's {@code Consensus::Params} in
 * {@code kernel/chainparams.cpp}): the proof-of-work limit, the retarget schedule and its
 * per-network exceptions, and the heights from which old header versions are rejected.
 *
 * @param network              the network (genesis, magic)
 * @param powLimit             the easiest allowed target ({@code powLimit})
 * @param targetTimespanSecs   {@code nPowTargetTimespan}: two weeks
 * @param targetSpacingSecs    {@code nPowTargetSpacing}: ten minutes
 * @param allowMinDifficulty   {@code fPowAllowMinDifficultyBlocks}: testnet3/testnet4/regtest's 20-minute rule
 * @param noRetargeting        {@code fPowNoRetargeting}: regtest keeps its bits forever
 * @param enforceBip94         {@code enforce_BIP94}: testnet4's retarget base and time-warp rule
 * @param bip34Height          from this height a version below 2 is rejected ({@code BIP34Height})
 * @param bip66Height          from this height a version below 3 is rejected ({@code BIP66Height})
 * @param bip65Height          from this height a version below 4 is rejected ({@code BIP65Height})
 * @param minimumChainWork     {@code nMinimumChainWork}: a chain with less work is not trusted as synced
 */
public record ConsensusParams(NetworkParameters network, BigInteger powLimit, long targetTimespanSecs,
                              long targetSpacingSecs, boolean allowMinDifficulty, boolean noRetargeting,
                              boolean enforceBip94, int bip34Height, int bip66Height, int bip65Height,
                              BigInteger minimumChainWork) {

    /** Core's {@code MAX_FUTURE_BLOCK_TIME}: a header may be at most two hours ahead of our clock. */
    public static final long MAX_FUTURE_BLOCK_TIME_SECS = 2 * 60 * 60;

    /** Core's {@code MAX_TIMEWARP} (BIP-94): a retarget block may be at most 600 s before its parent. */
    public static final long MAX_TIMEWARP_SECS = 600;

    private static final long TWO_WEEKS = 14 * 24 * 60 * 60;
    private static final long TEN_MINUTES = 10 * 60;
    private static final BigInteger LIMIT_224 = BigInteger.ONE.shiftLeft(224).subtract(BigInteger.ONE);

    /** Mainnet. Minimum chain work as in Core's chainparams (the stored 2024 revision; newer releases raise it). */
    public static final ConsensusParams MAINNET = new ConsensusParams(NetworkParameters.MAINNET, LIMIT_224,
            TWO_WEEKS, TEN_MINUTES, false, false, false, 227_931, 363_725, 388_381,
            new BigInteger("63c4ebd298db40af57541800", 16));

    /** Testnet3: the 20-minute min-difficulty rule. */
    public static final ConsensusParams TESTNET3 = new ConsensusParams(NetworkParameters.TESTNET3, LIMIT_224,
            TWO_WEEKS, TEN_MINUTES, true, false, false, 21_111, 330_776, 581_885,
            new BigInteger("c59b14e264ba6c15db9", 16));

    /** Testnet4 (BIP-94): min-difficulty blocks, retarget from the period's first block, time-warp fix. */
    public static final ConsensusParams TESTNET4 = new ConsensusParams(NetworkParameters.TESTNET4, LIMIT_224,
            TWO_WEEKS, TEN_MINUTES, true, false, true, 1, 1, 1, BigInteger.ZERO);

    /** The default signet: mainnet's retarget rules with signet's easier limit. */
    public static final ConsensusParams SIGNET = new ConsensusParams(NetworkParameters.SIGNET,
            new BigInteger("00000377ae000000000000000000000000000000000000000000000000000000", 16),
            TWO_WEEKS, TEN_MINUTES, false, false, false, 1, 1, 1, new BigInteger("206e86f08e8", 16));

    /** Regtest: no retargeting, the easiest limit. */
    public static final ConsensusParams REGTEST = new ConsensusParams(NetworkParameters.REGTEST,
            BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE),
            TWO_WEEKS, TEN_MINUTES, true, true, false, 1, 1, 1, BigInteger.ZERO);

    /**
     * Checks the fields.
     *
     * @param network              the network
     * @param powLimit             the easiest allowed target
     * @param targetTimespanSecs   the retarget period's intended length
     * @param targetSpacingSecs    the intended block interval
     * @param allowMinDifficulty   the 20-minute rule
     * @param noRetargeting        regtest's fixed bits
     * @param enforceBip94         testnet4's rules
     * @param bip34Height          version 2 from here
     * @param bip66Height          version 3 from here
     * @param bip65Height          version 4 from here
     * @param minimumChainWork     the minimum chain work
     */
    public ConsensusParams {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(powLimit, "powLimit");
        Objects.requireNonNull(minimumChainWork, "minimumChainWork");
        if (powLimit.signum() <= 0 || powLimit.bitLength() > 255) {
            throw new IllegalArgumentException("powLimit must be in (0, 2^255): " + powLimit);
        }
        if (targetSpacingSecs <= 0 || targetTimespanSecs % targetSpacingSecs != 0) {
            throw new IllegalArgumentException("the timespan must be a multiple of the spacing");
        }
    }

    /** The retarget interval in blocks, 2016 ({@code DifficultyAdjustmentInterval()}). */
    public int difficultyAdjustmentInterval() {
        return (int) (targetTimespanSecs / targetSpacingSecs);
    }

    /** The pow limit in compact form, what a min-difficulty block carries. */
    public long powLimitBits() {
        return CompactTarget.toBits(powLimit);
    }

    /** The genesis header of {@link #network()}. */
    public BlockHeader genesisHeader() {
        try {
            return BlockHeader.decode(network.genesisHeader());
        } catch (org.btcpeer.wire.WireException e) {
            throw new IllegalStateException("the built-in genesis header does not decode", e);
        }
    }

    /**
     * The parameters of a built-in network.
     *
     * @param network one of {@link NetworkParameters#ALL}
     * @return its consensus parameters
     * @throws IllegalArgumentException for a network this library has no rules for
     */
    public static ConsensusParams of(NetworkParameters network) {
        for (ConsensusParams p : new ConsensusParams[] {MAINNET, TESTNET3, TESTNET4, SIGNET, REGTEST}) {
            if (p.network.equals(network)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no consensus rules for " + network.name());
    }
}
