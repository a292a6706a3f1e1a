package org.btcpeer.wire.message;

import java.util.ArrayList;
import java.util.List;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.message.MessageFixtures.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Bytes after a known message's fields are ignored and counted, as Bitcoin Core ignores them (a
 * future BIP may extend any message): every command, from its byte-exact fixture with N bytes
 * appended.
 */
class TrailingBytesTest {

    /** Every fixture with 1, 5 and 31 extra bytes (31: below reject's optional 32-byte hash). */
    static List<Arguments> fixturesWithExtensions() {
        List<Arguments> out = new ArrayList<>();
        for (Fixture f : MessageFixtures.all()) {
            for (int n : new int[]{1, 5, 31}) {
                out.add(Arguments.of(f, n));
            }
        }
        return out;
    }

    /** The fixture's exact payload followed by {@code n} bytes 0xee, 0xef, 0xf0, ... */
    private static ByteString extended(Fixture f, int n) {
        StringBuilder tail = new StringBuilder();
        for (int i = 0; i < n; i++) {
            tail.append(String.format("%02x", (0xee + i) & 0xff));
        }
        return ByteString.fromHex(f.payload().hex() + tail);
    }

    @ParameterizedTest(name = "{0} + {1} bytes")
    @MethodSource("fixturesWithExtensions")
    void extraBytesAreIgnoredAndCounted(Fixture f, int n) throws WireException {
        Command c = f.message().command();
        ByteString payload = extended(f, n);
        DecodedPayload d = c.decodePayload(payload);
        assertEquals(f.message(), d.message(), "the same fields as without the extension");
        assertEquals(n, d.trailingBytes());
        assertEquals(f.message(), c.decode(payload));
        DecodedPayload any = Command.decodeAnyPayload(f.name(), payload);
        assertEquals(f.message(), any.message());
        assertEquals(n, any.trailingBytes());
        assertEquals(f.payload().hex(), ((KnownMessage) d.message()).payload().hex(),
                "re-encoding gives the fixture's bytes, without the extension");
    }

    @ParameterizedTest(name = "{0} + {1} bytes")
    @MethodSource("fixturesWithExtensions")
    void strictDecodingStillRejectsThem(Fixture f, int n) {
        Command c = f.message().command();
        WireException e = assertThrows(WireException.class, () -> c.decodeStrict(extended(f, n)));
        assertEquals(WireException.Rule.TRAILING_BYTES, e.rule(), e.getMessage());
        assertEquals(f.name(), e.command());
        assertEquals(f.payload().size(), e.offset(), "the error points at the first extra byte");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.btcpeer.wire.message.MessageCodecTest#fixtures")
    void aFullExtensionRoomFitsUnderEveryCap(Fixture f) throws WireException {
        Command c = f.message().command();
        ByteString payload = ByteString.fromHex(f.payload().hex() + "ab".repeat(Command.EXTENSION_ROOM));
        DecodedPayload d = c.decodePayload(payload);
        assertEquals(f.message(), d.message());
        assertEquals(Command.EXTENSION_ROOM, d.trailingBytes());
    }

    @Test
    void anExactPayloadHasNoTrailingBytes() throws WireException {
        DecodedPayload d = Command.PING.decodePayload(ByteString.fromHex("0094102111e2af4d"));
        assertEquals(new PingMessage(0x4dafe21121109400L), d.message());
        assertEquals(0, d.trailingBytes());
    }

    @Test
    void rejectReadsItsHashOnlyWhenAllOfItIsThere() throws WireException {
        String head = "02 7478 | 12 | 01 78"; // "tx", duplicate, reason "x"
        DecodedPayload shortTail = Command.REJECT.decodePayload(org.btcpeer.wire.Fixtures.hex(head + "| " + "11".repeat(31)));
        assertEquals(new RejectMessage("tx", RejectMessage.DUPLICATE, "x", java.util.Optional.empty()), shortTail.message());
        assertEquals(31, shortTail.trailingBytes());
        DecodedPayload withHash = Command.REJECT.decodePayload(org.btcpeer.wire.Fixtures.hex(head + "| " + "11".repeat(32) + "| 2222"));
        RejectMessage r = assertInstanceOf(RejectMessage.class, withHash.message());
        assertEquals("11".repeat(32), r.hash().orElseThrow().toInternalHex());
        assertEquals(2, withHash.trailingBytes());
    }

    @Test
    void unknownCommandsKeepTheirWholePayload() throws WireException {
        DecodedPayload d = Command.decodeAnyPayload("xversion", ByteString.fromHex("0102"));
        RawMessage raw = assertInstanceOf(RawMessage.class, d.message());
        assertEquals("0102", raw.body().hex());
        assertEquals(0, d.trailingBytes());
    }
}
