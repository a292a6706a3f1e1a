package org.btcpeer.wire.chain;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireException.Rule;
import org.btcpeer.wire.WireWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

import static org.btcpeer.wire.chain.TestData.assertRejects;
import static org.btcpeer.wire.chain.TestData.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BIP-152: short ids, cmpctblock, getblocktxn and blocktxn payloads. */
class CompactBlockTest {

    static final String SEGWIT_BLOCK = "blocks/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk";
    static final long NONCE = 0x0123456789abcdefL;

    static Block segwitBlock;

    @BeforeAll
    static void load() throws WireException {
        segwitBlock = Block.decode(ByteString.wrap(TestData.resource(SEGWIT_BLOCK)));
    }

    /**
     * Expected values from {@code compact/shortids-574200.csv}, which {@link ShortIdFixture} writes
     * without btcpeer's hashing (JDK SHA-256, Guava SipHash-2-4); for nonce 0x0123456789abcdef the
     * key is k0 = f38af39812e06ec5, k1 = 4fc59634506c93e8. The rows first came from a Python
     * script (hashlib and a pure-Python SipHash); the generator reproduces them byte for byte.
     */
    @ParameterizedTest(name = "tx {0}")
    @CsvFileSource(resources = "/compact/shortids-574200.csv")
    void shortIdsOfARealBlock(int index, String wtxid, String shortId) {
        ShortIdKey key = ShortIdKey.of(segwitBlock.header(), NONCE);
        assertEquals(new ShortIdKey(0xf38af39812e06ec5L, 0x4fc59634506c93e8L), key);
        Transaction tx = segwitBlock.transactions().get(index);
        assertEquals(Hash256.fromHex(wtxid), tx.wtxid());
        assertEquals(Long.parseLong(shortId, 16), key.shortId(tx.wtxid()));
        HeaderAndShortIds cmpct = HeaderAndShortIds.fromBlock(segwitBlock, NONCE);
        assertEquals(Long.parseLong(shortId, 16), cmpct.shortIds().get(index - 1));
    }

    /** The committed fixture is what its generator makes now. */
    @Test
    void theFixtureIsWhatItsGeneratorMakes() throws Exception {
        List<String> fixture = new String(TestData.resource("compact/shortids-574200.csv"), StandardCharsets.US_ASCII)
                .lines().filter(l -> !l.startsWith("#")).toList();
        List<String> generated = ShortIdFixture.rows(TestData.resource(SEGWIT_BLOCK), NONCE).stream()
                .map(ShortIdFixture.Row::csv).toList();
        assertEquals(generated, fixture);
    }

    /** Every one of the block's 3,314 short ids, btcpeer's against the independent generator's. */
    @Test
    void everyShortIdOfTheBlockMatchesAnIndependentSipHash() throws Exception {
        byte[] file = TestData.resource(SEGWIT_BLOCK);
        long[] key = ShortIdFixture.key(file, NONCE);
        assertEquals(new ShortIdKey(key[0], key[1]), ShortIdKey.of(segwitBlock.header(), NONCE));
        List<byte[]> wtxids = ShortIdFixture.wtxids(file);
        HeaderAndShortIds cmpct = HeaderAndShortIds.fromBlock(segwitBlock, NONCE);
        for (int i = 1; i < wtxids.size(); i++) {
            assertEquals(Hash256.fromInternalBytes(wtxids.get(i)), segwitBlock.transactions().get(i).wtxid(), "wtxid " + i);
            assertEquals(ShortIdFixture.shortId(key, wtxids.get(i)), cmpct.shortIds().get(i - 1), "short id " + i);
        }
    }

    @Test
    void segwitTxidsDifferFromWtxidsInTheTable() {
        Transaction tx = segwitBlock.transactions().get(3302);
        assertTrue(tx.hasWitness());
        assertEquals(Hash256.fromHex("574e1fe4135cb6c92833b725eb4aea5403b258b5e9e550080636c92e212a3965"), tx.txid());
    }

