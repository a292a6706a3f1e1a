/**
 * Keeping a node connected: the {@link org.btcpeer.peer.connect.ConnectionManager} (outbound
 * targets for full-relay and block-relay-only peers, inbound through
 * {@link org.btcpeer.peer.PeerAcceptor}, manual peers, exponential backoff with jitter, netgroup
 * diversity, Core's v2-to-v1 downgrade remembered in a bounded cache), and the
 * {@link org.btcpeer.peer.connect.EventLoopHandle}, which drives it through bounded command and event
 * queues. Addresses come from {@link org.btcpeer.peer.addr.AddressBook}; connections are dialled
 * through a {@link org.btcpeer.transport.dial.Dialer} (direct or SOCKS5).
 *
 * <p>Errors: failed attempts are events ({@link org.btcpeer.peer.connect.ConnectionEvent.AddressFailed})
 * carrying the cause, never exceptions on the caller's thread; a peer's end is a
 * {@link org.btcpeer.peer.connect.ConnectionEvent.Disconnected} with its
 * {@link org.btcpeer.peer.DisconnectReason}. See {@code docs/connect.md}.
 */
package org.btcpeer.peer.connect;
