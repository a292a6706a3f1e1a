package org.btcpeer.chain.sync;

import java.util.concurrent.CompletableFuture;

import org.btcpeer.chain.headers.HeadersPresync;
import org.btcpeer.peer.Peer;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.HeadersMessage;

/**
 * What the sync knows of one peer (Core's {@code CNodeState} / {@code Peer} fields for headers).
 * Touched only on the sync's thread.
 */
final class PeerSyncState {

    final Peer peer;
    /** Core's {@code fSyncStarted}: we asked this peer for headers as a sync peer. */
    boolean syncStarted;
    /** Counted in Core's {@code nSyncStarted}: the one initial sync peer, with the headers deadline. */
    boolean initialSyncPeer;
    /** Core's {@code m_inv_triggered_getheaders_before_sync}. */
    boolean invTriggeredBeforeSync;
    /**
     * The getheaders waiting for its answer, or null (Core's {@code m_last_getheaders_timestamp}):
     * done once answered, failed after {@code HEADERS_RESPONSE_TIME}.
     */
    CompletableFuture<HeadersMessage> getHeaders;
    /** Core's {@code m_sent_sendheaders}. */
    boolean sentSendHeaders;
    /** Core's {@code m_headers_sync}: this peer's low-work chain being counted, or null. */
    HeadersPresync presync;

    PeerSyncState(Peer peer) {
        this.peer = peer;
    }

    /** Core's {@code CanServeBlocks}: NODE_NETWORK or NODE_NETWORK_LIMITED. */
    boolean canServeHeaders() {
        return peer.remoteVersion().map(v -> v.services().has(ServiceFlags.NODE_NETWORK)
                || v.services().has(ServiceFlags.NODE_NETWORK_LIMITED)).orElse(false);
    }

    /** Whether a getheaders still waits for its answer. */
    boolean getHeadersInFlight() {
        return getHeaders != null && !getHeaders.isDone();
    }

    int startHeight() {
        return peer.remoteVersion().map(v -> v.startHeight()).orElse(0);
    }
}
