package org.btcpeer.wire.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.chain.RebuiltFromFields;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.Command;
import org.btcpeer.wire.message.DecodedPayload;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.KnownMessage;
import org.btcpeer.wire.message.RawMessage;
import org.btcpeer.wire.message.TxMessage;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzz targets for the wire codec. In a normal build they replay their corpus
 * ({@code src/test/resources/org/btcpeer/wire/fuzz/WireFuzzTestInputs/<method>/}) as regression
 * tests; with {@code JAZZER_FUZZ=1} they fuzz (see docs/limits.md for the command).
 *
 * <p>The only failure a decoder may raise is {@link WireException}: anything else escaping here
 * (an index error, an out-of-memory, a null pointer) fails the target, and so does a message that
 * does not survive decode, encode, decode unchanged, or whose trailing bytes (ignored, as Core)
 * change what the fields before them decode to.
 */
class WireFuzzTest {

    /** The longest v1 command name (the header's command field is 12 bytes). */
    static final int MAX_NAME = 12;

    /**
     * The input is a command's wire name, a NUL byte, then the payload (e.g. {@code "inv\0..."}), so
     * a corpus entry keeps its command whatever commands are added. An input without a NUL in its
     * first 13 bytes is a payload for {@code "fuzzcmd"}; a name the registry does not know must
     * come back as a raw message with the very payload.
     *
     * @param data fuzzer input
     */
    @FuzzTest(maxDuration = "10m")
    void decodeEveryCommand(byte[] data) throws WireException {
        int nul = -1;
        for (int i = 0; i < Math.min(data.length, MAX_NAME + 1); i++) {
            if (data[i] == 0) {
                nul = i;
                break;
            }
        }
        String name = nul < 0 ? "fuzzcmd" : new String(data, 0, nul, java.nio.charset.StandardCharsets.ISO_8859_1);
        ByteString payload = ByteString.wrap(data, nul + 1, data.length - nul - 1);
        java.util.Optional<Command> known = Command.byName(name);
        if (known.isEmpty()) {
            if (Command.isValidName(name)) { // a name a v1 header can carry
                assertEquals(new RawMessage(name, payload), Command.decodeAnyPayload(name, payload).message(), name);
            }
            return;
        }
        Command c = known.get();
        DecodedPayload d;
        try {
            d = c.decodePayload(payload);
        } catch (WireException expected) {
            return;
        }
        KnownMessage m = (KnownMessage) d.message();
        int trailing = d.trailingBytes();
        if (trailing < 0 || trailing > payload.size()) {
            throw new AssertionError(c.wireName() + ": " + trailing + " trailing bytes of a " + payload.size() + "-byte payload");
        }
        try {
            // The trailing bytes are only ignored: the fields before them decode, strictly, to the same message.
            assertEquals(m, c.decodeStrict(payload.slice(0, payload.size() - trailing)),
                    c.wireName() + " without its trailing bytes");
            // Decoding may normalize (version defaults, skipped addrv2 entries, headers' tx counts),
            // but the normalized message must be a fixed point, with nothing left over.
            // A decoded transaction, block or header re-emits the bytes it kept: rebuild those from
            // their fields so the comparison exercises the encoder.
            ByteString consumed = payload.slice(0, payload.size() - trailing);
            if (m instanceof TxMessage t) {
                assertEquals(consumed, RebuiltFromFields.serialization(t.transaction()), "tx rebuilt from its fields");
            } else if (m instanceof BlockMessage b) {
                assertEquals(consumed, RebuiltFromFields.block(b.block()).serialization(), "block rebuilt from its fields");
            } else if (m instanceof HeadersMessage h) {
                // (decoding normalizes the tx counts after each header, so compare with the message's encoding)
                assertEquals(m.payload(), new HeadersMessage(h.headers().stream().map(RebuiltFromFields::header).toList()).payload(),
                        "headers rebuilt from their fields");
            }
            ByteString encoded = m.payload();
            assertEquals(m, c.decodeStrict(encoded), c.wireName() + " must survive encode/decode");
        } catch (WireException e) {
            throw new AssertionError(c.wireName() + ": the fields without their tail, or their re-encoding, do not decode strictly: "
                    + e.getMessage(), e);
        }
    }

    /**
     * CompactSize reading: only WireException, and canonical values re-encode to the same bytes.
     *
     * @param data fuzzer input
     */
    @FuzzTest(maxDuration = "10m")
    void compactSize(byte[] data) {
        WireReader r = WireReader.of(ByteString.wrap(data), "fuzz");
        try {
            int before = r.position();
            long v = r.readCompactSize("n");
            org.btcpeer.wire.WireWriter w = new org.btcpeer.wire.WireWriter();
            w.writeCompactSize(v);
            assertEquals(ByteString.wrap(data).slice(before, r.position()), w.toByteString());
        } catch (WireException expected) {
            // typed error
        }
    }

    /**
     * BIP-155 addresses: only WireException; accepted addresses re-encode to the same bytes.
     *
     * @param data fuzzer input
     */
    @FuzzTest(maxDuration = "10m")
    void bip155Address(byte[] data) {
        WireReader r = WireReader.of(ByteString.wrap(data), "addrv2");
        try {
            NetAddress.readV2(r).ifPresent(a -> {
                org.btcpeer.wire.WireWriter w = new org.btcpeer.wire.WireWriter();
                a.writeV2(w);
                assertEquals(ByteString.wrap(data).slice(0, r.position()), w.toByteString());
            });
        } catch (WireException expected) {
            // typed error
        }
    }
}
