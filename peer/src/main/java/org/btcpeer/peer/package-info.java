/**
 * The btcd-style Bitcoin peer: handshake and feature negotiation (BIP-130, 133, 152, 155, 339),
 * a reader and a writer virtual thread per peer, send futures over a bytes-bounded queue,
 * Poisson-trickled inventory with known-inventory filtering, ping keep-alive with round-trip
 * times, Core's request timeouts ({@link org.btcpeer.peer.RequestTimeouts}), idle timeouts and one
 * handshake deadline ({@link org.btcpeer.peer.HandshakeDeadline}), the relay flag (BIP-37) on both
 * sides, outbound service requirements, nonce-based self-connection detection, listeners and
 * immutable statistics snapshots.
 *
 * <p>Errors: a peer never throws on bad input; it disconnects with a {@link org.btcpeer.peer.DisconnectReason}
 * and a detail. Send futures fail with {@link org.btcpeer.peer.SendQueueFullException},
 * {@link org.btcpeer.peer.SendRefusedException} or {@link org.btcpeer.peer.PeerDisconnectedException}.
 */
package org.btcpeer.peer;
