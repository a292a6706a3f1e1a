package org.btcpeer.examples.sync;

import java.util.function.IntConsumer;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.Message;

/**
 * Downloads the header chain from genesis: getheaders with a locator for our tip, append and
 * verify the answer ({@link HeaderChain#append}), repeat until a batch is shorter than 2,000
 * (Core's {@code MAX_HEADERS_RESULTS}: the peer has nothing more) or {@code max} is reached.
 */
public final class HeaderSync {

    private HeaderSync() {
    }

    /**
     * Syncs headers.
     *
     * @param session  a connected session
     * @param max      stop after this many headers
     * @param progress called with the height after each batch
     * @return the verified chain
     * @throws SyncException        if a header fails verification, an answer is missing or the peer leaves
     * @throws InterruptedException if interrupted
     */
    public static HeaderChain sync(ClientSession session, int max, IntConsumer progress)
            throws SyncException, InterruptedException {
        HeaderChain chain = new HeaderChain(session.peer().config().network());
        while (chain.height() < max) {
            session.peer().pushGetHeaders(chain.locator(), Hash256.ZERO);
            HeadersMessage batch = awaitHeaders(session);
            int added = 0;
            for (BlockHeader h : batch.headers()) {
                if (chain.height() >= max) {
                    break;
                }
                if (chain.heightOf(h.hash()).isPresent()) {
                    continue; // overlap with what we have: harmless
                }
                chain.append(h);
                added++;
            }
            progress.accept(chain.height());
            if (added == 0 || batch.headers().size() < HeadersMessage.MAX_HEADERS) {
                break;
            }
        }
        return chain;
    }

    private static HeadersMessage awaitHeaders(ClientSession session) throws SyncException, InterruptedException {
        while (true) {
            Message m = session.inbox().next(session.peer(), session.timeout(), "headers");
            if (m instanceof HeadersMessage h) {
                return h;
            }
        }
    }
}
