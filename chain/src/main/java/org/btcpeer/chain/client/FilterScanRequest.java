package org.btcpeer.chain.client;

import java.util.Set;

import org.btcpeer.wire.ByteString;

/**
 * What a {@link FilterClient} scan covers: the blocks from one height to another, both included,
 * and the output scripts the caller watches (empty: verify filters, download nothing).
 *
 * @param fromHeight the first height
 * @param toHeight   the last height
 * @param scripts    the watched scripts
 */
public record FilterScanRequest(int fromHeight, int toHeight, Set<ByteString> scripts) {

    /** Checks the range and copies the scripts. */
    public FilterScanRequest {
        if (fromHeight < 0 || toHeight < fromHeight) {
            throw new IllegalArgumentException("a scan covers heights 0 <= from <= to, not " + fromHeight + ".." + toHeight);
        }
        scripts = Set.copyOf(scripts);
    }
}
