package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BIP-324 {@code packet_encoding_test_vectors.csv}: for each row, the public keys, ECDH, shared secret,
 * HKDF key schedule, garbage terminators and session ID, then the encryption of the test packet after
 * {@code in_idx} empty packets, compared exactly or by its last 128 bytes. The peer's inbound cipher
 * then decrypts every packet again.
 */
class PacketEncodingVectorsTest {

    private static final String FILE = "packet_encoding_test_vectors.csv";
    private static final byte[] MAINNET_MAGIC = Bip324Vectors.hex("f9beb4d9");
    private static final ElligatorSwift ELLSWIFT = ElligatorSwift.defaultInstance();

    static Stream<Bip324Vectors.Row> rows() {
        return Bip324Vectors.read(FILE).stream();
    }

    @Test
    void fileHasAllRows() {
        assertEquals(7, Bip324Vectors.read(FILE).size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void keyExchangeAndKeySchedule(Bip324Vectors.Row row) {
        byte[] priv = row.hex("in_priv_ours");
        byte[] ellswiftOurs = row.hex("in_ellswift_ours");
        byte[] ellswiftTheirs = row.hex("in_ellswift_theirs");
        boolean initiating = initiating(row);

        assertEquals(row.get("mid_x_ours"), Bip324Vectors.hex(ELLSWIFT.curve().multiplyGeneratorX(priv).toBytes()), "priv·G");
        assertEquals(row.get("mid_x_ours"), Bip324Vectors.hex(ELLSWIFT.decode(ellswiftOurs)), "decode(ellswift_ours)");
        assertEquals(row.get("mid_x_theirs"), Bip324Vectors.hex(ELLSWIFT.decode(ellswiftTheirs)), "decode(ellswift_theirs)");
        assertEquals(row.get("mid_x_shared"), Bip324Vectors.hex(ELLSWIFT.ecdhX(ellswiftTheirs, priv)), "x-only ECDH");
        byte[] secret = ELLSWIFT.xOnlyEcdh(ellswiftTheirs, ellswiftOurs, priv, initiating);
        assertEquals(row.get("mid_shared_secret"), Bip324Vectors.hex(secret), "shared secret");

        SessionKeys keys = SessionKeys.derive(secret, MAINNET_MAGIC);
        assertEquals(row.get("mid_initiator_l"), Bip324Vectors.hex(keys.initiatorLengthKey()), "initiator_L");
        assertEquals(row.get("mid_initiator_p"), Bip324Vectors.hex(keys.initiatorPayloadKey()), "initiator_P");
        assertEquals(row.get("mid_responder_l"), Bip324Vectors.hex(keys.responderLengthKey()), "responder_L");
        assertEquals(row.get("mid_responder_p"), Bip324Vectors.hex(keys.responderPayloadKey()), "responder_P");
        assertEquals(row.get("mid_send_garbage_terminator"), Bip324Vectors.hex(keys.sendGarbageTerminator(initiating)));
        assertEquals(row.get("mid_recv_garbage_terminator"), Bip324Vectors.hex(keys.receiveGarbageTerminator(initiating)));
        assertEquals(row.get("out_session_id"), Bip324Vectors.hex(keys.sessionId()), "session id");
        assertArrayEquals(keys.sendLengthKey(initiating), initiating ? keys.initiatorLengthKey() : keys.responderLengthKey());
        assertArrayEquals(keys.receivePayloadKey(initiating), initiating ? keys.responderPayloadKey() : keys.initiatorPayloadKey());

        V2SessionCiphers ciphers = V2SessionCiphers.create(priv, ellswiftOurs, ellswiftTheirs, initiating, MAINNET_MAGIC);
        assertEquals(initiating, ciphers.initiating());
        assertEquals(row.get("out_session_id"), Bip324Vectors.hex(ciphers.sessionId()));
        assertEquals(row.get("mid_send_garbage_terminator"), Bip324Vectors.hex(ciphers.sendGarbageTerminator()));
        assertEquals(row.get("mid_recv_garbage_terminator"), Bip324Vectors.hex(ciphers.receiveGarbageTerminator()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void packetEncryptionAndPeerDecryption(Bip324Vectors.Row row) throws V2CryptoException {
        boolean initiating = initiating(row);
        byte[] secret = Bip324Vectors.hex(row.get("mid_shared_secret"));
        V2OutboundCipher ours = V2SessionCiphers.create(row.hex("in_priv_ours"), row.hex("in_ellswift_ours"),
                row.hex("in_ellswift_theirs"), initiating, MAINNET_MAGIC).outbound();
        V2InboundCipher peer = V2SessionCiphers.fromKeys(SessionKeys.derive(secret, MAINNET_MAGIC), !initiating).inbound();

        int skipped = Integer.parseInt(row.get("in_idx"));
        byte[] empty = new byte[0];
        for (int i = 0; i < skipped; i++) {
            byte[] packet = ours.encrypt(empty, null, false);
            assertEquals(V2PacketFormat.OVERHEAD, packet.length);
            assertEquals(0, peer.decryptLength(packet, 0));
            byte[] plain = new byte[1];
            assertEquals(0, peer.decrypt(packet, 3, null, plain, 0));
        }

        byte[] unit = row.hex("in_contents");
        int multiply = Integer.parseInt(row.get("in_multiply"));
        byte[] contents = new byte[unit.length * multiply];
        for (int i = 0; i < multiply; i++) {
            System.arraycopy(unit, 0, contents, i * unit.length, unit.length);
        }
        byte[] aad = row.hex("in_aad");
        boolean ignore = row.get("in_ignore").equals("1");

        byte[] packet = ours.encrypt(contents, aad, ignore);
        assertEquals(contents.length + 20, packet.length);
        String exact = row.get("out_ciphertext");
        if (!exact.isEmpty()) {
            assertEquals(exact, Bip324Vectors.hex(packet), "ciphertext");
        } else {
            String suffix = row.get("out_ciphertext_endswith");
            assertTrue(!suffix.isEmpty() && packet.length > 128, "a row has either a ciphertext or its tail");
            assertEquals(suffix, Bip324Vectors.hex(Arrays.copyOfRange(packet, packet.length - 128, packet.length)),
                    "last 128 bytes of the ciphertext");
        }

        assertEquals(contents.length, peer.decryptLength(packet, 0));
        assertEquals(1 + contents.length + 16, peer.pendingAeadLength());
        // Decrypt in place, as a reader that received the packet into one buffer would.
        int header = peer.decrypt(packet, 3, aad, packet, 3);
        assertEquals(ignore, V2PacketFormat.isIgnore(header));
        assertEquals(ignore ? 0x80 : 0, header);
        assertTrue(Arrays.equals(contents, 0, contents.length, packet, 4, 4 + contents.length), "decrypted contents");
    }

    private static boolean initiating(Bip324Vectors.Row row) {
        return switch (row.get("in_initiating")) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new IllegalArgumentException("in_initiating: " + row.get("in_initiating"));
        };
    }
}
