package org.btcpeer.wire;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.btcpeer.wire.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CompactSizeTest {

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
            "0, 00",
            "252, fc",
            "253, fdfd00",
            "255, fdff00",
            "65535, fdffff",
            "65536, fe00000100",
            "33554432, fe00000002", // MAX_SIZE itself is allowed
    })
    void canonicalValuesRoundTrip(long value, String encoded) throws WireException {
        WireWriter w = new WireWriter();
        w.writeCompactSize(value);
        assertEquals(encoded, w.toByteString().hex());
        assertEquals(encoded.length() / 2, CompactSize.encodedSize(value));
        WireReader r = WireReader.of(hex(encoded), "test");
        assertEquals(value, r.readCompactSize("n"));
        r.expectEnd();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "fd0000", "fdfc00", "fe0000000000", "feffff0000", "ff0000000000000000", "ffffffffff00000000",
    })
    void nonCanonicalEncodingsAreRejected(String encoded) {
        WireException e = assertThrows(WireException.class,
                () -> WireReader.of(hex(encoded), "test").readCompactSize("n"));
        assertEquals(WireException.Rule.NON_CANONICAL, e.rule());
        assertEquals(0, e.offset());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"fe01000002", "feffffffff", "ff0000000001000000", "ffffffffffffffffff"})
    void valuesAboveMaxSizeAreRejected(String encoded) {
        WireException e = assertThrows(WireException.class,
                () -> WireReader.of(hex(encoded), "test").readCompactSize("n"));
        assertEquals(WireException.Rule.OVER_CAP, e.rule());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"fd", "fdff", "fe", "feffffff", "ff", "ff00000000000000"})
    void truncatedEncodingsAreRejected(String encoded) {
        WireException e = assertThrows(WireException.class,
                () -> WireReader.of(hex(encoded), "test").readCompactSize("n"));
        assertEquals(WireException.Rule.TRUNCATED, e.rule());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ffffffffffffffffff", "fe00000002", "fd1027"})
    void countsAreBoundedByTheBytesLeftBeforeAllocation(String encoded) {
        // A count a peer could send in a 10-byte payload; it must fail without sizing anything by it.
        WireException e = assertThrows(WireException.class,
                () -> WireReader.of(hex(encoded + "00"), "inv").readCount("count", 50_000, 36));
        assertEquals("inv", e.command());
        assertEquals("count", e.field());
    }
}
