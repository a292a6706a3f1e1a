package org.btcpeer.node.download;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which heights are wanted, in flight (from whom) or received, and Core's choice of what to ask a
 * peer for next ({@code FindNextBlocksToDownload}): walk the window of {@link DownloadConfig#window()}
 * heights after the last consumed block, take the first heights nobody has in flight and the peer
 * can serve, and, when the peer gets nothing because the window ends, name the peer holding the
 * window's first block in flight as the staller. Owned by the downloader's loop thread.
 */
final class DownloadWindow {

    /**
     * What to ask a peer for.
     *
     * @param heights the heights to request, lowest first
     * @param staller the peer blocking the window, if the peer got nothing because the window is full
     */
    record Plan(List<Integer> heights, Optional<DownloadPeer> staller) {
    }

    private final int toHeight;
    private final int window;
    private final Map<Integer, DownloadPeer> inFlight = new HashMap<>();
    private final Map<Integer, DownloadedBlock> received = new HashMap<>();
    private int consumedHeight;
    private int nextToHand;

    DownloadWindow(int fromHeight, int toHeight, int window) {
        this.toHeight = toHeight;
        this.window = window;
        this.consumedHeight = fromHeight - 1;
        this.nextToHand = fromHeight;
    }

    /**
     * The next heights for {@code peer}.
     *
     * @param peer   the peer
     * @param budget how many it may get (its free in-flight slots, fewer if memory is short)
     * @return the heights and, if it got none because the window is full, the staller
     */
    Plan plan(DownloadPeer peer, int budget) {
        List<Integer> picked = new ArrayList<>();
        if (budget <= 0) {
            return new Plan(picked, Optional.empty());
        }
        DownloadPeer waitingFor = null;
        int windowEnd = consumedHeight + window;
        for (int h = nextToHand; h <= toHeight; h++) {
            if (h > windowEnd) {
                // Core: the window is exhausted; if this peer got nothing, whoever has its first block in flight stalls us
                boolean stalled = picked.isEmpty() && waitingFor != null && waitingFor != peer;
                return new Plan(picked, stalled ? Optional.of(waitingFor) : Optional.empty());
            }
            if (received.containsKey(h)) {
                continue;
            }
            DownloadPeer holder = inFlight.get(h);
            if (holder != null) {
                if (waitingFor == null) {
                    waitingFor = holder;
                }
                continue;
            }
            if (!peer.canServe(h)) {
                continue;
            }
            picked.add(h);
            if (picked.size() == budget) {
                break;
            }
        }
        return new Plan(picked, Optional.empty());
    }

    /**
     * The peer holding the next block to hand to the consumer while later blocks wait for it: the
     * one that blocks delivery when the memory bound stops all requests.
     */
    Optional<DownloadPeer> gapHolder() {
        return received.isEmpty() ? Optional.empty() : Optional.ofNullable(inFlight.get(nextToHand));
    }

    /** Records a request. */
    void requested(int height, DownloadPeer peer) {
        inFlight.put(height, peer);
        peer.inFlight.add(height);
    }

    /**
     * Forgets a request of {@code peer} (answered, failed or given up), leaving the height wanted.
     *
     * @return whether the height was in flight from this peer
     */
    boolean release(int height, DownloadPeer peer) {
        peer.inFlight.remove(height);
        return inFlight.remove(height, peer);
    }

    /** Whether the block at {@code height} is still wanted (not received, not consumed, in range). */
    boolean wanted(int height) {
        return height >= nextToHand && height <= toHeight && !received.containsKey(height);
    }

    /** Stores a verified block until its turn. */
    void received(DownloadedBlock block) {
        received.put(block.height(), block);
    }

    /** The received blocks that are next in height order, removed for handing to the consumer. */
    List<DownloadedBlock> takeReady() {
        List<DownloadedBlock> ready = new ArrayList<>();
        for (DownloadedBlock b; (b = received.remove(nextToHand)) != null; nextToHand++) {
            ready.add(b);
        }
        return ready;
    }

    /** The consumer finished the block at {@code height}: the window moves on. */
    void consumed(int height) {
        consumedHeight = Math.max(consumedHeight, height);
    }

    int consumedHeight() {
        return consumedHeight;
    }

    int inFlightCount() {
        return inFlight.size();
    }

    boolean complete() {
        return consumedHeight >= toHeight;
    }
}
