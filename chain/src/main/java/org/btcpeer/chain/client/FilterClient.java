package org.btcpeer.chain.client;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.btcpeer.peer.Peer;

/**
 * A BIP-157 light client: scans a range of blocks through the compact filters of several peers
 * and downloads only the blocks that pay or spend a watched script.
 *
 * <pre>
 *  peers with NODE_COMPACT_FILTERS
 *    │ getcfcheckpt(tip of range) from each ── counts checked; the last checkpoint all agree on
 *    │                                         below the range is the trusted start
 *    │ getcfheaders (≤ 2,000) from each ────── chained from the trusted header, checked against the
 *    │                                         peer's own checkpoints, compared across peers
 *    │   disagree at height h ──► getdata block h + getcfilters h from each side
 *    │                            {@link FilterDispute}: convicted peers are disconnected
 *    │ getcfilters (≤ 1,000), one peer a batch ─ each filter must hash to the agreed header
 *    │ match the watched scripts ────────────── getdata the matching blocks only (merkle-checked)
 *    ▼
 *  {@link FilterScan}
 * </pre>
 *
 * Each scan runs on its own virtual thread and reports {@link FilterClientEvent}s there. A peer
 * that does not answer (timeout, disconnect, refusal) is left out of the rest of the scan without
 * blame; a peer the evidence proves false is disconnected. Timeouts are those of
 * {@link org.btcpeer.peer.PeerRequests}, on the peers' clock. {@link #stop()} ends every running
 * scan with {@link FilterClientException.Failure#STOPPED} at its next wait.
 */
public final class FilterClient {

    private final BlockHashes chain;
    private final SpentScriptSource spentScripts;
    private final Consumer<FilterClientEvent> listener;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /**
     * A client following a chain.
     *
     * @param chain        the block hashes by height the filters must be for
     * @param spentScripts where to find spent scripts to settle disputes exactly; {@link SpentScriptSource#NONE} for a light client
     * @param listener     receives the events of every scan, on the scan's thread; must not block long
     */
    public FilterClient(BlockHashes chain, SpentScriptSource spentScripts, Consumer<FilterClientEvent> listener) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.spentScripts = Objects.requireNonNull(spentScripts, "spentScripts");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Starts a scan.
     *
     * @param peers   the peers to use; those without {@code NODE_COMPACT_FILTERS} are ignored
     * @param request the heights and scripts
     * @return the result, or a {@link FilterClientException}
     * @throws IllegalArgumentException if the chain does not reach the last height
     */
    public CompletableFuture<FilterScan> scan(List<Peer> peers, FilterScanRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.toHeight() > chain.tipHeight()) {
            throw new IllegalArgumentException("the chain ends at " + chain.tipHeight() + ", the scan at " + request.toHeight());
        }
        List<Peer> copy = List.copyOf(peers);
        CompletableFuture<FilterScan> result = new CompletableFuture<>();
        Thread.ofVirtual().name("btcpeer-filter-scan").start(() -> {
            try {
                result.complete(new ScanRun(chain, spentScripts, listener, stopped, copy, request).run());
            } catch (FilterClientException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Stops every running and later scan; the peers stay connected. Idempotent. */
    public void stop() {
        stopped.complete(null);
    }
}
