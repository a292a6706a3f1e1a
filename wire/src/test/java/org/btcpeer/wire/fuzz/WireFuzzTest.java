package org.btcpeer.wire.fuzz;

import java.util.Arrays;
import java.util.Comparator;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.message.Command;
import org.btcpeer.wire.message.DecodedPayload;
import org.btcpeer.wire.message.KnownMessage;

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

    /** Commands in name order, so that the selector byte of a corpus entry keeps its meaning. */
    static final Command[] COMMANDS = Arrays.stream(Command.values())
            .sorted(Comparator.comparing(Command::wireName)).toArray(Command[]::new);

    /**
     * First byte selects the command (index into {@link #COMMANDS}, modulo), the rest is the payload.
     *
     * @param data fuzzer input
     */
    @FuzzTest(maxDuration = "10m")
    void decodeEveryCommand(byte[] data) {
        if (data.length == 0) {
            return;
        }
        Command c = COMMANDS[(data[0] & 0xff) % COMMANDS.length];
        ByteString payload = ByteString.wrap(data, 1, data.length - 1);
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
