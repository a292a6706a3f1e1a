package org.btcpeer.wire.chain;

import java.util.ArrayList;
import java.util.List;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.MiniJson;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Every transaction of Bitcoin Core's tx_valid.json and tx_invalid.json deserializes, and a
 * transaction rebuilt from the decoded fields with the constructor serializes to exactly the
 * vector's bytes (the invalid ones fail script or context checks, not parsing). Re-encoding the
 * decoded instance alone would only copy back the bytes it kept.
 */
class CoreTxVectorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"bitcoin-core-json/tx_valid.json, 121, 28", "bitcoin-core-json/tx_invalid.json, 93, 13"})
    void everyVectorRebuiltFromItsFieldsSerializesToItsBytes(String file, int expectedTxs, int expectedSegwit) throws WireException {
        List<Object> entries = asList(MiniJson.parse(TestData.text(file)));
        int txs = 0;
        int segwit = 0;
        for (Object entry : entries) {
            List<Object> row = asList(entry);
            if (row.size() == 1 && row.get(0) instanceof String) {
                continue; // a comment row
            }
            assertInstanceOf(List.class, row.get(0), "prevouts of row " + row);
            ByteString bytes = ByteString.fromHex((String) row.get(1));
            Transaction tx = Transaction.decode(bytes);
            Transaction rebuilt = RebuiltFromFields.transaction(tx);
            WireWriter w = new WireWriter(bytes.size());
            rebuilt.encode(w);
            assertEquals(bytes, w.toByteString(), "rebuilt from its fields: " + row.get(1));
            assertEquals(tx.txid(), rebuilt.txid());
            assertEquals(tx.wtxid(), rebuilt.wtxid());
            if (file.endsWith("tx_valid.json")) { // invalid ones may list fewer prevouts (e.g. an input spent twice)
                assertEquals(asList(row.get(0)).size(), tx.inputs().size(), "one prevout per input");
            }
            txs++;
            if (tx.hasWitness()) {
                segwit++;
                assertEquals(tx.serializedSize() - tx.strippedSize(),
                        2 + tx.inputs().stream().mapToInt(in -> in.witness().serializedSize()).sum());
            }
        }
        assertEquals(expectedTxs, txs);
        assertEquals(expectedSegwit, segwit);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        assertInstanceOf(List.class, o);
        return (List<Object>) o;
    }

}
