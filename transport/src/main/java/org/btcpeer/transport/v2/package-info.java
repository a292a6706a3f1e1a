/**
 * BIP-324, the v2 encrypted P2P transport.
 *
 * <p>The protocol, sans-I/O: {@link org.btcpeer.transport.v2.V2Handshake} is one side's handshake
 * state machine (Bitcoin Core's receive states {@code KEY_MAYBE_V1}, {@code KEY},
 * {@code GARB_GARBTERM}, {@code VERSION}, {@code APP}, including Core's v1 detection and
 * {@code ShouldReconnectV1} rule) with injected randomness ({@link org.btcpeer.transport.v2.V2EphemeralKey},
 * {@link org.btcpeer.transport.v2.V2GarbagePolicy}, {@link org.btcpeer.transport.v2.V2DecoyPolicy});
 * it yields a {@link org.btcpeer.transport.v2.V2Session} whose
 * {@link org.btcpeer.transport.v2.V2FrameDecoder} and {@link org.btcpeer.transport.v2.V2FrameEncoder}
 * carry messages afterwards (short ids from {@link org.btcpeer.wire.message.Command}).
 *
 * <p>The cryptographic core: ElligatorSwift public keys and X-only ECDH
 * ({@link org.btcpeer.transport.v2.ElligatorSwift} on a pluggable
 * {@link org.btcpeer.transport.v2.Secp256k1}), the HKDF key schedule
 * ({@link org.btcpeer.transport.v2.SessionKeys}), the forward-secure ciphers
 * ({@link org.btcpeer.transport.v2.FSChaCha20}, {@link org.btcpeer.transport.v2.FSChaCha20Poly1305}) and
 * the two packet cipher halves built by {@link org.btcpeer.transport.v2.V2SessionCiphers}.
 *
 * <p>The secp256k1 operations of a handshake go through {@link org.btcpeer.transport.v2.V2KeyExchange}:
 * libsecp256k1's constant-time {@code ellswift} module through {@code java.lang.foreign} on Java 22+
 * (the binding lives in {@code src/main/java22} and is reached by reflection, so Java 21 never loads
 * it), or Bouncy Castle; {@link org.btcpeer.transport.v2.KeyExchangeConfig} and
 * {@link org.btcpeer.transport.v2.KeyExchangeMode} choose ({@code auto}, {@code native}, {@code java}).
 *
 * <p>Errors: {@link org.btcpeer.transport.TransportException} with reason
 * {@code GARBAGE_TOO_LONG}, {@code AUTHENTICATION_FAILED}, {@code OVERSIZED_MESSAGE},
 * {@code MALFORMED_PAYLOAD}, {@code V1_PEER_WRONG_NETWORK}, {@code POLICY_MISMATCH} or
 * {@code BAD_HANDSHAKE}; the crypto classes throw {@link org.btcpeer.transport.v2.V2CryptoException}
 * for a packet that does not authenticate. Unknown short ids, malformed long-form types and decoys are
 * dropped and counted, like Core. No I/O and no threads here: the blocking adapter is
 * {@link org.btcpeer.transport.TransportHandshake}.
 */
package org.btcpeer.transport.v2;
