package org.btcpeer.chain.client;

import java.util.List;

import org.btcpeer.wire.chain.Block;

/**
 * The result of a {@link FilterClient} scan.
 *
 * @param request         what was scanned
 * @param filtersVerified how many filters were checked against the agreed filter-header chain
 * @param matches         the blocks whose filter matched a watched script, in height order
 *                        (a filter can match falsely, about 1 in 784,931 per script: check the block)
 * @param droppedPeers    how many peers were disconnected for lying
 */
public record FilterScan(FilterScanRequest request, int filtersVerified, List<MatchedBlock> matches, int droppedPeers) {

    /** Copies the list. */
    public FilterScan {
        matches = List.copyOf(matches);
    }

    /**
     * A block whose filter matched.
     *
     * @param height the height
     * @param block  the block, checked against its hash and merkle root
     */
    public record MatchedBlock(int height, Block block) {
    }
}
