package org.btcpeer.chain.headers;

import java.math.BigInteger;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.CompactTarget;
import org.btcpeer.wire.chain.SipHash24;

/**
 * Low-work header spam protection for one peer's initial header sync, as Core's
 * {@code HeadersSyncState} (headerssync.cpp): the peer's headers are not stored until its chain has
 * proven at least the minimum chain work.
 *
 * <pre>
 *   PRESYNC ──(work ≥ minimum)──► REDOWNLOAD ──(all released)──► FINAL
 *      │  keeps: last header, work, height,        │ re-requests from the start, checks each
 *      │  one salted-hash bit per commitment       │ commitment bit, releases headers once more
 *      │  period (memory bounded by the longest    │ than the buffer size are checked
 *      │  chain possible since the start's MTP)    │
 *      └──(gap, bad PoW / difficulty, too long, short message)──► FINAL (nothing stored)
 * </pre>
 *
 * <p>Memory per peer: the commitment bits (at most {@code 6 × seconds since the start's MTP / period},
 * about 600 KB for mainnet from genesis) plus at most {@code redownloadBufferSize + 2000} buffered
 * headers. Headers released by {@link #process} have passed proof of work and the permitted
 * difficulty transitions; the caller adds them to a {@link HeaderChain}, which checks everything.
 * Not thread-safe: one sync, one thread.
 */
public final class HeadersPresync {

    /** The phases. */
    public enum State {
        /** Counting the peer's work without storing headers. */
        PRESYNC,
        /** Downloading the same chain again, checking it against the commitments. */
        REDOWNLOAD,
        /** Done, failed or aborted; the object is spent. */
        FINAL
    }

    /**
     * What one headers message did.
     *
     * @param success     false if the peer's headers were unusable (the sync is over)
     * @param requestMore whether to send getheaders with {@link #nextLocator()}
     * @param released    headers ready to add to the chain, in order (empty during PRESYNC)
     */
    public record Result(boolean success, boolean requestMore, List<BlockHeader> released) {
        /**
         * Copies the list.
         *
         * @param success     success
         * @param requestMore request more
         * @param released    released headers
         */
        public Result {
            released = List.copyOf(released);
        }
    }

    private final ConsensusParams consensus;
    private final PresyncParams params;
    private final ChainHeader start;
    private final List<Hash256> startLocator;
    private final BigInteger minimumWork;
    private final long saltK0;
    private final long saltK1;
    private final int commitOffset;
    private final long maxCommitments;
    private final ProofOfWorkCheck pow;

    private State state = State.PRESYNC;
    private final BitSet commitments = new BitSet();
    private int commitmentsHead; // index of the oldest unread bit
    private int commitmentsTail; // index of the next bit to write
    private BlockHeader lastReceived;
    private int height;
    private BigInteger work;

    private final ArrayDeque<BlockHeader> buffer = new ArrayDeque<>();
    private Hash256 bufferLastHash;
    private long bufferLastBits;
    private int bufferLastHeight;
    private BigInteger redownloadWork;
    private boolean releaseAll;

    /**
     * Starts a sync from a header we have.
     *
     * @param chain       the chain the headers will join (its rules, its locator below the start)
     * @param start       the header to sync from, usually the chain's tip
     * @param minimumWork the work the peer's chain must prove, e.g. {@link ConsensusParams#minimumChainWork()}
     * @param params      commitment period and buffer size
     * @param random      the salt and the commitment offset (never predictable by the peer)
     * @param clock       now, for the bound on the chain's length
     */
    public HeadersPresync(HeaderChain chain, ChainHeader start, BigInteger minimumWork, PresyncParams params,
                          RandomGenerator random, InstantSource clock) {
        this.consensus = chain.params();
        this.params = Objects.requireNonNull(params, "params");
        this.start = Objects.requireNonNull(start, "start");
        this.minimumWork = Objects.requireNonNull(minimumWork, "minimumWork");
        this.startLocator = startLocator(chain, start);
        this.saltK0 = random.nextLong();
        this.saltK1 = random.nextLong();
        this.commitOffset = random.nextInt(params.commitmentPeriod());
        this.pow = new ProofOfWorkCheck(consensus.powLimit());
        // Core: at most 6 blocks a second (the MTP rule) from the start's median time past until now + 2 h
        long seconds = Math.max(0, clock.instant().getEpochSecond() - chain.medianTimePast(start.hash()))
                + ConsensusParams.MAX_FUTURE_BLOCK_TIME_SECS;
        this.maxCommitments = 6 * seconds / params.commitmentPeriod();
        this.lastReceived = start.header();
        this.height = start.height();
        this.work = start.chainWork();
    }

    private static List<Hash256> startLocator(HeaderChain chain, ChainHeader start) {
        List<Hash256> out = new ArrayList<>();
        for (int h : BlockLocator.heights(start.height(), chain.root().height())) {
            out.add(h == start.height() ? start.hash() : chain.atHeight(h).orElseThrow().hash());
        }
        return out;
    }

    /** The phase. */
    public State state() {
        return state;
    }

    /** The height reached in the peer's chain (PRESYNC) or in the redownload, for progress. */
    public int height() {
        return state == State.REDOWNLOAD ? bufferLastHeight : height;
    }

    /** The peer chain's work counted so far in PRESYNC. */
    public BigInteger presyncWork() {
        return work;
    }

    /**
     * The locator for the next getheaders: the last header received (or stored for the
     * redownload), then the start's locator (Core's {@code NextHeadersRequestLocator}).
     *
     * @return the locator, empty once FINAL
     */
    public List<Hash256> nextLocator() {
        if (state == State.FINAL) {
            return List.of();
        }
        List<Hash256> out = new ArrayList<>(startLocator.size() + 1);
        out.add(state == State.PRESYNC ? lastReceived.hash() : bufferLastHash);
        out.addAll(startLocator);
        return out.subList(0, Math.min(out.size(), BlockLocator.MAX_ENTRIES));
    }

