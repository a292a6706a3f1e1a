package org.btcpeer.transport.v2;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.btcpeer.wire.ByteString;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-checks the handshake's bytes against BIP-324 {@code packet_encoding_test_vectors.csv} row 3:
 * an initiator whose first packet ({@code in_idx} 0) carries 4095 bytes of garbage as AAD. With that
 * row's key, garbage and contents as the version packet's contents, the handshake must send exactly
 * the row's garbage terminator and ciphertext.
 */
class V2HandshakeVectorTest {

    static final ByteString MAINNET_MAGIC = ByteString.fromHex("f9beb4d9");

    static Bip324Vectors.Row row3() {
        Bip324Vectors.Row row = Bip324Vectors.read("packet_encoding_test_vectors.csv").get(2);
        assertEquals("0", row.get("in_idx"));
        assertEquals("1", row.get("in_initiating"));
        assertEquals("0", row.get("in_ignore"));
        assertEquals(4095, row.hex("in_aad").length);
        return row;
    }

    @Test
    void initiatorSendsTheVectorsTerminatorAndFirstPacket() throws Exception {
        Bip324Vectors.Row row = row3();
        V2Handshake i = V2Handshake.initiator(MAINNET_MAGIC)
                .key(V2EphemeralKey.of(row.hex("in_priv_ours"), ByteString.wrap(row.hex("in_ellswift_ours"))))
                .garbage(ByteString.wrap(row.hex("in_aad")))
                .versionContents(ByteString.wrap(row.hex("in_contents")))
                .build();

        ByteString first = i.takeOutput();
        assertEquals(row.get("in_ellswift_ours") + row.get("in_aad"), first.hex());

        i.receive(ByteBuffer.wrap(row.hex("in_ellswift_theirs")));
        assertEquals(V2Handshake.State.GARB_GARBTERM, i.state());
        assertEquals(row.get("mid_send_garbage_terminator") + row.get("out_ciphertext"), i.takeOutput().hex());
    }

    @Test
    void initiatorAcceptsAResponderBuiltFromTheVectorsKeySchedule() throws Exception {
        Bip324Vectors.Row row = row3();
        V2Handshake i = V2Handshake.initiator(MAINNET_MAGIC)
                .key(V2EphemeralKey.of(row.hex("in_priv_ours"), ByteString.wrap(row.hex("in_ellswift_ours"))))
                .build();
        i.takeOutput();

        // The responder's side of this row, from the vector's shared secret.
        V2SessionCiphers theirs = V2SessionCiphers.fromKeys(
                SessionKeys.derive(row.hex("mid_shared_secret"), MAINNET_MAGIC.toByteArray()), false);
        byte[] garbage = new byte[33];
        Arrays.fill(garbage, (byte) 0x5a);
        byte[] decoy = theirs.outbound().encrypt(new byte[7], garbage, true); // the first packet carries the AAD
        byte[] version = theirs.outbound().encrypt(new byte[0], null, false);
        assertEquals(row.get("mid_recv_garbage_terminator"), Bip324Vectors.hex(theirs.sendGarbageTerminator()));

        ByteBuffer in = ByteBuffer.wrap(concat(row.hex("in_ellswift_theirs"), garbage, theirs.sendGarbageTerminator(),
                decoy, version, new byte[]{1, 2, 3}));
        i.receive(in);
        assertTrue(i.isComplete());
        assertEquals(1, i.decoysReceived());
        assertEquals(3, in.remaining());
        assertEquals(row.get("out_session_id"), i.session().sessionId().hex());
        assertFalse(i.shouldReconnectV1());
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
