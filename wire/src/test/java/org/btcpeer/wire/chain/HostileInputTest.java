package org.btcpeer.wire.chain;

import java.util.BitSet;
import java.util.List;
import java.util.Random;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;
import org.junit.jupiter.api.Test;

import static org.btcpeer.wire.chain.TestData.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random corruption of valid encodings: every decoder must either succeed (and then
 * re-encode to the same bytes; transactions, blocks and headers, which keep their input bytes, are
 * first rebuilt from their fields with {@link RebuiltFromFields}) or throw {@link WireException},
 * never anything else.
 */
class HostileInputTest {

    private interface Decoder {
        Object decode(ByteString bytes) throws WireException;
    }

    private interface Encoder {
        void encode(Object value, WireWriter w);
    }

    private static void fuzz(String name, ByteString valid, Decoder decoder, Encoder encoder, long seed, int rounds) {
        Random rnd = new Random(seed);
        byte[] base = valid.toByteArray();
        for (int round = 0; round < rounds; round++) {
            byte[] b = mutate(base, rnd);
            ByteString input = ByteString.wrap(b);
            try {
                Object value = decoder.decode(input);
                WireWriter w = new WireWriter();
                encoder.encode(value, w);
                assertEquals(input, w.toByteString(), name + ": a successful decode re-encodes identically: " + input.hex());
            } catch (WireException expected) {
                // the only allowed failure
            } catch (RuntimeException | Error e) {
                fail(name + " threw " + e + " for " + input.hex(), e);
            }
        }
    }

    private static byte[] mutate(byte[] base, Random rnd) {
        byte[] b = base.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> { // flip a few bytes
                for (int i = rnd.nextInt(3) + 1; i > 0; i--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            case 1 -> { // plant a CompactSize marker with random bytes after it
                int at = rnd.nextInt(b.length);
                b[at] = (byte) (0xfd + rnd.nextInt(3));
                for (int i = 1; i <= 8 && at + i < b.length; i++) {
                    b[at + i] = (byte) (rnd.nextBoolean() ? 0xff : rnd.nextInt(256));
                }
            }
            case 2 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length)); // truncate
            default -> { // append garbage
                b = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(16));
                for (int i = base.length; i < b.length; i++) {
                    b[i] = (byte) rnd.nextInt(256);
                }
            }
        }
        return b;
    }

    @Test
    void transactions() {
        fuzz("legacy tx", hex(TransactionTest.LEGACY_HEX), Transaction::decode, (v, w) -> RebuiltFromFields.transaction((Transaction) v).encode(w), 1, 20_000);
        fuzz("segwit tx", hex(TransactionTest.SEGWIT_HEX), Transaction::decode, (v, w) -> RebuiltFromFields.transaction((Transaction) v).encode(w), 2, 20_000);
    }

    @Test
    void blocksAndHeaders() {
        ByteString block2 = TestData.framedBlocks("blocks/blk_0_to_4.dat").get(3);
        fuzz("block", block2, Block::decode, (v, w) -> RebuiltFromFields.block((Block) v).encode(w), 3, 10_000);
        fuzz("header", hex(BlockHeaderTest.GENESIS_HEADER), BlockHeader::decode, (v, w) -> RebuiltFromFields.header((BlockHeader) v).encode(w), 4, 2_000);
    }

    @Test
    void compactBlockPayloads() {
        fuzz("cmpctblock", hex(CompactBlockTest.CMPCT_HEX), HeaderAndShortIds::decode,
                (v, w) -> ((HeaderAndShortIds) v).encode(w), 5, 20_000);
        fuzz("getblocktxn", hex(CompactBlockTest.GETBLOCKTXN_HEX), BlockTransactionsRequest::decode,
                (v, w) -> ((BlockTransactionsRequest) v).encode(w), 6, 20_000);
        fuzz("blocktxn", hex(CompactBlockTest.GETBLOCKTXN_HEX.substring(0, 64) + "02" + TransactionTest.SEGWIT_HEX
                        + TransactionTest.LEGACY_HEX), BlockTransactions::decode,
                (v, w) -> ((BlockTransactions) v).encode(w), 7, 20_000);
    }

    @Test
    void partialMerkleTrees() {
        List<org.btcpeer.wire.Hash256> txids = TestData.framedBlocks("blocks/blocks1-256.dat").stream().limit(40)
                .map(b -> {
                    try {
                        return Block.decode(b).transactions().get(0).txid();
                    } catch (WireException e) {
                        throw new AssertionError(e);
                    }
                }).toList();
        BitSet matched = new BitSet();
        matched.set(3);
        matched.set(17);
        matched.set(39);
        PartialMerkleTree tree = PartialMerkleTree.build(txids, matched);
        WireWriter w = new WireWriter();
        tree.encode(w);
        fuzz("merkle tree", w.toByteString(), bytes -> {
            WireReader r = WireReader.of(bytes, "merkleblock");
            PartialMerkleTree t = PartialMerkleTree.decode(r);
            r.expectEnd();
            t.extractMatches(); // must not throw either, whatever the tree
            return t;
        }, (v, out) -> ((PartialMerkleTree) v).encode(out), 8, 20_000);
    }
}
