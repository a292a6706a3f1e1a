/**
 * The transport layer of the Bitcoin P2P protocol: how messages become bytes on a connection, for
 * both the plaintext v1 framing and the BIP-324 v2 encrypted transport.
 *
 * <p>The protocol logic is sans-I/O: a {@link org.btcpeer.transport.FrameDecoder} takes received
 * bytes in any chunking and yields {@link org.btcpeer.transport.ReceivedMessage}s, a
 * {@link org.btcpeer.transport.FrameEncoder} turns messages into bytes for a
 * {@link org.btcpeer.transport.ByteSink}, and the v2 handshake is the state machine
 * {@link org.btcpeer.transport.v2.V2Handshake}. The blocking adapters are thin:
 * {@link org.btcpeer.transport.TransportHandshake} negotiates a socket according to a
 * {@link org.btcpeer.transport.TransportConfig} ({@link org.btcpeer.transport.TransportPolicy},
 * deadline, randomness) and returns a {@link org.btcpeer.transport.TransportConnection} whose
 * {@link org.btcpeer.transport.MessageReader} and {@link org.btcpeer.transport.MessageWriter} are used
 * by one reader and one writer thread, sharing nothing.
 *
 * <p>BIPs: BIP-324 (v2 transport, with Bitcoin Core's v1 detection and v1 retry), and the v1 framing
 * of the original protocol. Message types come from {@link org.btcpeer.wire.message.Command}.
 *
 * <p>Errors: every framing, encryption and handshake failure is a
 * {@link org.btcpeer.transport.TransportException} with a
 * {@link org.btcpeer.transport.TransportException.Reason} and a v1-retry hint
 * ({@link org.btcpeer.transport.TransportException#suggestsV1Retry()}). Readers also throw
 * {@link java.io.EOFException} when the peer closes between messages, and {@link java.io.IOException}
 * for socket errors after the handshake. See {@code docs/transport.md}.
 */
package org.btcpeer.transport;
