package org.btcpeer.chain.filter;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireException.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golomb-Rice bits, set building and matching, and the bounded decoder's typed errors. */
class GcsFilterTest {

    private static final GcsParams SMALL = new GcsParams(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, 10, 1 << 10);

    @ParameterizedTest(name = "P={0} values {1} -> {2}")
    @CsvSource({
            // P=2: 0 -> 0|00, 5 -> 10|01, 9 -> 110|01: bits 000 1001 11001, padded: 0001_0011 1001_0000
            "2, 0 5 9, 1390",
            // P=1: 0 -> 0|0: one byte of padding zeros
            "1, 0, 00",
            // P=3: 8 -> 10|000, 7 -> 0|111: bits 10000 0111 -> 1000_0011 1000_0000
            "3, 8 7, 8380",
            // P=19 (BIP-158): 2^19 + 1 -> 10 | 0000000000000000001 -> 21 bits
            "19, 524289, 800008",
    })
    void golombRiceExactBits(int p, String values, String hex) throws WireException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitStreamWriter w = new BitStreamWriter(out);
        String[] parts = values.split(" ");
        for (String s : parts) {
            GolombRice.encode(w, p, Long.parseLong(s));
        }
        w.flush();
        assertEquals(hex, ByteString.wrap(out.toByteArray()).hex());
        byte[] b = ByteString.fromHex(hex).toByteArray();
        BitStreamReader r = new BitStreamReader(b, 0, b.length);
        for (String s : parts) {
            assertEquals(Long.parseLong(s), GolombRice.decode(r, p));
        }
    }

    @Test
    void emptySetIsOneZeroByteAndMatchesNothing() throws WireException {
        GcsFilter f = GcsFilter.build(SMALL, List.of());
        assertEquals("00", f.encoded().hex());
        assertFalse(f.matchAny(List.of(ByteString.fromHex("00"))));
        assertFalse(f.matchAll(List.of(ByteString.fromHex("00"))));
        assertTrue(f.matchAll(List.of()));
        assertEquals(0, GcsFilter.decode(SMALL, ByteString.fromHex("00")).size());
    }

    @Test
    void duplicatesCountOnce() {
        ByteString a = ByteString.fromHex("0102");
        assertEquals(GcsFilter.build(SMALL, List.of(a)), GcsFilter.build(SMALL, List.of(a, ByteString.fromHex("0102"))));
        assertEquals(1, GcsFilter.build(SMALL, List.of(a, a)).size());
    }

    /** Core's {@code gcsfilter_test}: 100 included elements match, and so do they after a decode. */
    @Test
    void includedElementsMatchExcludedMostlyDoNot() throws WireException {
        Random rnd = new Random(158);
        Set<ByteString> included = new HashSet<>();
        Set<ByteString> excluded = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            included.add(random(rnd));
            excluded.add(random(rnd));
        }
        GcsFilter built = GcsFilter.build(SMALL, included);
        GcsFilter decoded = GcsFilter.decode(SMALL, built.encoded());
        for (GcsFilter f : List.of(built, decoded)) {
            for (ByteString e : included) {
                assertTrue(f.matchAny(List.of(e)));
                assertTrue(f.matchAny(List.of(random(rnd), e, random(rnd))));
            }
            assertTrue(f.matchAll(included));
            int falsePositives = 0;
            for (ByteString e : excluded) {
                falsePositives += f.matchAny(List.of(e)) ? 1 : 0;
            }
            assertTrue(falsePositives < 5, falsePositives + " false positives at M = 1024");
            assertFalse(f.matchAny(excluded.stream().filter(e -> !f.matchAny(List.of(e))).toList()));
            List<ByteString> mixed = new ArrayList<>(included);
            excluded.stream().filter(e -> !f.matchAny(List.of(e))).findFirst().ifPresent(mixed::add);
            assertFalse(f.matchAll(mixed), "one missing element fails matchAll");
        }
    }

    private static ByteString random(Random rnd) {
        byte[] b = new byte[32];
        rnd.nextBytes(b);
        return ByteString.wrap(b);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            // N = 2^32 (Core: "N must be <2^32")
            "ff0000000001000000, OVER_CAP, N",
            // N = 2^32-1 with 3 bytes: far more elements than 24 bits hold, rejected before decoding
            "feffffffff000000, OVER_CAP, N",
            // N = 2 needs 40 bits at P = 19: 4 bytes hold 32
            "0200000000, OVER_CAP, N",
            // N = 1, but the bits are all ones: the unary quotient runs off the end
            "01ffffff, TRUNCATED, bits",
            // N = 1 (value 0 then 19 zero bits fit in 3 bytes), then one whole byte too many
            "0100000000, TRAILING_BYTES, bits",
            // a non-canonical CompactSize for N
            "fd0100000000, NON_CANONICAL, N",
            // nothing at all
            "'', TRUNCATED, N",
    })
    void hostileEncodingsAreTypedErrors(String hex, Rule rule, String field) {
        WireException e = assertThrows(WireException.class,
                () -> GcsFilter.decode(GcsParams.basic(Hash256.ZERO), ByteString.fromHex(hex)));
        assertEquals(rule, e.rule(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertEquals("gcs", e.command());
    }

    @Test
    void paramsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new GcsParams(0, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new GcsParams(0, 0, 33, 1));
        assertThrows(IllegalArgumentException.class, () -> new GcsParams(0, 0, 19, 0));
        assertThrows(IllegalArgumentException.class, () -> new GcsParams(0, 0, 19, 1L << 32));
    }

    @Test
    void basicParamsKeyIsTheBlockHashInInternalOrder() {
        Hash256 h = Hash256.fromInternalHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        GcsParams p = GcsParams.basic(h);
        assertEquals(0x0706050403020100L, p.sipHashK0());
        assertEquals(0x0f0e0d0c0b0a0908L, p.sipHashK1());
        assertEquals(19, p.p());
        assertEquals(784_931, p.m());
    }
}
