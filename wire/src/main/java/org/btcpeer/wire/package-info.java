/**
 * Primitives of the Bitcoin P2P wire format: immutable bytes ({@link org.btcpeer.wire.ByteString}),
 * hashes, bounded readers and writers, CompactSize, addresses (legacy and BIP-155), service flags,
 * protocol versions and network parameters.
 *
 * <p>Errors: every decoder raises {@link org.btcpeer.wire.WireException} (command, field, offset,
 * rule) and nothing else for malformed input.
 */
package org.btcpeer.wire;
