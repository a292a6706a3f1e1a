package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.btcpeer.transport.v2.Secp256k1.FieldElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BIP-324 {@code xswiftec_inv_test_vectors.csv}: {@code XSwiftECInv(x, u, case)} for all 8 cases of
 * every row (an empty cell means no solution), and the round trip {@code XSwiftEC(u, t) == x} for every
 * solution.
 */
class XSwiftECInvVectorsTest {

    private static final String FILE = "xswiftec_inv_test_vectors.csv";
    private static final ElligatorSwift ELLSWIFT = ElligatorSwift.defaultInstance();
    private static final Secp256k1 CURVE = Secp256k1.bouncyCastle();

    static Stream<Bip324Vectors.Row> rows() {
        return Bip324Vectors.read(FILE).stream();
    }

    @Test
    void fileHasAllRowsAndTheDocumentedNumberOfEmptyCells() {
        List<Bip324Vectors.Row> rows = Bip324Vectors.read(FILE);
        assertEquals(32, rows.size());
        long empty = rows.stream()
                .flatMap(r -> Stream.iterate(0, c -> c < 8, c -> c + 1).map(c -> r.get("case" + c + "_t")))
                .filter(String::isEmpty)
                .count();
        assertEquals(158, empty);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void allEightCasesMatchAndRoundTrip(Bip324Vectors.Row row) {
        FieldElement u = CURVE.fieldElement(row.hex("u"), 0);
        FieldElement x = CURVE.fieldElement(row.hex("x"), 0);
        List<Executable> checks = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int caseIndex = c;
            String expected = row.get("case" + c + "_t");
            Optional<FieldElement> t = ELLSWIFT.xSwiftECInv(x, u, caseIndex);
            checks.add(() -> assertEquals(expected, t.map(v -> Bip324Vectors.hex(v.toBytes())).orElse(""),
                    () -> "case " + caseIndex + " (" + row.get("comment") + ")"));
            if (!expected.isEmpty()) {
                FieldElement tExpected = CURVE.fieldElement(Bip324Vectors.hex(expected), 0);
                checks.add(() -> assertEquals(row.get("x"), Bip324Vectors.hex(ELLSWIFT.xSwiftEC(u, tExpected).toBytes()),
                        () -> "round trip of case " + caseIndex));
                byte[] encoding = new byte[64];
                System.arraycopy(row.hex("u"), 0, encoding, 0, 32);
                System.arraycopy(Bip324Vectors.hex(expected), 0, encoding, 32, 32);
                checks.add(() -> assertEquals(row.get("x"), Bip324Vectors.hex(ELLSWIFT.decode(encoding)),
                        () -> "decode(u || t) of case " + caseIndex));
            }
        }
        assertAll(checks);
    }

    @Test
    void rejectsCaseOutOfRange() {
        FieldElement one = CURVE.fieldElement(1);
        assertThrows(IllegalArgumentException.class, () -> ELLSWIFT.xSwiftECInv(one, one, 8));
        assertThrows(IllegalArgumentException.class, () -> ELLSWIFT.xSwiftECInv(one, one, -1));
    }
}
