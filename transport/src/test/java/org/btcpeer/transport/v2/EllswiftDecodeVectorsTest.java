package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** BIP-324 {@code ellswift_decode_test_vectors.csv}: every row must decode to its X coordinate. */
class EllswiftDecodeVectorsTest {

    private static final String FILE = "ellswift_decode_test_vectors.csv";

    static Stream<Bip324Vectors.Row> rows() {
        return Bip324Vectors.read(FILE).stream();
    }

    @Test
    void fileHasAllRows() {
        assertEquals(76, Bip324Vectors.read(FILE).size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decodesToExpectedX(Bip324Vectors.Row row) {
        byte[] decoded = ElligatorSwift.defaultInstance().decode(row.hex("ellswift"));
        assertEquals(row.get("x"), Bip324Vectors.hex(decoded), () -> "edge cases: " + row.get("comment"));
        assertTrue(Secp256k1.bouncyCastle().isValidX(Secp256k1.bouncyCastle().fieldElement(decoded, 0)));
    }
}
