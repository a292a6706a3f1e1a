package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two packet cipher halves and the session factory: round trips both ways, tampering, misuse. */
class V2PacketCipherTest {

    private static final byte[] MAGIC = Bip324Vectors.hex("0b110907"); // testnet3, to vary from the vectors
    private static final BigInteger N = new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

    private final SplittableRandom random = new SplittableRandom(324324);

    private byte[] randomPrivateKey() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return BouncyCastleSecp256k1Test.bytes32(new BigInteger(1, b).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
    }

    /** A fresh initiator/responder pair that ran a real ElligatorSwift key exchange. */
    private V2SessionCiphers[] handshake() {
        ElligatorSwift es = ElligatorSwift.defaultInstance();
        byte[] privI = randomPrivateKey();
        byte[] privR = randomPrivateKey();
        byte[] ellI = es.encode(privI, random);
        byte[] ellR = es.encode(privR, random);
        return new V2SessionCiphers[] {
            V2SessionCiphers.create(privI, ellI, ellR, true, MAGIC),
            V2SessionCiphers.create(privR, ellR, ellI, false, MAGIC),
        };
    }

    private static byte[] receive(V2InboundCipher in, byte[] packet, byte[] aad, int[] headerOut) throws V2CryptoException {
        int length = in.decryptLength(packet, 0);
        assertEquals(packet.length - 20, length);
        byte[] plain = new byte[1 + length];
        headerOut[0] = in.decrypt(packet, 3, aad, plain, 0);
        return Arrays.copyOfRange(plain, 1, plain.length);
    }

    @Test
    void aPrefixedEncryptWithBadArgumentsLeavesTheCounterAlone() throws V2CryptoException {
        V2SessionCiphers[] pair = handshake();
        V2OutboundCipher out = pair[0].outbound();
        byte[] payload = new byte[300];
        byte[] packet = new byte[400];
        assertThrows(IllegalArgumentException.class,
                () -> out.encrypt(new byte[14], 14, payload, 0, 10, null, false, packet, 0), "prefix over 13 bytes");
        assertThrows(IndexOutOfBoundsException.class,
                () -> out.encrypt(new byte[2], 3, payload, 0, 10, null, false, packet, 0), "prefix length past the array");
        assertThrows(IndexOutOfBoundsException.class,
                () -> out.encrypt(new byte[1], 1, payload, 0, 300, null, false, new byte[100], 0), "no room");
        assertEquals(0, out.packetCount());
        // and the stream is still in step: prefix (1 byte) + payload arrive as one contents block
        byte[] prefix = {0x12};
        int written = out.encrypt(prefix, 1, payload, 0, payload.length, null, false, packet, 0);
        int[] header = new int[1];
        byte[] contents = receive(pair[1].inbound(), Arrays.copyOf(packet, written), null, header);
        assertEquals(0x12, contents[0]);
        assertArrayEquals(payload, Arrays.copyOfRange(contents, 1, contents.length));
    }

    @Test
    void bothEndsAgreeOnSessionIdAndTerminators() {
        V2SessionCiphers[] pair = handshake();
        assertTrue(pair[0].initiating());
        assertFalse(pair[1].initiating());
        assertArrayEquals(pair[0].sessionId(), pair[1].sessionId());
        assertArrayEquals(pair[0].sendGarbageTerminator(), pair[1].receiveGarbageTerminator());
        assertArrayEquals(pair[1].sendGarbageTerminator(), pair[0].receiveGarbageTerminator());
        assertFalse(Arrays.equals(pair[0].sendGarbageTerminator(), pair[0].receiveGarbageTerminator()));
        assertEquals(16, pair[0].sendGarbageTerminator().length);
        assertEquals(32, pair[0].sessionId().length);
    }

    @Test
    void packetsFlowBothWaysAcrossRekeysWithDecoysAndGarbageAad() throws V2CryptoException {
        V2SessionCiphers[] pair = handshake();
        byte[] garbage = new byte[random.nextInt(0, 4096)];
        random.nextBytes(garbage);
        int[] header = new int[1];
        for (int i = 0; i < 500; i++) {
            for (int dir = 0; dir < 2; dir++) {
                V2OutboundCipher out = pair[dir].outbound();
                V2InboundCipher in = pair[1 - dir].inbound();
                byte[] contents = new byte[i % 50 == 0 ? random.nextInt(0, 70_000) : random.nextInt(0, 300)];
                random.nextBytes(contents);
                boolean ignore = random.nextInt(4) == 0;
                byte[] aad = i == 0 ? garbage : null;
                byte[] packet = out.encrypt(contents, aad, ignore);
                assertArrayEquals(contents, receive(in, packet, aad, header), "packet " + i + " direction " + dir);
                assertEquals(ignore, V2PacketFormat.isIgnore(header[0]));
            }
        }
        assertEquals(500, pair[0].outbound().packetCount());
        assertEquals(500, pair[0].inbound().packetCount());
    }

