package org.btcpeer.wire.chain;

import java.util.List;
import java.util.stream.Stream;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireException.Rule;
import org.btcpeer.wire.WireWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.btcpeer.wire.chain.TestData.assertRejects;
import static org.btcpeer.wire.chain.TestData.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransactionTest {

    /**
     * Mainnet block 170's second transaction, the first bitcoin payment (Satoshi to Hal Finney),
     * txid f4184fc5…9e16: the well-known legacy example.
     */
    static final String LEGACY_HEX = ""
            + "01000000"                                                           // version 1
            + "01"                                                                 // 1 input
            + "c997a5e56e104102fa209c6a852dd90660a20b2d9c352423edce25857fcd3704"   // prev txid (internal order)
            + "00000000"                                                           // prev index 0
            + "48"                                                                 // scriptSig: 72 bytes
            + "47304402204e45e16932b8af514961a1d3a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd41"
            + "0220181522ec8eca07de4860a4acdd12909d831cc56cbbac4622082221a8768d1d0901"
            + "ffffffff"                                                           // sequence
            + "02"                                                                 // 2 outputs
            + "00ca9a3b00000000"                                                   // 10 BTC
            + "43"                                                                 // scriptPubKey: 67 bytes (P2PK)
            + "4104ae1a62fe09c5f51b13905f07f06b99a2f7159b2225f374cd378d71302fa28414e7aab37397f554a7df5f142c21c1b7303b8a0626f1baded5c72a704f7e6cd84cac"
            + "00286bee00000000"                                                   // 40 BTC
            + "43"
            + "410411db93e1dcdb8a016b49840f8c53bc1eb68a382e97b1482ecad7b148a6909a5cb2e0eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3ac"
            + "00000000";                                                          // lock time 0
    static final String LEGACY_TXID = "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16";

    /**
     * btcd's TestWTxSha transaction ("from block 23157 in a past version of segnet"): one P2WPKH
     * input, one output, with btcd's published txid and wtxid, size 190 and stripped size 82.
     */
    static final String SEGWIT_HEX = ""
            + "01000000"                                                           // version 1
            + "00" + "01"                                                          // BIP-144 marker, flag
            + "01"                                                                 // 1 input
            + "a53352d5135766f03076597418263da2d9c958315968fea823529467481ff9cd"   // prev txid (internal order)
            + "13000000"                                                           // prev index 19
            + "00"                                                                 // empty scriptSig
            + "ffffffff"                                                           // sequence
            + "01"                                                                 // 1 output
            + "0b07060000000000"                                                   // 395,019 sat
            + "16" + "00149ddac6f39d51e0398e532a22c41ba189406a8523"               // P2WPKH script
            + "02"                                                                 // witness: 2 items
            + "46" + "3043021f4d2381dc97f182abd8185f51753018523212f5ddc07cc4e63a8dc03658da19"
            + "0220608b5c4d92b86b6de7d78ef23a2fa735bcb59b914a48b0e187c5e7569a18197001"   // 70-byte signature
            + "21" + "0307ead084807eb76346df6977000c89392f45c76425b26181f521d7f370066a8f" // 33-byte pubkey
            + "00000000";                                                          // lock time 0
    static final String SEGWIT_STRIPPED_HEX = ""
            + "01000000" + "01"
            + "a53352d5135766f03076597418263da2d9c958315968fea823529467481ff9cd" + "13000000" + "00" + "ffffffff"
            + "01" + "0b07060000000000" + "16" + "00149ddac6f39d51e0398e532a22c41ba189406a8523"
            + "00000000";
    static final String SEGWIT_TXID = "0f167d1385a84d1518cfee208b653fc9163b605ccf1b75347e2850b3e2eb19f3";
    static final String SEGWIT_WTXID = "0858eab78e77b6b033da30f46699996396cf48fcf625a783c85a51403e175e74";

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("legacy", LEGACY_HEX, LEGACY_TXID, LEGACY_TXID, 275, 275),
                Arguments.of("segwit", SEGWIT_HEX, SEGWIT_TXID, SEGWIT_WTXID, 190, 82));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureDecodesWithKnownHashesAndSizes(String name, String hex, String txid, String wtxid, int size, int stripped)
            throws WireException {
        ByteString bytes = hex(hex);
        Transaction tx = Transaction.decode(bytes);
        assertEquals(Hash256.fromHex(txid), tx.txid());
        assertEquals(Hash256.fromHex(wtxid), tx.wtxid());
        assertEquals(size, tx.serializedSize());
        assertEquals(stripped, tx.strippedSize());
        assertEquals(stripped * 3 + size, tx.weight());
        assertEquals((stripped * 3 + size + 3) / 4, tx.vsize());
        assertEquals(!txid.equals(wtxid), tx.hasWitness());
        assertFalse(tx.isCoinbase());

        WireWriter w = new WireWriter();
        RebuiltFromFields.transaction(tx).encode(w);
        assertEquals(bytes, w.toByteString(), "rebuilt from its fields, serializes bit-identically");
        assertEquals(bytes, tx.serialization());
        assertEquals(stripped, tx.strippedSerialization().size());
        assertEquals(tx.txid(), Hash256.doubleSha256(tx.strippedSerialization()));
    }

    @Test
    void legacyFieldsAreRead() throws WireException {
        Transaction tx = Transaction.decode(hex(LEGACY_HEX));
        assertEquals(1, tx.version());
        assertEquals(0, tx.lockTime());
        assertEquals(1, tx.inputs().size());
        TxInput in = tx.inputs().get(0);
        assertEquals(new OutPoint(Hash256.fromHex("0437cd7f8525ceed2324359c2d0ba26006d92d856a9c20fa0241106ee5a597c9"), 0), in.prevout());
        assertEquals(72, in.scriptSig().size());
        assertEquals(TxInput.SEQUENCE_FINAL, in.sequence());
        assertSame(Witness.EMPTY, in.witness());
        assertEquals(List.of(1_000_000_000L, 4_000_000_000L), tx.outputs().stream().map(TxOutput::value).toList());
        assertEquals(67, tx.outputs().get(1).scriptPubKey().size());
        assertSame(tx.serialization(), tx.strippedSerialization(), "no witness: the stripped form is the serialization itself");
    }

    @Test
    void segwitFieldsAreRead() throws WireException {
        Transaction tx = Transaction.decode(hex(SEGWIT_HEX));
        TxInput in = tx.inputs().get(0);
        assertEquals(19, in.prevout().index());
        assertTrue(in.scriptSig().isEmpty());
        assertEquals(List.of(70, 33), in.witness().stack().stream().map(ByteString::size).toList());
        assertEquals(395_019L, tx.outputs().get(0).value());
        assertEquals(hex(SEGWIT_STRIPPED_HEX), tx.strippedSerialization());
        WireWriter w = new WireWriter();
        tx.encodeWithoutWitness(w);
        assertEquals(hex(SEGWIT_STRIPPED_HEX), w.toByteString());
    }

    @Test
    void builtTransactionsSerializeToTheFixtures() throws WireException {
        Transaction decodedLegacy = Transaction.decode(hex(LEGACY_HEX));
        Transaction builtLegacy = new Transaction(1, decodedLegacy.inputs(), decodedLegacy.outputs(), 0);
        assertEquals(hex(LEGACY_HEX), builtLegacy.serialization());
        assertEquals(Hash256.fromHex(LEGACY_TXID), builtLegacy.txid());

        TxInput in = new TxInput(
                new OutPoint(Hash256.fromInternalHex("a53352d5135766f03076597418263da2d9c958315968fea823529467481ff9cd"), 19),
                ByteString.EMPTY, TxInput.SEQUENCE_FINAL,
                Witness.of(hex("3043021f4d2381dc97f182abd8185f51753018523212f5ddc07cc4e63a8dc03658da190220608b5c4d92b86b6de7d78ef23a2fa735bcb59b914a48b0e187c5e7569a18197001"),
                        hex("0307ead084807eb76346df6977000c89392f45c76425b26181f521d7f370066a8f")));
        TxOutput out = new TxOutput(395_019, hex("00149ddac6f39d51e0398e532a22c41ba189406a8523"));
        Transaction built = new Transaction(1, List.of(in), List.of(out), 0);
        assertTrue(built.hasWitness());
        assertEquals(Hash256.fromHex(SEGWIT_TXID), built.txid());
        assertEquals(Hash256.fromHex(SEGWIT_WTXID), built.wtxid());
        assertEquals(hex(SEGWIT_HEX), built.serialization());
        assertEquals(hex(SEGWIT_STRIPPED_HEX), built.strippedSerialization());
        assertEquals(Transaction.decode(hex(SEGWIT_HEX)), built, "content equality with the decoded form");
        assertEquals(Transaction.decode(hex(SEGWIT_HEX)).hashCode(), built.hashCode());
        assertNotEquals(decodedLegacy, built);
        assertSame(built.serialization(), built.serialization(), "serialized once");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyTruncatedPrefixIsRejected(String name, String hex) {
        ByteString bytes = hex(hex);
        for (int len = 0; len < bytes.size(); len++) {
            ByteString prefix = bytes.slice(0, len);
            WireException e = assertRejects(Rule.TRUNCATED, () -> Transaction.decode(prefix));
            assertEquals("tx", e.command());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void trailingBytesAreRejected(String name, String hex) {
        WireException e = assertRejects(Rule.TRAILING_BYTES, () -> Transaction.decode(hex(hex + "00")));
        assertEquals(hex(hex).size(), e.offset());
    }

    static Stream<Arguments> hugeCounts() {
        return Stream.of(
                // version, then the field; every input is only a few bytes long
                Arguments.of("input count 2^64-1", "01000000" + "ffffffffffffffffff", Rule.OVER_CAP, "input count"),
                Arguments.of("input count 2^32-1", "01000000" + "feffffffff" + "0000", Rule.OVER_CAP, "input count"),
                Arguments.of("input count MAX_SIZE", "01000000" + "fe00000002" + "0000", Rule.OVER_CAP, "input count"),
                Arguments.of("input count 65536 > bytes left", "01000000" + "fe00000100" + "0000", Rule.TRUNCATED, "input count"),
                Arguments.of("segwit input count 2^32-1", "01000000" + "0001" + "feffffffff", Rule.OVER_CAP, "input count"),
                Arguments.of("output count 2^64-1", "01000000" + "00" + "01" + "00" + "ffffffffffffffffff", Rule.OVER_CAP, "output count"),
                Arguments.of("scriptSig length 2^64-1", "01000000" + "01" + "00".repeat(36) + "ffffffffffffffffff" + "00000000",
                        Rule.OVER_CAP, "scriptSig"),
                Arguments.of("scriptSig length 2^32-1", "01000000" + "01" + "00".repeat(36) + "feffffffff" + "00000000",
                        Rule.OVER_CAP, "scriptSig"),
                Arguments.of("scriptPubKey length 32 MB", "01000000" + "01" + "00".repeat(36) + "00" + "ffffffff" + "01"
                        + "0000000000000000" + "fe00000002", Rule.TRUNCATED, "scriptPubKey"),
                Arguments.of("witness item count 2^32-1", "01000000" + "0001" + "01" + "00".repeat(36) + "00" + "ffffffff"
                        + "00" + "feffffffff" + "00000000", Rule.OVER_CAP, "witness item count"),
                Arguments.of("witness item length 2^32-1", "01000000" + "0001" + "01" + "00".repeat(36) + "00" + "ffffffff"
                        + "00" + "01" + "feffffffff" + "00000000", Rule.OVER_CAP, "witness item"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hugeCounts")
    void hugeCountsAreRejectedWithoutAllocating(String name, String hex, Rule rule, String field) {
        ByteString bytes = hex(hex);
        for (int i = 0; i < 3; i++) { // warm up, so the measured run is not charged for class loading
            assertRejects(rule, () -> Transaction.decode(bytes));
        }
        long before = TestData.allocatedBytes();
        WireException e = assertRejects(rule, () -> Transaction.decode(bytes));
        long allocated = TestData.allocatedBytes() - before;
        assertEquals(field, e.field());
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for a " + bytes.size() + "-byte input");
    }

    static Stream<Arguments> nonCanonical() {
        return Stream.of(
                Arguments.of("input count 1 as fd 0100", "01000000" + "fd0100" + LEGACY_HEX.substring(10), "input count"),
                Arguments.of("input count 1 as fe 01000000", "01000000" + "fe01000000" + LEGACY_HEX.substring(10), "input count"),
                Arguments.of("output count 2 as ff", LEGACY_HEX.substring(0, 2 * 118) + "ff0200000000000000"
                        + LEGACY_HEX.substring(2 * 119), "output count"),
                Arguments.of("scriptSig length 72 as fd 4800", LEGACY_HEX.substring(0, 2 * 41) + "fd4800"
                        + LEGACY_HEX.substring(2 * 42), "scriptSig"),
                Arguments.of("witness item length 33 as fd 2100", SEGWIT_HEX.replace("21" + "0307ead0", "fd2100" + "0307ead0"),
                        "witness item"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonCanonical")
    void nonCanonicalCompactSizesAreRejected(String name, String hex, String field) {
        WireException e = assertRejects(Rule.NON_CANONICAL, () -> Transaction.decode(hex(hex)));
        assertEquals(field, e.field());
    }

    @Test
    void segwitFlagOtherThanOneIsRejected() {
        for (String flag : List.of("02", "03", "80", "ff")) {
            String hex = SEGWIT_HEX.substring(0, 10) + flag + SEGWIT_HEX.substring(12);
            WireException e = assertRejects(Rule.BAD_VALUE, () -> Transaction.decode(hex(hex)));
            assertEquals("segwit flag", e.field());
            assertEquals(5, e.offset());
        }
    }

    @Test
    void superfluousWitnessIsRejected() {
        // The segwit fixture with its only witness stack emptied: marker and flag but no witness data.
        String hex = SEGWIT_STRIPPED_HEX.substring(0, 8) + "0001" + SEGWIT_STRIPPED_HEX.substring(8, SEGWIT_STRIPPED_HEX.length() - 8)
                + "00" + "00000000";
        WireException e = assertRejects(Rule.BAD_VALUE, () -> Transaction.decode(hex(hex)));
        assertTrue(e.detail().contains("Superfluous witness record"), e.detail());
        assertEquals(80, e.offset(), "the offset of the witness section");
    }

    @Test
    void zeroInputsAndZeroOutputsWithoutMarkerIsAnEmptyTransaction() throws WireException {
        ByteString bytes = hex("02000000" + "00" + "00" + "ffffffff");
        Transaction tx = Transaction.decode(bytes);
        assertTrue(tx.inputs().isEmpty());
        assertTrue(tx.outputs().isEmpty());
        assertEquals(0xffffffffL, tx.lockTime());
        assertFalse(tx.hasWitness());
        assertEquals(bytes, tx.serialization());
        assertEquals(Hash256.doubleSha256(bytes), tx.txid());
        assertEquals(new Transaction(2, List.of(), List.of(), 0xffffffffL).serialization(), bytes);
    }

    @Test
    void zeroInputsWithOutputsIsReadAsTheExtendedFormatAsCoreDoes() {
        // A "legacy" tx with no inputs and one output: Core reads the output count 01 as the segwit flag,
        // then 0 inputs and 0 outputs from the value bytes, then no witness at all: Superfluous witness record.
        String hex = "01000000" + "00" + "01" + "0000000000000000" + "00" + "00000000";
        WireException e = assertRejects(Rule.BAD_VALUE, () -> Transaction.decode(hex(hex)));
        assertTrue(e.detail().contains("Superfluous"), e.detail());
    }

    @Test
    void segwitMarkerWithZeroInputsIsSuperfluous() {
        String hex = "01000000" + "0001" + "00" + "01" + "0000000000000000" + "00" + "00000000";
        assertRejects(Rule.BAD_VALUE, () -> Transaction.decode(hex(hex)));
    }

    @Test
    void coinbaseIsRecognised() throws WireException {
        // Genesis coinbase (block 0), txid 4a5e1e4b…da33b.
        Transaction tx = Transaction.decode(hex("01000000010000000000000000000000000000000000000000000000000000000000000000"
                + "ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e2062"
                + "72696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afd"
                + "b0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba"
                + "0b8d578a4c702b6bf11d5fac00000000"));
        assertTrue(tx.isCoinbase());
        assertEquals(OutPoint.NULL, tx.inputs().get(0).prevout());
        assertEquals(Hash256.fromHex("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"), tx.txid());
    }

    @Test
    void standaloneTransactionFiles() throws WireException {
        ByteString mega = ByteString.wrap(TestData.resource("tx/megatx.bin"));
        Transaction tx = Transaction.decode(mega);
        assertEquals(Hash256.fromHex("bb41a757f405890fb0f5856228e23b715702d714d59bf2b1feb70d8b2b4e3e08"), tx.txid());
        assertEquals(5569, tx.inputs().size());
        assertEquals(1, tx.outputs().size());
        assertEquals(999_657, tx.serializedSize());
        WireWriter w = new WireWriter(mega.size());
        RebuiltFromFields.transaction(tx).encode(w);
        assertEquals(mega, w.toByteString(), "rebuilt from its fields");

        String[][] bip69 = {
                {"bip69-1.hex", "0a6a357e2f7796444e02638749d9611c008b253fb55f5dc88b739b230ed0c4c3", "17", "2"},
                {"bip69-2.hex", "28204cad1d7fc1d199e8ef4fa22f182de6258a3eaafe1bbe56ebdcacd3069a5f", "2", "2"},
                {"bip69-3.hex", "fbde5d03b027d2b9ba4cf5d4fecab9a99864df2637b25ea4cbcb1796ff6550ca", "1", "2"},
                {"bip69-4.hex", "8131ffb0a2c945ecaf9b9063e59558784f9c3a74741ce6ae2a18d0571dac15bb", "5", "2"},
                {"bip69-5.hex", "ff85e8fc92e71bbc217e3ea9a3bacb86b435e52b6df0b089d67302c293a2b81d", "1", "2"},
        };
        for (String[] row : bip69) {
            ByteString bytes = hex(TestData.text("tx/" + row[0]).strip());
            Transaction t = Transaction.decode(bytes);
            assertEquals(Hash256.fromHex(row[1]), t.txid(), row[0]);
            assertEquals(Integer.parseInt(row[2]), t.inputs().size(), row[0]);
            assertEquals(Integer.parseInt(row[3]), t.outputs().size(), row[0]);
            WireWriter tw = new WireWriter();
            RebuiltFromFields.transaction(t).encode(tw);
            assertEquals(bytes, tw.toByteString(), row[0]);
        }
    }

    @Test
    void constructorsCheckTheirArguments() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Transaction(1, List.of(), List.of(), 1L << 32));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new OutPoint(Hash256.ZERO, -1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new TxInput(OutPoint.NULL, ByteString.EMPTY, 1L << 32));
        org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> new Transaction(1, java.util.Arrays.asList((TxInput) null), List.of(), 0));
    }
}