    /**
     * Processes the next headers message of the peer (Core's {@code ProcessNextHeaders}).
     *
     * @param headers     the headers, not empty
     * @param fullMessage whether the message held the maximum 2,000 headers (the peer may have more)
     * @return what happened and the headers ready for the chain
     */
    public Result process(List<BlockHeader> headers, boolean fullMessage) {
        if (headers.isEmpty() || state == State.FINAL) {
            return new Result(false, false, List.of());
        }
        Result r;
        if (state == State.PRESYNC) {
            boolean ok = presync(headers);
            r = new Result(ok, ok && (fullMessage || state == State.REDOWNLOAD), List.of());
        } else {
            boolean ok = true;
            for (BlockHeader h : headers) {
                if (!redownload(h)) {
                    ok = false;
                    break;
                }
            }
            List<BlockHeader> released = ok ? popReady() : List.of();
            boolean more = ok && !(buffer.isEmpty() && releaseAll) && fullMessage;
            r = new Result(ok, more, released);
        }
        if (!(r.success() && r.requestMore())) {
            finish();
        }
        return r;
    }

    private boolean presync(List<BlockHeader> headers) {
        if (!headers.get(0).prevBlock().equals(lastReceived.hash())) {
            return false; // not continuous: give up (the peer may have reorged)
        }
        for (BlockHeader h : headers) {
            int next = height + 1;
            Hash256 hash = h.hash();
            if (!pow.check(h.bits(), hash) || !permittedDifficultyTransition(next, lastReceived.bits(), h.bits())) {
                return false;
            }
            if (next % params.commitmentPeriod() == commitOffset) {
                commitments.set(commitmentsTail++, commitmentBit(hash));
                if (commitmentsTail - commitmentsHead > maxCommitments) {
                    return false; // longer than any valid chain can be now
                }
            }
            work = work.add(workOf(pow));
            lastReceived = h;
            height = next;
        }
        if (work.compareTo(minimumWork) >= 0) {
            state = State.REDOWNLOAD;
            buffer.clear();
            bufferLastHash = start.hash();
            bufferLastBits = start.header().bits();
            bufferLastHeight = start.height();
            redownloadWork = start.chainWork();
        }
        return true;
    }

    /** The last checked header's work as a number. */
    private static BigInteger workOf(ProofOfWorkCheck pow) {
        return new BigInteger(Long.toUnsignedString(pow.workHigh())).shiftLeft(64)
                .or(new BigInteger(Long.toUnsignedString(pow.workLow())));
    }

    private boolean redownload(BlockHeader h) {
        int next = bufferLastHeight + 1;
        Hash256 hash = h.hash();
        if (!h.prevBlock().equals(bufferLastHash)) {
            return false;
        }
        if (!pow.check(h.bits(), hash) || !permittedDifficultyTransition(next, bufferLastBits, h.bits())) {
            return false;
        }
        redownloadWork = redownloadWork.add(workOf(pow));
        if (redownloadWork.compareTo(minimumWork) >= 0) {
            releaseAll = true;
        }
        if (!releaseAll && next % params.commitmentPeriod() == commitOffset) {
            if (commitmentsHead == commitmentsTail) {
                return false; // commitment overrun: a different, longer chain
            }
            boolean expected = commitments.get(commitmentsHead);
            commitments.clear(commitmentsHead++);
            if (commitmentBit(hash) != expected) {
                return false; // a different chain than the one that proved the work
            }
        }
        buffer.addLast(h);
        bufferLastHash = hash;
        bufferLastBits = h.bits();
        bufferLastHeight = next;
        return true;
    }

    private List<BlockHeader> popReady() {
        List<BlockHeader> out = new ArrayList<>();
        while (buffer.size() > params.redownloadBufferSize() || (!buffer.isEmpty() && releaseAll)) {
            out.add(buffer.removeFirst());
        }
        return out;
    }

    private boolean commitmentBit(Hash256 hash) {
        return (SipHash24.hash(saltK0, saltK1, hash) & 1) != 0;
    }

    private void finish() {
        state = State.FINAL;
        commitments.clear();
        buffer.clear();
    }

    /**
     * Core's {@code PermittedDifficultyTransition}: between retargets the bits must not change; at
     * a retarget the new target must lie within what a quarter to four times the timespan allows.
     * Networks with min-difficulty blocks allow anything.
     */
    private boolean permittedDifficultyTransition(int height, long oldBits, long newBits) {
        if (consensus.allowMinDifficulty()) {
            return true;
        }
        if (height % consensus.difficultyAdjustmentInterval() == 0) {
            long timespan = consensus.targetTimespanSecs();
            BigInteger observed = CompactTarget.fromBits(newBits).value();
            BigInteger old = CompactTarget.fromBits(oldBits).value();
            BigInteger largest = old.multiply(BigInteger.valueOf(timespan * 4)).divide(BigInteger.valueOf(timespan)).min(consensus.powLimit());
            BigInteger smallest = old.multiply(BigInteger.valueOf(timespan / 4)).divide(BigInteger.valueOf(timespan)).min(consensus.powLimit());
            BigInteger maximum = CompactTarget.fromBits(CompactTarget.toBits(largest)).value();
            BigInteger minimum = CompactTarget.fromBits(CompactTarget.toBits(smallest)).value();
            return observed.compareTo(maximum) <= 0 && observed.compareTo(minimum) >= 0;
        }
        return oldBits == newBits;
    }
}
