package org.btcpeer.examples.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.sync.HeaderSync;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * The CLI's header download from its one peer: the library's {@link HeaderSync} does the work
 * (getheaders, validation, low-work protection); this waits for it with the CLI's limits and turns
 * the outcome into a one-line {@link SyncException}.
 */
public final class HeadersDownload {

    private HeadersDownload() {
    }

    /**
     * Adds the session's peer to {@code sync} and waits until it caught up, or the chain reached
     * {@code max}.
     *
     * @param session  a session connected with {@code sync.listeners()}
     * @param sync     a running sync
     * @param max      stop once the best chain is this high (the chain may hold a few more)
     * @param idle     fail if the height does not move for this long
     * @param progress called with the height as it grows
     * @return the best header, or the one at {@code max}
     * @throws SyncException        if the peer left (e.g. disconnected for bad headers) or went idle
     * @throws InterruptedException if interrupted
     */
    public static ChainHeader run(ClientSession session, HeaderSync sync, int max, Duration idle, IntConsumer progress)
            throws SyncException, InterruptedException {
        HeaderChain chain = sync.chain();
        sync.addPeer(session.peer());
        int lastHeight = chain.height();
        long lastMove = System.nanoTime();
        while (chain.height() < max) {
            try {
                sync.synced().get(100, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                // still syncing
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                throw new SyncException("header sync stopped: " + e);
            }
            int height = chain.height();
            if (height != lastHeight) {
                lastHeight = height;
                lastMove = System.nanoTime();
                progress.accept(height);
            } else if (!session.peer().isConnected()) {
                throw new SyncException("the peer left during the header sync: " + ClientSession.disconnectDetail(session.peer()));
            } else if (System.nanoTime() - lastMove > idle.toNanos()) {
                throw new SyncException("no new headers for " + idle.toSeconds() + " s at height " + height);
            }
        }
        progress.accept(chain.height());
        return chain.atHeight(Math.min(max, chain.height())).orElseThrow();
    }

    /**
     * The best chain's headers above the root up to {@code tip}, in order, e.g. to fetch their blocks.
     *
     * @param chain the chain
     * @param tip   the last header wanted, on the best chain
     * @return the headers
     */
    public static List<BlockHeader> headersUpTo(HeaderChain chain, ChainHeader tip) {
        List<BlockHeader> out = new ArrayList<>(tip.height() - chain.root().height());
        for (int h = chain.root().height() + 1; h <= tip.height(); h++) {
            Optional<ChainHeader> c = chain.atHeight(h);
            c.ifPresent(x -> out.add(x.header()));
        }
        return out;
    }
}
