/**
 * The plaintext v1 framing: a 24-byte header (magic, command, length, checksum) before each payload.
 * {@link org.btcpeer.transport.v1.V1FrameDecoder} follows Bitcoin Core's {@code V1Transport}: a wrong
 * magic ({@link org.btcpeer.transport.TransportException.Reason#BAD_MAGIC}), a malformed command
 * field ({@link org.btcpeer.transport.TransportException.Reason#BAD_COMMAND}) and an announced length
 * above {@code MAX_PROTOCOL_MESSAGE_LENGTH} or the command's cap
 * ({@link org.btcpeer.transport.TransportException.Reason#OVERSIZED_MESSAGE}) are fatal; a bad
 * checksum drops the message and keeps the peer; an undecodable payload is
 * {@link org.btcpeer.transport.TransportException.Reason#MALFORMED_PAYLOAD} with the stream still in
 * sync. {@link org.btcpeer.transport.v1.V1FrameDecoder#withPrefix} replays the 16 bytes a v2
 * responder consumed while detecting a v1 peer (BIP-324, Core's {@code V1_PREFIX_LEN}).
 */
package org.btcpeer.transport.v1;