    @Test
    void compactBlockFromARealBlockRoundTrips() throws WireException {
        HeaderAndShortIds cmpct = HeaderAndShortIds.fromBlock(segwitBlock, NONCE);
        assertEquals(3315, cmpct.blockTxCount());
        assertEquals(3314, cmpct.shortIds().size());
        assertEquals(List.of(new PrefilledTransaction(0, segwitBlock.transactions().get(0))), cmpct.prefilled());
        WireWriter w = new WireWriter();
        cmpct.encode(w);
        ByteString bytes = w.toByteString();
        Transaction coinbase = segwitBlock.transactions().get(0);
        assertEquals(80 + 8 + 3 + 3314 * 6 + 1 + 1 + coinbase.serializedSize(), bytes.size());
        HeaderAndShortIds decoded = HeaderAndShortIds.decode(bytes);
        assertEquals(cmpct, decoded);
        assertEquals(cmpct.shortIdKey(), decoded.shortIdKey());
        assertTrue(decoded.prefilled().get(0).transaction().hasWitness(), "prefilled txs carry their witness");
    }

    /** A hand-written cmpctblock: genesis header, 2 short ids, prefilled txs at positions 0 and 2 of 4. */
    static final String CMPCT_HEX = BlockHeaderTest.GENESIS_HEADER
            + "efcdab8967452301"                       // nonce 0x0123456789abcdef
            + "02" + "010203040506" + "a1a2a3a4a5a6"   // 2 short ids, 6 bytes LE each
            + "02"                                     // 2 prefilled
            + "00" + TransactionTest.LEGACY_HEX        // differential 0: position 0
            + "01" + TransactionTest.SEGWIT_HEX;       // differential 1: position 0 + 1 + 1 = 2

    @Test
    void handWrittenCompactBlock() throws WireException {
        ByteString bytes = hex(CMPCT_HEX);
        HeaderAndShortIds m = HeaderAndShortIds.decode(bytes);
        assertEquals(BlockFilesTest.GENESIS, m.header().hash());
        assertEquals(NONCE, m.nonce());
        assertEquals(ShortIds.of(0x060504030201L, 0xa6a5a4a3a2a1L), m.shortIds());
        assertEquals(4, m.blockTxCount());
        assertEquals(List.of(0, 2), m.prefilled().stream().map(PrefilledTransaction::index).toList());
        assertEquals(Hash256.fromHex(TransactionTest.SEGWIT_WTXID), m.prefilled().get(1).transaction().wtxid());
        WireWriter w = new WireWriter();
        m.encode(w);
        assertEquals(bytes, w.toByteString());
        for (int len = 0; len < bytes.size(); len++) {
            ByteString prefix = bytes.slice(0, len);
            assertRejects(Rule.TRUNCATED, () -> HeaderAndShortIds.decode(prefix));
        }
        assertRejects(Rule.TRAILING_BYTES, () -> HeaderAndShortIds.decode(hex(CMPCT_HEX + "00")));
    }

    private static String cmpctWith(String secondDifferential) {
        return BlockHeaderTest.GENESIS_HEADER + "efcdab8967452301" + "02" + "010203040506" + "a1a2a3a4a5a6"
                + "02" + "00" + TransactionTest.LEGACY_HEX + secondDifferential + TransactionTest.SEGWIT_HEX;
    }

    @Test
    void prefilledIndexesAreCheckedAsCoreDoes() throws WireException {
        // Position 3, the last slot of 4, is fine.
        assertEquals(3, HeaderAndShortIds.decode(hex(cmpctWith("02"))).prefilled().get(1).index());
        // A differential index above uint16: Core's CompactSizeFormatter "CompactSize exceeds limit of type".
        WireException e = assertRejects(Rule.OVER_CAP, () -> HeaderAndShortIds.decode(hex(cmpctWith("fe00000100"))));
        assertEquals("prefilled index", e.field());
        // Differentials that add up past 65535: Core's InitData overflow check.
        e = assertRejects(Rule.OVER_CAP, () -> HeaderAndShortIds.decode(hex(cmpctWith("fdffff"))));
        assertTrue(e.detail().contains("65536"), e.detail());
        // Position 4 of a 4-transaction block: Core's InitData "neither a prefilled txn or a shorttxid".
        assertRejects(Rule.BAD_VALUE, () -> HeaderAndShortIds.decode(hex(cmpctWith("03"))));
        assertRejects(Rule.NON_CANONICAL, () -> HeaderAndShortIds.decode(hex(cmpctWith("fd0100"))));
    }

