package org.btcpeer.transport.v2;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.Stream;

import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportException.Reason;
import org.btcpeer.wire.message.PingMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * One bit flipped in each region of the handshake, in each direction. Layout of what each side sends
 * (garbage fixed at 10 bytes, no decoys): key 0..63, garbage 64..73, terminator 74..89, version packet
 * 90..109 (length 90..92, header 93, tag 94..109).
 */
class V2HandshakeTamperingTest {

    static final int GARBAGE = 10;
    static final int TERMINATOR = 64 + GARBAGE;
    static final int VERSION = TERMINATOR + 16;

    /** What the receiver of the tampered stream ends with. */
    enum Outcome {
        /** It waits for a terminator that never comes; the deadline (or 4111 bytes) ends it. */
        STALLS_IN_GARBAGE,
        /** It waits for the rest of a packet whose length grew; the next packet's bytes fail authentication. */
        STALLS_THEN_AUTHENTICATION_FAILED,
        AUTHENTICATION_FAILED,
        OVERSIZED_MESSAGE
    }

    record Case(String region, boolean upstream, int offset, int mask, Outcome outcome) {
        @Override
        public String toString() {
            return (upstream ? "initiator->responder " : "responder->initiator ") + region;
        }
    }

    static Stream<Case> cases() {
        Stream.Builder<Case> b = Stream.builder();
        for (boolean up : new boolean[]{true, false}) {
            b.add(new Case("key", up, 5, 0x01, Outcome.STALLS_IN_GARBAGE));
            b.add(new Case("last key byte", up, 63, 0x80, Outcome.STALLS_IN_GARBAGE));
            b.add(new Case("garbage", up, 64 + 3, 0x10, Outcome.AUTHENTICATION_FAILED));
            b.add(new Case("terminator", up, TERMINATOR + 15, 0x01, Outcome.STALLS_IN_GARBAGE));
            b.add(new Case("length field, low bit", up, VERSION, 0x01, Outcome.STALLS_THEN_AUTHENTICATION_FAILED));
            b.add(new Case("length field, high bit", up, VERSION + 2, 0x80, Outcome.OVERSIZED_MESSAGE));
            b.add(new Case("header byte", up, VERSION + 3, 0x80, Outcome.AUTHENTICATION_FAILED));
            b.add(new Case("tag", up, VERSION + 19, 0x01, Outcome.AUTHENTICATION_FAILED));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aFlippedBitNeverCompletesAHandshake(Case c) throws Exception {
        V2Handshake i = V2Handshake.initiator(V2HandshakeTest.MAGIC).random(new Random(1))
                .garbagePolicy(V2GarbagePolicy.fixed(GARBAGE)).build();
        V2Handshake r = V2Handshake.responder(V2HandshakeTest.MAGIC).random(new Random(2))
                .garbagePolicy(V2GarbagePolicy.fixed(GARBAGE)).build();
        InMemoryLink link = new InMemoryLink(i, r);
        (c.upstream() ? link.up : link.down).flip(c.offset(), c.mask());
        V2Handshake victim = c.upstream() ? r : i;

        switch (c.outcome()) {
            case STALLS_IN_GARBAGE -> {
                link.run(1);
                assertFalse(victim.isComplete());
                assertEquals(V2Handshake.State.GARB_GARBTERM, victim.state());
                // More bytes only end it: 4095 + 16 bytes without the terminator.
                TransportException e = assertThrows(TransportException.class,
                        () -> victim.receive(ByteBuffer.wrap(new byte[4095 + 16])));
                assertEquals(Reason.GARBAGE_TOO_LONG, e.reason());
            }
            case STALLS_THEN_AUTHENTICATION_FAILED -> {
                link.run(1);
                assertEquals(V2Handshake.State.VERSION, victim.state());
                TransportException e = assertThrows(TransportException.class,
                        () -> victim.receive(ByteBuffer.wrap(new byte[64])));
                assertEquals(Reason.AUTHENTICATION_FAILED, e.reason());
            }
            case AUTHENTICATION_FAILED, OVERSIZED_MESSAGE -> {
                TransportException e = assertThrows(TransportException.class, () -> link.run(1));
                assertEquals(c.outcome().name(), e.reason().name());
                assertFalse(e.suggestsV1Retry());
                assertEquals(V2Handshake.State.FAILED, victim.state());
                assertThrows(IllegalStateException.class, victim::session, "no session from a failed handshake");
            }
        }
        assertFalse(victim.isComplete());
    }

    @Test
    void aTamperedDecoyBeforeTheVersionPacketFailsAuthentication() throws Exception {
        V2Handshake i = V2Handshake.initiator(V2HandshakeTest.MAGIC).random(new Random(3))
                .garbagePolicy(V2GarbagePolicy.fixed(GARBAGE)).decoyPolicy(V2DecoyPolicy.fixed(8)).build();
        V2Handshake r = V2Handshake.responder(V2HandshakeTest.MAGIC).random(new Random(4)).build();
        InMemoryLink link = new InMemoryLink(i, r);
        link.up.flip(VERSION + 3 + 4, 0x04); // inside the decoy's contents; the decoy carries the garbage AAD
        TransportException e = assertThrows(TransportException.class, () -> link.run(ALL_AT_ONCE));
        assertEquals(Reason.AUTHENTICATION_FAILED, e.reason());
        assertEquals(0, r.decoysReceived(), "the tampered decoy was not counted as received");
    }

    static Stream<int[]> applicationPacketFlips() {
        Stream.Builder<int[]> b = Stream.builder();
        b.add(new int[]{0, 0x01}); // length 9 becomes 8: the tag is checked one byte early and fails
        b.add(new int[]{2, 0x80}); // length above the cap
        for (int k = 3; k < 29; k++) {
            b.add(new int[]{k, 0x01}); // header, short id, payload, tag
        }
        return b.build();
    }

    @ParameterizedTest(name = "byte {0}")
    @MethodSource("applicationPacketFlips")
    void aTamperedApplicationPacketDeliversNothing(int[] flip) throws Exception {
        V2Handshake i = V2Handshake.initiator(V2HandshakeTest.MAGIC).random(new Random(5)).build();
        V2Handshake r = V2Handshake.responder(V2HandshakeTest.MAGIC).random(new Random(6)).build();
        new InMemoryLink(i, r).run(ALL_AT_ONCE);
        V2FrameDecoder decoder = r.session().decoder();
        byte[] packet = i.session().encoder().encode(new PingMessage(7)).toByteArray();
        assertEquals(3 + 1 + 1 + 8 + 16, packet.length);
        packet[flip[0]] ^= (byte) flip[1];
        TransportException e = assertThrows(TransportException.class, () -> decoder.receive(ByteBuffer.wrap(packet)));
        assertEquals(flip[0] == 2 ? Reason.OVERSIZED_MESSAGE : Reason.AUTHENTICATION_FAILED, e.reason());
        assertNull(decoder.poll(), "nothing of the tampered packet is delivered");
        assertThrows(IllegalStateException.class, () -> decoder.receive(ByteBuffer.wrap(new byte[1])));
    }

    static final int ALL_AT_ONCE = Integer.MAX_VALUE;
}
