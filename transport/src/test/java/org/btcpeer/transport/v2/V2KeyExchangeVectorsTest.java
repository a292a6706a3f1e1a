package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.btcpeer.wire.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every BIP-324 vector that a {@link V2KeyExchange} can answer, for both providers: all
 * {@code ellswift_decode} rows, and from every {@code packet_encoding} row the decoded X coordinates,
 * the shared secret, a fresh encoding of the row's key, and the handshake bytes of the row. (The
 * XSwiftEC inverse is not exposed by libsecp256k1; {@code XSwiftECInvVectorsTest} covers the Java one.)
 */
class V2KeyExchangeVectorsTest {

    private static final byte[] MAINNET_MAGIC = Bip324Vectors.hex("f9beb4d9");
    private static final BigInteger N = new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

    static Stream<Arguments> decodeRows() {
        List<V2KeyExchange> providers = KeyExchangeProviders.both().toList();
        return providers.stream().flatMap(p -> Bip324Vectors.read("ellswift_decode_test_vectors.csv").stream()
                .map(row -> Arguments.of(p, row)));
    }

    static Stream<Arguments> packetRows() {
        List<V2KeyExchange> providers = KeyExchangeProviders.both().toList();
        return providers.stream().flatMap(p -> Bip324Vectors.read("packet_encoding_test_vectors.csv").stream()
                .map(row -> Arguments.of(p, row)));
    }

    /** The rows whose packet is the first one of a session (the version packet after the garbage). */
    static Stream<Arguments> handshakeRows() {
        return packetRows().filter(a -> {
            Bip324Vectors.Row row = (Bip324Vectors.Row) a.get()[1];
            return row.get("in_idx").equals("0") && row.get("in_ignore").equals("0");
        });
    }

    static Stream<V2KeyExchange> providers() {
        return KeyExchangeProviders.both();
    }

    @Test
    void theVectorFilesHaveAllTheirRows() {
        assertEquals(76, decodeRows().count() / 2);
        assertEquals(7, packetRows().count() / 2);
        assertEquals(2, handshakeRows().count(), "one handshake row per provider");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("decodeRows")
    void ellswiftDecode(V2KeyExchange provider, Bip324Vectors.Row row) {
        assertEquals(row.get("x"), Bip324Vectors.hex(provider.ellswiftDecode(row.hex("ellswift"))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("packetRows")
    void keysAndSharedSecret(V2KeyExchange provider, Bip324Vectors.Row row) {
        byte[] priv = row.hex("in_priv_ours");
        byte[] ours = row.hex("in_ellswift_ours");
        byte[] theirs = row.hex("in_ellswift_theirs");
        boolean initiating = row.get("in_initiating").equals("1");
        assertTrue(provider.isValidPrivateKey(priv));
        assertEquals(row.get("mid_x_ours"), Bip324Vectors.hex(provider.ellswiftDecode(ours)));
        assertEquals(row.get("mid_x_theirs"), Bip324Vectors.hex(provider.ellswiftDecode(theirs)));
        assertEquals(row.get("mid_shared_secret"), Bip324Vectors.hex(provider.sharedSecret(theirs, ours, priv, initiating)));
        byte[] fresh = provider.ellswiftCreate(priv, new Random(5));
        assertEquals(row.get("mid_x_ours"), Bip324Vectors.hex(V2KeyExchange.bouncyCastle().ellswiftDecode(fresh)),
                "a new encoding of the row's key decodes (with the other code) to the key's X");
        assertArrayEquals(priv, row.hex("in_priv_ours"), "the private key is not modified");
    }

    /** The handshake bytes of every row, up to the first packet, with the provider inside {@link V2Handshake}. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("handshakeRows")
    void handshakeRowsThroughTheStateMachine(V2KeyExchange provider, Bip324Vectors.Row row) throws Exception {
        ByteString magic = ByteString.wrap(MAINNET_MAGIC);
        V2Handshake.Builder b = row.get("in_initiating").equals("1") ? V2Handshake.initiator(magic)
                : V2Handshake.responder(magic).allowV1(false);
        V2Handshake h = b.keyExchange(provider)
                .key(V2EphemeralKey.of(row.hex("in_priv_ours"), ByteString.wrap(row.hex("in_ellswift_ours")), provider))
                .garbage(ByteString.wrap(row.hex("in_aad")))
                .versionContents(ByteString.wrap(row.hex("in_contents")))
                .build();
        assertEquals(row.get("in_ellswift_ours") + row.get("in_aad"), h.takeOutput().hex());
        h.receive(ByteBuffer.wrap(row.hex("in_ellswift_theirs")));
        assertEquals(row.get("mid_send_garbage_terminator") + row.get("out_ciphertext"), h.takeOutput().hex());
    }

    /** {@link V2EphemeralKey#of(byte[], ByteString, V2KeyExchange)} checks the pair with the provider's own ECDH. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void aKnownKeyPairIsCheckedByTheProvider(V2KeyExchange provider) {
        byte[] priv = bytes32(BigInteger.valueOf(7));
        ByteString encoding = ByteString.wrap(provider.ellswiftCreate(priv, new Random(3)));
        ByteString other = ByteString.wrap(provider.ellswiftCreate(bytes32(BigInteger.valueOf(8)), new Random(3)));
        assertEquals(encoding, V2EphemeralKey.of(priv, encoding, provider).ellswift());
        assertThrows(IllegalArgumentException.class, () -> V2EphemeralKey.of(priv, other, provider));
        assertThrows(IllegalArgumentException.class, () -> V2EphemeralKey.of(new byte[32], encoding, provider));
        assertThrows(IllegalArgumentException.class, () -> V2EphemeralKey.of(priv, ByteString.wrap(new byte[63]), provider));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void invalidKeysAndLengthsAreRejected(V2KeyExchange provider) {
        byte[] zero = new byte[32];
        byte[] n = bytes32(N);
        byte[] nMinus1 = bytes32(N.subtract(BigInteger.ONE));
        byte[] one = bytes32(BigInteger.ONE);
        assertFalse(provider.isValidPrivateKey(zero));
        assertFalse(provider.isValidPrivateKey(n));
        assertFalse(provider.isValidPrivateKey(bytes32(N.add(BigInteger.ONE))));
        assertFalse(provider.isValidPrivateKey(new byte[31]));
        assertFalse(provider.isValidPrivateKey(null));
        assertTrue(provider.isValidPrivateKey(one));
        assertTrue(provider.isValidPrivateKey(nMinus1));
        Random random = new Random(1);
        assertThrows(IllegalArgumentException.class, () -> provider.ellswiftCreate(zero, random));
        assertThrows(IllegalArgumentException.class, () -> provider.ellswiftCreate(n, random));
        byte[] ell = provider.ellswiftCreate(one, random);
        assertThrows(IllegalArgumentException.class, () -> provider.sharedSecret(ell, ell, n, true));
        assertThrows(IllegalArgumentException.class, () -> provider.sharedSecret(ell, ell, zero, true));
        assertThrows(IllegalArgumentException.class, () -> provider.sharedSecret(new byte[63], ell, one, true));
        assertThrows(IllegalArgumentException.class, () -> provider.sharedSecret(ell, new byte[65], one, true));
        assertThrows(IllegalArgumentException.class, () -> provider.ellswiftDecode(new byte[63]));
        assertThrows(IllegalArgumentException.class, () -> provider.ellswiftDecode(null));
    }

    static byte[] bytes32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
