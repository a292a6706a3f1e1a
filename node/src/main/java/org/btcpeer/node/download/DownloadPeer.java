package org.btcpeer.node.download;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.btcpeer.peer.Peer;
import org.btcpeer.wire.ServiceFlags;

/**
 * One peer as the download sees it: which heights it has in flight, up to which height it can
 * serve, whether we marked it as blocking the window. Owned by the downloader's loop thread.
 */
final class DownloadPeer {

    /** Core's {@code NODE_NETWORK_LIMITED_MIN_BLOCKS}: a limited peer keeps the last 288 blocks. */
    static final int NODE_NETWORK_LIMITED_MIN_BLOCKS = 288;

    /** Core asks a limited peer for nothing deeper than this below its best block (2 blocks for races). */
    static final int LIMITED_DEPTH = NODE_NETWORK_LIMITED_MIN_BLOCKS - 2;

    final Peer peer;
    final boolean limited;
    final TreeSet<Integer> inFlight = new TreeSet<>();
    /** Heights the peer answered with notfound or let time out: not asked from it again. */
    final Set<Integer> refused = new HashSet<>();
    int bestHeight;
    boolean stallMarked;

    DownloadPeer(Peer peer, boolean limited, int bestHeight) {
        this.peer = peer;
        this.limited = limited;
        this.bestHeight = bestHeight;
    }

    /**
     * Whether a peer offering {@code services} can serve blocks at all: full ({@code NODE_NETWORK})
     * or pruned to the recent blocks ({@code NODE_NETWORK_LIMITED}, BIP-159), with witnesses
     * ({@code NODE_WITNESS}: Core downloads only from witness peers once segwit is active).
     */
    static boolean suitable(ServiceFlags services) {
        return services.has(ServiceFlags.NODE_WITNESS)
                && (services.has(ServiceFlags.NODE_NETWORK) || services.has(ServiceFlags.NODE_NETWORK_LIMITED));
    }

    /** Whether we may ask this peer for the block at {@code height} (Core's checks in {@code FindNextBlocks}). */
    boolean canServe(int height) {
        if (height > bestHeight || refused.contains(height)) {
            return false;
        }
        return !limited || bestHeight - height < LIMITED_DEPTH;
    }

    @Override
    public String toString() {
        return peer.toString();
    }
}
