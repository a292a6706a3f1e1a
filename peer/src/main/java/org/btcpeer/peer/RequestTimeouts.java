package org.btcpeer.peer;

import java.time.Duration;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * When a request we sent becomes a reason to give up on it, or on the peer; Core's values by
 * default ({@code net_processing.cpp}). Only the rules Core applies to every peer run by
 * themselves; the ones that depend on the node's view of the download (which peer blocks the block
 * window, which peer is the initial headers-sync peer) apply only once the application says so
 * ({@link Peer#setBlockingDownloadWindow}, {@link Peer#startHeadersSync}).
 *
 * <ul>
 *   <li>Blocks: the oldest block in flight must arrive within {@code blockDownloadBase +
 *       blockDownloadPerPeer × otherDownloadPeers}, counted from when it became the oldest, else
 *       {@link DisconnectReason#STALL} (Core's {@code BLOCK_DOWNLOAD_TIMEOUT_BASE} and
 *       {@code _PER_PEER} block intervals).
 *   <li>Stalling: a peer the application marks as blocking the download window must deliver a
 *       block within the stalling timeout (2 s, doubled after each stall disconnect up to 64 s,
 *       shared by the runtime's peers), else {@code STALL}.
 *   <li>Transactions: a tx request expires after {@code txRequestExpiry} (Core's
 *       {@code GETDATA_TX_INTERVAL}); expiry is counted ({@link PeerStats#expiredTxRequests()})
 *       and is never a reason to disconnect.
 *   <li>Headers: only the sync peer has a deadline, {@code headersSyncBase + headersSyncPerHeader
 *       × expected headers} from the start of the sync; an unanswered getheaders to any other peer
 *       is not a disconnect reason (Core).
 * </ul>
 *
 * @param blockDownloadBase    Core's {@code BLOCK_DOWNLOAD_TIMEOUT_BASE} (1) × the block interval (10 min)
 * @param blockDownloadPerPeer Core's {@code BLOCK_DOWNLOAD_TIMEOUT_PER_PEER} (0.5) × the block interval: 5 min
 * @param otherDownloadPeers   how many other peers we download blocks from now; called on the
 *                             scheduler thread, so it must be cheap and thread-safe; default 0
 * @param blockStallingDefault Core's {@code BLOCK_STALLING_TIMEOUT_DEFAULT} (2 s)
 * @param blockStallingMax     Core's {@code BLOCK_STALLING_TIMEOUT_MAX} (64 s)
 * @param txRequestExpiry      Core's {@code GETDATA_TX_INTERVAL} (60 s)
 * @param headersSyncBase      Core's {@code HEADERS_DOWNLOAD_TIMEOUT_BASE} (15 min)
 * @param headersSyncPerHeader Core's {@code HEADERS_DOWNLOAD_TIMEOUT_PER_HEADER} (1 ms)
 */
public record RequestTimeouts(Duration blockDownloadBase, Duration blockDownloadPerPeer, IntSupplier otherDownloadPeers,
                              Duration blockStallingDefault, Duration blockStallingMax, Duration txRequestExpiry,
                              Duration headersSyncBase, Duration headersSyncPerHeader) {

    /** Core's values, with no other download peers. */
    public static final RequestTimeouts CORE = new RequestTimeouts(Duration.ofMinutes(10), Duration.ofMinutes(5),
            () -> 0, Duration.ofSeconds(2), Duration.ofSeconds(64), Duration.ofSeconds(60), Duration.ofMinutes(15),
            Duration.ofMillis(1));

    /**
     * Validates the fields.
     *
     * @param blockDownloadBase    block timeout base
     * @param blockDownloadPerPeer block timeout per other download peer
     * @param otherDownloadPeers   other download peers
     * @param blockStallingDefault stalling timeout start
     * @param blockStallingMax     stalling timeout cap
     * @param txRequestExpiry      tx request expiry
     * @param headersSyncBase      headers-sync timeout base
     * @param headersSyncPerHeader headers-sync timeout per expected header
     */
    public RequestTimeouts {
        Objects.requireNonNull(otherDownloadPeers, "otherDownloadPeers");
        for (Duration d : new Duration[]{blockDownloadBase, blockDownloadPerPeer, blockStallingDefault, blockStallingMax,
                txRequestExpiry, headersSyncBase, headersSyncPerHeader}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative: " + d);
            }
        }
        if (blockStallingMax.compareTo(blockStallingDefault) < 0) {
            throw new IllegalArgumentException("blockStallingMax below blockStallingDefault");
        }
    }

    /**
     * These timeouts with another supplier of the number of other block-download peers.
     *
     * @param supplier called on the scheduler thread; must be cheap and thread-safe
     * @return the timeouts
     */
    public RequestTimeouts withOtherDownloadPeers(IntSupplier supplier) {
        return new RequestTimeouts(blockDownloadBase, blockDownloadPerPeer, supplier, blockStallingDefault,
                blockStallingMax, txRequestExpiry, headersSyncBase, headersSyncPerHeader);
    }

    /**
     * The block download timeout with {@code others} other download peers (Core's
     * {@code BLOCK_DOWNLOAD_TIMEOUT_BASE + BLOCK_DOWNLOAD_TIMEOUT_PER_PEER × nOtherPeersWithValidatedDownloads}).
     *
     * @param others other peers we download blocks from (negative counts as 0)
     * @return the timeout in nanoseconds
     */
    long blockDownloadNanos(int others) {
        return blockDownloadBase.toNanos() + blockDownloadPerPeer.toNanos() * Math.max(0, others);
    }

    /**
     * The headers-sync deadline length for {@code expectedHeaders} (Core: base + per header ×
     * (time since our best header / block interval)).
     *
     * @param expectedHeaders how many headers the sync should bring
     * @return the timeout in nanoseconds
     */
    long headersSyncNanos(long expectedHeaders) {
        return headersSyncBase.toNanos() + headersSyncPerHeader.toNanos() * Math.max(0, expectedHeaders);
    }
}
