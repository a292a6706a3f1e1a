package org.btcpeer.chain.client;

import java.util.List;
import java.util.Optional;

import org.btcpeer.chain.filter.BlockFilter;
import org.btcpeer.chain.filter.FilterCheckException;
import org.btcpeer.chain.filter.FilterChecks;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.MerkleRoot;
import org.btcpeer.wire.message.CFilterMessage;

/**
 * Settles a disagreement on one block's filter header with the block itself, without I/O
 * (BIP-157 "client operation": download the block, derive the filter, ban the peers whose header
 * does not match). Peers agree on the filter header before the block and differ on the block's;
 * each peer's claim is its header and the cfilter it sends for the block. A claim is false when:
 *
 * <ol>
 *   <li>the cfilter does not hash to the peer's own header (it contradicts itself);</li>
 *   <li>the filter misses one of the block's output scripts (a Golomb-coded set has no false
 *       negatives), Neutrino's test, which needs nothing but the block;</li>
 *   <li>the spent scripts are known and the filter built from the block and them
 *       ({@link BlockFilter#basic}) has another header (the exact test).</li>
 * </ol>
 * Without spent scripts a filter that holds every output script but forges the spent ones cannot
 * be convicted: the client then cannot tell who lies and says so.
 */
public final class FilterDispute {

    private FilterDispute() {
    }

    /**
     * Why a block a peer sent is not the block asked for, if it is not.
     *
     * @param block        the block received
     * @param expectedHash the hash asked for
     * @return the problem, or empty if the hash and the merkle root (unmutated) agree
     */
    public static Optional<String> blockProblem(Block block, Hash256 expectedHash) {
        if (!block.hash().equals(expectedHash)) {
            return Optional.of("block " + block.hash() + " instead of " + expectedHash);
        }
        MerkleRoot root = block.computeMerkleRoot();
        if (root.mutated() || !root.root().equals(block.header().merkleRoot())) {
            return Optional.of("block " + expectedHash + " has transactions that do not match its merkle root");
        }
        return Optional.empty();
    }

    /**
     * Why a peer's claim on a block's filter is false, if the evidence shows it.
     *
     * @param block          the block, checked with {@link #blockProblem}
     * @param previousHeader the filter header before the block, agreed by the disputing peers
     * @param claimedHeader  the peer's filter header for the block
     * @param claimedFilter  the peer's cfilter for the block
     * @param spentScripts   the scripts the block spends, if known
     * @return the evidence against the peer, or empty if none
     */
    public static Optional<String> evidence(Block block, Hash256 previousHeader, Hash256 claimedHeader,
                                            CFilterMessage claimedFilter, Optional<List<ByteString>> spentScripts) {
        BlockFilter filter;
        try {
            filter = FilterChecks.filter(claimedFilter, block.hash(), previousHeader, claimedHeader);
        } catch (FilterCheckException e) {
            return Optional.of("its cfilter for " + block.hash() + " contradicts its cfheaders: " + e.getMessage());
        }
        List<ByteString> missing = FilterChecks.unmatchedOutputs(block, filter);
        if (!missing.isEmpty()) {
            return Optional.of("its filter for " + block.hash() + " misses output script " + missing.getFirst().hex()
                    + (missing.size() > 1 ? " and " + (missing.size() - 1) + " more" : ""));
        }
        if (spentScripts.isPresent()) {
            Hash256 exact = BlockFilter.basic(block, spentScripts.get()).header(previousHeader);
            if (!exact.equals(claimedHeader)) {
                return Optional.of("the filter built from block " + block.hash() + " and its spent scripts has header "
                        + exact + ", it claimed " + claimedHeader);
            }
        }
        return Optional.empty();
    }
}