    @Test
    void moreThan65535TransactionsAreRejected() {
        WireWriter w = new WireWriter();
        w.writeBytes(hex(BlockHeaderTest.GENESIS_HEADER)).writeInt64Le(NONCE);
        w.writeCompactSize(65535).writeBytes(ByteString.wrap(new byte[65535 * 6]));
        w.writeCompactSize(1).writeUInt8(0).writeBytes(hex(TransactionTest.LEGACY_HEX));
        WireException e = assertRejects(Rule.OVER_CAP, () -> HeaderAndShortIds.decode(w.toByteString()));
        assertEquals("prefilled count", e.field());
        assertThrows(IllegalArgumentException.class, () -> new HeaderAndShortIds(
                segwitBlock.header(), 0, ShortIds.wrap(new long[65535]), List.of(new PrefilledTransaction(0, segwitBlock.transactions().get(0)))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ffffffffffffffffff, OVER_CAP",
            "feffffffff, OVER_CAP",
            "fe00000100, OVER_CAP",   // 65536 > 65535
            "fdffff, TRUNCATED",      // 65535 ids need 393,210 bytes
    })
    void hugeShortIdCountsAreRejected(String count, Rule rule) {
        String hex = BlockHeaderTest.GENESIS_HEADER + "efcdab8967452301" + count + "00";
        WireException e = assertRejects(rule, () -> HeaderAndShortIds.decode(hex(hex)));
        assertEquals("short id count", e.field());
    }

    @Test
    void recordsCheckTheirInvariants() {
        Transaction tx = segwitBlock.transactions().get(0);
        assertThrows(IllegalArgumentException.class, () -> ShortIds.of(1L << 48));
        assertThrows(IllegalArgumentException.class, () -> new PrefilledTransaction(65536, tx));
        assertThrows(IllegalArgumentException.class, () -> new HeaderAndShortIds(segwitBlock.header(), 0, ShortIds.of(1),
                List.of(new PrefilledTransaction(1, tx), new PrefilledTransaction(1, tx))), "not ascending");
        assertThrows(IllegalArgumentException.class, () -> new HeaderAndShortIds(segwitBlock.header(), 0, ShortIds.of(1),
                List.of(new PrefilledTransaction(2, tx))), "beyond the block");
        assertThrows(IllegalArgumentException.class, () -> TxIndexes.of(1, 1));
        assertThrows(IllegalArgumentException.class, () -> TxIndexes.of(-1));
        assertThrows(IllegalArgumentException.class, () -> new BlockTransactionsRequest(Hash256.ZERO, TxIndexes.of(65536)));
    }

    // getblocktxn

    /** Positions 0, 1, 5, 65535 as differentials 0, 0, 3, 65529. */
    static final String GETBLOCKTXN_HEX = "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000"
            + "04" + "00" + "00" + "03" + "fdf9ff";

    @Test
    void blockTransactionsRequestDifferentialEncoding() throws WireException {
        ByteString bytes = hex(GETBLOCKTXN_HEX);
        BlockTransactionsRequest req = BlockTransactionsRequest.decode(bytes);
        assertEquals(BlockFilesTest.GENESIS, req.blockHash());
        assertEquals(TxIndexes.of(0, 1, 5, 65535), req.indexes());
        WireWriter w = new WireWriter();
        new BlockTransactionsRequest(BlockFilesTest.GENESIS, TxIndexes.of(0, 1, 5, 65535)).encode(w);
        assertEquals(bytes, w.toByteString());
        for (int len = 0; len < bytes.size(); len++) {
            ByteString prefix = bytes.slice(0, len);
            assertRejects(Rule.TRUNCATED, () -> BlockTransactionsRequest.decode(prefix));
        }
        assertRejects(Rule.TRAILING_BYTES, () -> BlockTransactionsRequest.decode(hex(GETBLOCKTXN_HEX + "00")));
    }

    @Test
    void differentialRoundTrips() throws WireException {
        int[][] cases = {{}, {0}, {65535}, {7, 8, 9, 10}, {0, 252, 253, 65534, 65535}, {3, 1000, 40000}};
        for (int[] c : cases) {
            BlockTransactionsRequest req = new BlockTransactionsRequest(BlockFilesTest.GENESIS, TxIndexes.of(c));
            WireWriter w = new WireWriter();
            req.encode(w);
            assertEquals(req, BlockTransactionsRequest.decode(w.toByteString()));
        }
        int[] all = new int[65536];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        BlockTransactionsRequest every = new BlockTransactionsRequest(BlockFilesTest.GENESIS, TxIndexes.of(all));
        WireWriter w = new WireWriter();
        every.encode(w);
        assertEquals(32 + 5 + 65536, w.size(), "every differential is 0, one byte each");
        assertEquals(every, BlockTransactionsRequest.decode(w.toByteString()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "fdffff and 00 reach 65536,  02fdffff00,         OVER_CAP,      index",
            "differential 65536,         01fe00000100,       OVER_CAP,      index",
            "differential 2^32-1,        01feffffffff,       OVER_CAP,      index",
            "non-canonical differential, 01fd0100,           NON_CANONICAL, index",
            "count 65537,                fe01000100,         OVER_CAP,      index count",
            "count 2^64-1,               ffffffffffffffffff, OVER_CAP,      index count",
            "count 3 with 2 bytes,       030000,             TRUNCATED,     index count",
    })
    void overflowingRequestsAreRejected(String name, String tail, Rule rule, String field) {
        WireException e = assertRejects(rule, () -> BlockTransactionsRequest.decode(hex(GETBLOCKTXN_HEX.substring(0, 64) + tail)));
        assertEquals(field, e.field());
    }

    // blocktxn

    @Test
    void blockTransactionsRoundTrip() throws WireException {
        List<Transaction> txs = List.of(segwitBlock.transactions().get(1), segwitBlock.transactions().get(2),
                segwitBlock.transactions().get(3302));
        BlockTransactions m = new BlockTransactions(segwitBlock.hash(), txs);
        WireWriter w = new WireWriter();
        m.encode(w);
        ByteString bytes = w.toByteString();
        assertEquals(32 + 1 + txs.stream().mapToInt(Transaction::serializedSize).sum(), bytes.size());
        BlockTransactions decoded = BlockTransactions.decode(bytes);
        assertEquals(m, decoded);
        assertEquals(txs.get(2).wtxid(), decoded.transactions().get(2).wtxid());
    }

    @Test
    void handWrittenBlockTransactions() throws WireException {
        String hex = "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000" + "01" + TransactionTest.SEGWIT_HEX;
        ByteString bytes = hex(hex);
        BlockTransactions m = BlockTransactions.decode(bytes);
        assertEquals(BlockFilesTest.GENESIS, m.blockHash());
        assertEquals(Hash256.fromHex(TransactionTest.SEGWIT_TXID), m.transactions().get(0).txid());
        for (int len = 0; len < bytes.size(); len++) {
            ByteString prefix = bytes.slice(0, len);
            assertRejects(Rule.TRUNCATED, () -> BlockTransactions.decode(prefix));
        }
        assertRejects(Rule.OVER_CAP, () -> BlockTransactions.decode(hex(hex.substring(0, 64) + "feffffffff" + "00")));
        assertRejects(Rule.TRUNCATED, () -> BlockTransactions.decode(hex(hex.substring(0, 64) + "fd0001" + "00".repeat(20))));
    }
}
