package org.btcpeer.peer;

/** Why a peer was disconnected. Every path that ends a peer names one of these. */
public enum DisconnectReason {
    /** We asked for it ({@link Peer#disconnect(String)}). */
    LOCAL,
    /** The remote closed the connection, or it broke: end of stream, reset, or a read or write that failed. */
    REMOTE_CLOSED,
    /** The peer broke a protocol rule; the detail says which (malformed payload, late wtxidrelay or sendaddrv2, BIP-111 filter misuse, ...). */
    PROTOCOL_VIOLATION,
    /** The transport failed (bad magic, oversized message, v2 authentication failure, ...). */
    TRANSPORT_ERROR,
    /** The peer's protocol version is below our minimum (Core: {@code MIN_PEER_PROTO_VERSION}). */
    OBSOLETE_VERSION,
    /** A version listener rejected the peer (missing services, unwanted user agent, ...). */
    VERSION_REJECTED,
    /** The version handshake did not complete in time (Core: "version handshake timeout"). */
    HANDSHAKE_TIMEOUT,
    /** A ping stayed unanswered longer than the pong timeout (Core: {@code TIMEOUT_INTERVAL}). */
    PONG_TIMEOUT,
    /** Nothing was sent or received for longer than the idle timeout. */
    IDLE,
    /**
     * A block request timed out (Core's per-block download timeout), the peer stalled the block
     * download window it was marked as blocking, or the headers-sync peer missed its deadline.
     * Unanswered tx requests and getheaders to other peers never cause it.
     */
    STALL,
    /**
     * An outbound peer does not offer the services the configuration requires (Core's
     * {@code HasAllDesirableServiceFlags}); the detail names what is missing.
     */
    MISSING_SERVICES,
    /**
     * We connected to ourselves: on the inbound side, the version carried a nonce we sent; on the
     * dialing side (same {@link PeerRuntime}), the inbound side marked our nonce before closing.
     */
    SELF_CONNECTION,
    /** The peer does not read: our bounded send queue stayed full while its writes made no progress. */
    SEND_BUFFER_OVERFLOW,
    /**
     * A newer inbound connection took this one's slot: inbound was full and this peer was the one
     * Core's eviction rules chose ({@code AttemptToEvictConnection}), or its handshake was still
     * pending when a newer connection needed the slot.
     */
    EVICTED,
    /** The BIP-324 v2 handshake or transport failed (including a refused v1 fallback). */
    V2_FAILURE,
    /** An unexpected failure inside the peer's own threads (a bug, reported rather than hidden). */
    IO_ERROR
}