    @Test
    void inPlaceEncryptionAndDecryptionMatchTheCopyingPath() throws V2CryptoException {
        byte[] contents = new byte[1000];
        random.nextBytes(contents);
        // Two outbound halves with identical keys: one encrypts from a separate array, one in place.
        byte[] lengthKey = new byte[32];
        byte[] payloadKey = new byte[32];
        random.nextBytes(lengthKey);
        random.nextBytes(payloadKey);
        V2OutboundCipher first = new V2OutboundCipher(lengthKey, payloadKey);
        V2OutboundCipher second = new V2OutboundCipher(lengthKey, payloadKey);
        byte[] expected = new byte[contents.length + 20];
        first.encrypt(contents, 0, contents.length, null, true, expected, 0);
        byte[] buffer = new byte[7 + contents.length + 20];
        System.arraycopy(contents, 0, buffer, 7 + 4, contents.length); // contents already in place
        assertEquals(contents.length + 20, second.encrypt(buffer, 7 + 4, contents.length, null, true, buffer, 7));
        assertArrayEquals(expected, Arrays.copyOfRange(buffer, 7, buffer.length));

        V2InboundCipher in = new V2InboundCipher(lengthKey, payloadKey);
        assertEquals(contents.length, in.decryptLength(buffer, 7));
        int header = in.decrypt(buffer, 10, null, buffer, 10);
        assertEquals(V2PacketFormat.IGNORE_BIT, header);
        assertTrue(Arrays.equals(contents, 0, contents.length, buffer, 11, 11 + contents.length));
    }

    /** Flips one bit at a position measured from the packet start; 3 = encrypted header byte. */
    @ParameterizedTest(name = "bit flipped at byte {0}")
    @ValueSource(ints = {3, 4, 50, 103, 104, 119})
    void aFlippedBitInCiphertextOrTagFailsAuthentication(int position) throws V2CryptoException {
        V2SessionCiphers[] pair = handshake();
        byte[] contents = new byte[100]; // packet: 3 length + 1 header + 100 contents + 16 tag = 120 bytes
        random.nextBytes(contents);
        byte[] packet = pair[0].outbound().encrypt(contents, null, false);
        packet[position] ^= 0x10;
        V2InboundCipher in = pair[1].inbound();
        assertEquals(100, in.decryptLength(packet, 0));
        byte[] out = new byte[101];
        Arrays.fill(out, (byte) 0x77);
        V2CryptoException e = assertThrows(V2CryptoException.class, () -> in.decrypt(packet, 3, null, out, 0));
        assertTrue(e.getMessage().contains("failed authentication"), e.getMessage());
        for (byte b : out) {
            assertEquals((byte) 0x77, b, "nothing is delivered from a failed packet");
        }
        // The stream is out of sync: the half refuses further use.
        assertThrows(IllegalStateException.class, () -> in.decryptLength(packet, 0));
        assertThrows(IllegalStateException.class, () -> in.decrypt(packet, 3, null, out, 0));
    }

    @Test
    void wrongAadFailsAuthentication() throws V2CryptoException {
        V2SessionCiphers[] pair = handshake();
        byte[] packet = pair[0].outbound().encrypt(new byte[0], new byte[] {1, 2, 3}, false);
        V2InboundCipher in = pair[1].inbound();
        in.decryptLength(packet, 0);
        assertThrows(V2CryptoException.class, () -> in.decrypt(packet, 3, new byte[] {1, 2, 4}, new byte[1], 0));
    }

    @Test
    void aTamperedLengthIsCaughtByTheAead() throws V2CryptoException {
        V2SessionCiphers[] pair = handshake();
        byte[] packet = pair[0].outbound().encrypt(new byte[10], null, false);
        byte[] longer = Arrays.copyOf(packet, packet.length + 1); // room for the claimed extra byte
        longer[0] ^= 0x01; // 10 = 0b1010 becomes 11
        V2InboundCipher in = pair[1].inbound();
        assertEquals(11, in.decryptLength(longer, 0));
        assertThrows(V2CryptoException.class, () -> in.decrypt(longer, 3, null, new byte[12], 0));
    }

    @Test
    void misuseIsRejectedWithoutDesynchronising() throws V2CryptoException {
        V2SessionCiphers[] pair = handshake();
        V2OutboundCipher out = pair[0].outbound();
        V2InboundCipher in = pair[1].inbound();
        assertThrows(IllegalStateException.class, () -> in.decrypt(new byte[17], 0, null, new byte[1], 0));
        assertThrows(IllegalStateException.class, in::pendingAeadLength);
        assertThrows(IllegalArgumentException.class,
                () -> out.encrypt(new byte[0], 0, V2PacketFormat.MAX_CONTENTS_LENGTH + 1, null, false, new byte[0], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> out.encrypt(new byte[5], 0, 5, null, false, new byte[24], 0));
        assertEquals(0, out.packetCount(), "a rejected call does not advance the cipher");

        byte[] packet = out.encrypt(new byte[] {42}, null, false);
        assertEquals(1, in.decryptLength(packet, 0));
        assertThrows(IllegalStateException.class, () -> in.decryptLength(packet, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> in.decrypt(packet, 3, null, new byte[1], 0));
        byte[] plain = new byte[2];
        assertEquals(0, in.decrypt(packet, 3, null, plain, 0));
        assertEquals(42, plain[1]);
    }

    @Test
    void differentNetworksDeriveDifferentKeys() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        SessionKeys mainnet = SessionKeys.derive(secret, Bip324Vectors.hex("f9beb4d9"));
        SessionKeys testnet = SessionKeys.derive(secret, MAGIC);
        assertNotEquals(Bip324Vectors.hex(mainnet.sessionId()), Bip324Vectors.hex(testnet.sessionId()));
        assertThrows(IllegalArgumentException.class, () -> SessionKeys.derive(secret, new byte[3]));
        mainnet.destroy();
        assertArrayEquals(new byte[32], mainnet.initiatorLengthKey(), "destroy wipes the keys");
    }
}
