package org.btcpeer.wire.chain;

import java.lang.reflect.Field;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireException.Rule;
import org.btcpeer.wire.WireWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.btcpeer.wire.chain.TestData.assertRejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real mainnet blocks of the test resources: decode, rebuild from the fields and serialize to the
 * same bytes, hashes, merkle roots, commitments, chains.
 */
class BlockFilesTest {

    static final Hash256 GENESIS = Hash256.fromHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");

    /**
     * Decodes; rebuilds the block from its fields (header and every transaction through their
     * constructors) and checks that serializes bit-identically; checks every property a real block must have.
     */
    static Block checkBlock(ByteString bytes) throws WireException {
        Block block = Block.decode(bytes);
        Block rebuilt = RebuiltFromFields.block(block);
        WireWriter w = new WireWriter(bytes.size());
        rebuilt.encode(w);
        assertEquals(bytes, w.toByteString(), "rebuilt from its fields, serializes bit-identically");
        WireWriter legacyRebuilt = new WireWriter(block.strippedSize());
        rebuilt.encodeWithoutWitness(legacyRebuilt);
        WireWriter legacyDecoded = new WireWriter(block.strippedSize());
        block.encodeWithoutWitness(legacyDecoded);
        assertEquals(legacyRebuilt.toByteString(), legacyDecoded.toByteString(), "stripped encodings agree");
        assertEquals(bytes.size(), block.serializedSize());

        MerkleRoot root = block.computeMerkleRoot();
        assertEquals(block.header().merkleRoot(), root.root(), "merkle root of " + block.hash());
        assertFalse(root.mutated());
        assertTrue(block.header().checkProofOfWork(ProofOfWork.MAINNET_POW_LIMIT), "proof of work of " + block.hash());
        assertTrue(block.transactions().get(0).isCoinbase());
        for (int i = 1; i < block.transactions().size(); i++) {
            assertFalse(block.transactions().get(i).isCoinbase());
        }
        assertTrue(block.weight() <= 4_000_000, "weight " + block.weight());

        boolean segwit = block.transactions().stream().anyMatch(Transaction::hasWitness);
        if (segwit) {
            Optional<Hash256> commitment = block.witnessCommitment();
            assertTrue(commitment.isPresent(), "a block with witnesses commits to them");
            assertEquals(commitment, block.computeWitnessCommitment(), "witness commitment of " + block.hash());
            assertTrue(block.strippedSize() < block.serializedSize());
            // The non-witness encoding is what a legacy peer receives; it hashes to the same txids.
            WireWriter legacy = new WireWriter(block.strippedSize());
            block.encodeWithoutWitness(legacy);
            Block stripped = Block.decode(legacy.toByteString());
            assertEquals(block.strippedSize(), stripped.serializedSize());
            assertEquals(block.computeMerkleRoot(), stripped.computeMerkleRoot());
        } else {
            assertEquals(block.serializedSize(), block.strippedSize());
            assertEquals(block.serializedSize() * 4, block.weight());
        }
        return block;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "blocks/block413567.raw, 0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069, 1557, 0",
            "blocks/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk, "
                    + "0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2, 3315, 1341",
            "blocks/block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk, "
                    + "00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab, 230, 104",
    })
    void rawBlocks(String file, String hash, int txCount, int witnessTxs) throws WireException {
        Block block = checkBlock(ByteString.wrap(TestData.resource(file)));
        assertEquals(Hash256.fromHex(hash), block.hash());
        assertEquals(txCount, block.transactions().size());
        assertEquals(witnessTxs, block.transactions().stream().filter(Transaction::hasWitness).count());
    }

    @Test
    void framedBlock277647() throws WireException {
        List<ByteString> records = TestData.framedBlocks("blocks/277647.dat");
        assertEquals(1, records.size());
        Block block = checkBlock(records.get(0));
        assertEquals(Hash256.fromHex("0000000000000000054a714e580b16c583701712ab91060e92dbde6eb1e052a8"), block.hash());
        assertEquals(213, block.transactions().size());
        assertEquals(2, block.header().version());
    }

    @Test
    void blocks0To4FormAChainFromGenesis() throws WireException {
        List<Block> blocks = decodeAll("blocks/blk_0_to_4.dat");
        assertEquals(List.of(1, 1, 2, 3, 2), blocks.stream().map(b -> b.transactions().size()).toList());
        assertEquals(List.of(GENESIS,
                        Hash256.fromHex("00000000ebe5ec3e94d8dfe18100e5c0f3b1955bc6107fbe24d95732b814551b"),
                        Hash256.fromHex("00000000952ccb1bf9b799fcd0cc654dd48363f76781f8b1c61dbf1696c39f97"),
                        Hash256.fromHex("00000000bc3589303953766cc9364130cb97bc3749bae170f476d45f1e23f850"),
                        Hash256.fromHex("000000002f264d6504013e73b9c913de9098d4d771c1bb219af475d2a01b128e")),
                blocks.stream().map(Block::hash).toList());
        assertEquals(Hash256.ZERO, blocks.get(0).header().prevBlock());
        assertChain(blocks);
        // Genesis: its merkle root is its only txid.
        assertEquals(Hash256.fromHex("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"),
                blocks.get(0).header().merkleRoot());
    }

    @Test
    void blocks1To255FormAChainFromGenesis() throws WireException {
        List<Block> blocks = decodeAll("blocks/blocks1-256.dat");
        assertEquals(255, blocks.size());
        assertEquals(262, blocks.stream().mapToInt(b -> b.transactions().size()).sum());
        assertEquals(GENESIS, blocks.get(0).header().prevBlock());
        assertEquals(Hash256.fromHex("00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048"), blocks.get(0).hash());
        assertEquals(Hash256.fromHex("00000000d0a75c861fabf9ff7b92022f60e4afeed9331fe5aa073d8e4706fe3c"), blocks.get(254).hash());
        assertChain(blocks);
        BigInteger work = blocks.stream().map(b -> b.header().work()).reduce(BigInteger.ZERO, BigInteger::add);
        assertEquals(BigInteger.valueOf(0x100010001L).multiply(BigInteger.valueOf(255)), work, "255 blocks at difficulty 1");
    }

    private static List<Block> decodeAll(String file) throws WireException {
        List<Block> blocks = new ArrayList<>();
        for (ByteString record : TestData.framedBlocks(file)) {
            blocks.add(checkBlock(record));
        }
        return blocks;
    }

    private static void assertChain(List<Block> blocks) {
        for (int i = 1; i < blocks.size(); i++) {
            assertEquals(blocks.get(i - 1).hash(), blocks.get(i).header().prevBlock(), "link to block " + i);
        }
    }

    @Test
    void decodingHashesNothingAndAllocatesLittle() throws Exception {
        ByteString bytes = ByteString.wrap(TestData.resource("blocks/block413567.raw"));
        for (int i = 0; i < 5; i++) { // warm up: class loading and interpreter frames are not the decoder's cost
            Block.decode(bytes);
        }
        long before = TestData.allocatedBytes();
        Block block = Block.decode(bytes);
        long allocated = TestData.allocatedBytes() - before;
        assertTrue(allocated <= bytes.size() * 3L / 2, "decode allocated " + allocated + " bytes for " + bytes.size());

        Field txid = Transaction.class.getDeclaredField("txid");
        Field wtxid = Transaction.class.getDeclaredField("wtxid");
        Field headerHash = BlockHeader.class.getDeclaredField("hash");
        txid.setAccessible(true);
        wtxid.setAccessible(true);
        headerHash.setAccessible(true);
        assertNull(headerHash.get(block.header()), "the header is not hashed at decode");
        for (Transaction tx : block.transactions()) {
            assertNull(txid.get(tx), "no txid is computed at decode");
            assertNull(wtxid.get(tx));
        }
        Hash256 first = block.transactions().get(7).txid();
        assertEquals(first, txid.get(block.transactions().get(7)), "memoized");
        assertTrue(first == block.transactions().get(7).wtxid(), "a tx without witness is hashed once");
    }

    @Test
    void truncatedBlocksAreRejected() {
        ByteString bytes = TestData.framedBlocks("blocks/blk_0_to_4.dat").get(2);
        for (int len = 0; len < bytes.size(); len++) {
            ByteString prefix = bytes.slice(0, len);
            WireException e = assertRejects(Rule.TRUNCATED, () -> Block.decode(prefix));
            assertEquals("block", e.command());
        }
        WireWriter w = new WireWriter();
        w.writeBytes(bytes).writeUInt8(0);
        assertRejects(Rule.TRAILING_BYTES, () -> Block.decode(w.toByteString()));
    }

    @Test
    void hugeTransactionCountIsRejected() {
        ByteString header = TestData.framedBlocks("blocks/blk_0_to_4.dat").get(0).slice(0, 80);
        WireWriter w = new WireWriter();
        w.writeBytes(header).writeUInt8(0xfe).writeInt32Le(-1).writeUInt8(0);
        assertRejects(Rule.OVER_CAP, () -> Block.decode(w.toByteString()));
        WireWriter w2 = new WireWriter();
        w2.writeBytes(header).writeUInt8(0xfd).writeUInt16Le(1000).writeBytes(ByteString.wrap(new byte[100]));
        assertRejects(Rule.TRUNCATED, () -> Block.decode(w2.toByteString()));
    }
}
