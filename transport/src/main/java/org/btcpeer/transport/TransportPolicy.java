package org.btcpeer.transport;

/**
 * Which transports a connection may use.
 *
 * <p>An initiator with {@link #V2_PREFERRED} tries v2 when the peer is not known to lack
 * {@code NODE_P2P_V2}, and reconnects once as v1 when the attempt fails the way Core treats as
 * "the peer speaks v1" (see {@link TransportException#suggestsV1Retry()}). A responder with
 * {@link #V2_PREFERRED} or {@link #V2_REQUIRED} detects the protocol from the first 16 bytes.
 */
public enum TransportPolicy {
    /** Speak only v1; a responder never answers with a v2 key. */
    V1_ONLY,
    /** Try v2, fall back to v1 (Core's default since 27.0, {@code DEFAULT_V2_TRANSPORT}). */
    V2_PREFERRED,
    /** Speak only v2; a v1 peer is refused with {@link TransportException.Reason#POLICY_MISMATCH}. */
    V2_REQUIRED
}
