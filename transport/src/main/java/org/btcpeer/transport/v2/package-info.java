/**
 * The cryptographic core of BIP-324, the v2 encrypted P2P transport: ElligatorSwift public keys and
 * X-only ECDH ({@link org.btcpeer.transport.v2.ElligatorSwift} on a pluggable
 * {@link org.btcpeer.transport.v2.Secp256k1}), the HKDF key schedule
 * ({@link org.btcpeer.transport.v2.SessionKeys}), the forward-secure ciphers
 * ({@link org.btcpeer.transport.v2.FSChaCha20}, {@link org.btcpeer.transport.v2.FSChaCha20Poly1305}) and
 * the two packet cipher halves built by {@link org.btcpeer.transport.v2.V2SessionCiphers}.
 *
 * <p>No I/O and no threads here: the handshake state machine and the blocking adapters build on it.
 */
package org.btcpeer.transport.v2;
