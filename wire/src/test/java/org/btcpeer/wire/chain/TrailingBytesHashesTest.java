package org.btcpeer.wire.chain;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.Command;
import org.btcpeer.wire.message.DecodedPayload;
import org.btcpeer.wire.message.TxMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A tx or block message with bytes after it (ignored, as Core) has the hashes it has without them:
 * the bytes a decoded transaction keeps, and everything hashed, stop where its fields end.
 */
class TrailingBytesHashesTest {

    private static final String BLOCK_FILE = "blocks/block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk";
    private static final String BLOCK_HASH = "00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab";

    private static ByteString withTail(ByteString fields, int n) {
        byte[] b = java.util.Arrays.copyOf(fields.toByteArray(), fields.size() + n);
        java.util.Arrays.fill(b, fields.size(), b.length, (byte) 0x5a);
        return ByteString.wrap(b);
    }

    @ParameterizedTest(name = "{0} trailing bytes")
    @ValueSource(ints = {1, 4, 100})
    void aSegwitTxKeepsItsTxidWtxidAndBytes(int n) throws WireException {
        ByteString exact = TestData.hex(TransactionTest.SEGWIT_HEX);
        DecodedPayload d = Command.TX.decodePayload(withTail(exact, n));
        Transaction tx = assertInstanceOf(TxMessage.class, d.message()).transaction();
        assertEquals(n, d.trailingBytes());
        assertEquals(Hash256.fromHex(TransactionTest.SEGWIT_TXID), tx.txid());
        assertEquals(Hash256.fromHex(TransactionTest.SEGWIT_WTXID), tx.wtxid());
        assertEquals(exact.hex(), tx.serialization().hex(), "the kept bytes end with the lock time");
        assertEquals(190, tx.serializedSize());
        assertEquals(82, tx.strippedSize());
    }

    @ParameterizedTest(name = "{0} trailing bytes")
    @ValueSource(ints = {1, 4, 100})
    void aLegacyTxKeepsItsTxid(int n) throws WireException {
        ByteString exact = TestData.hex(TransactionTest.LEGACY_HEX);
        Transaction tx = ((TxMessage) Command.TX.decodePayload(withTail(exact, n)).message()).transaction();
        assertEquals(Hash256.fromHex(TransactionTest.LEGACY_TXID), tx.txid());
        assertEquals(Hash256.fromHex(TransactionTest.LEGACY_TXID), tx.wtxid());
        assertEquals(exact.hex(), tx.serialization().hex());
    }

    @ParameterizedTest(name = "{0} trailing bytes")
    @ValueSource(ints = {1, 80, 1000})
    void aBlockKeepsItsHashMerkleRootsAndLastTransaction(int n) throws WireException {
        ByteString exact = ByteString.wrap(TestData.resource(BLOCK_FILE));
        Block strict = Block.decode(exact);
        DecodedPayload d = Command.BLOCK.decodePayload(withTail(exact, n));
        Block block = assertInstanceOf(BlockMessage.class, d.message()).block();
        assertEquals(n, d.trailingBytes());
        assertEquals(Hash256.fromHex(BLOCK_HASH), block.hash());
        assertEquals(block.header().merkleRoot(), block.computeMerkleRoot().root(), "txids cover only their own bytes");
        Transaction last = block.transactions().get(block.transactions().size() - 1);
        Transaction strictLast = strict.transactions().get(strict.transactions().size() - 1);
        assertEquals(strictLast.serialization().hex(), last.serialization().hex(), "the last tx does not absorb the tail");
        assertEquals(strictLast.wtxid(), last.wtxid());
        assertEquals(exact.size(), block.serializedSize());
    }
}
