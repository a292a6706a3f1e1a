/**
 * Every Bitcoin P2P message of protocol 70016 as an immutable record in the sealed
 * {@link org.btcpeer.wire.message.Message} hierarchy, with {@link org.btcpeer.wire.message.Command}
 * as the one registry of names, BIP-324 short ids, payload caps and decoders.
 *
 * <p>BIPs: 14 (user agent), 31 (ping/pong), 35 (mempool), 37 and 111 (bloom filters), 61 (reject),
 * 130 (sendheaders), 133 (feefilter), 144 (witness serialization), 152 (compact blocks),
 * 155 (addrv2), 157 (compact filters), 324 (short ids), 330 (sendtxrcncl), 339 (wtxidrelay).
 *
 * <p>As in Bitcoin Core, a decoder reads the fields it knows and stops: bytes after them (a future
 * BIP's extension) are ignored and counted ({@link org.btcpeer.wire.message.DecodedPayload}); only
 * {@link org.btcpeer.wire.message.Command#decodeStrict} rejects them. Payload caps leave
 * {@link org.btcpeer.wire.message.Command#EXTENSION_ROOM} bytes for such extensions.
 *
 * <p>Errors: decoding raises {@link org.btcpeer.wire.WireException} only.
 */
package org.btcpeer.wire.message;
