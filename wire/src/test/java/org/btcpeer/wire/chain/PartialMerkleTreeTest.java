package org.btcpeer.wire.chain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireException.Rule;
import org.btcpeer.wire.WireWriter;
import org.btcpeer.wire.chain.PartialMerkleTree.Failure;
import org.btcpeer.wire.chain.PartialMerkleTree.Invalid;
import org.btcpeer.wire.chain.PartialMerkleTree.Matched;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.btcpeer.wire.chain.TestData.assertRejects;
import static org.btcpeer.wire.chain.TestData.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** BIP-37 partial merkle trees, built from a real block and then broken in each way Core checks. */
class PartialMerkleTreeTest {

    static Block block;
    static List<Hash256> txids;

    @BeforeAll
    static void load() throws WireException {
        block = Block.decode(ByteString.wrap(TestData.resource("blocks/block413567.raw")));
        txids = block.transactions().stream().map(Transaction::txid).toList();
    }

    private static BitSet bits(int... positions) {
        BitSet b = new BitSet();
        for (int p : positions) {
            b.set(p);
        }
        return b;
    }

    private static Matched assertMatched(PartialMerkleTree tree) {
        return assertInstanceOf(Matched.class, tree.extractMatches());
    }

    private static void assertInvalid(Failure failure, PartialMerkleTree tree) {
        assertEquals(new Invalid(failure), tree.extractMatches());
    }

    @Test
    void buildEncodeDecodeExtract() throws WireException {
        int[] positions = {0, 5, 776, 777, 1556};
        PartialMerkleTree tree = PartialMerkleTree.build(txids, bits(positions));
        assertEquals(1557, tree.transactionCount());

        WireWriter w = new WireWriter();
        tree.encode(w);
        ByteString bytes = w.toByteString();
        assertEquals(4 + 1 + 32 * tree.hashes().size() + 1 + tree.flags().size(), bytes.size());
        PartialMerkleTree decoded = PartialMerkleTree.decode(org.btcpeer.wire.WireReader.of(bytes, "merkleblock"));
        assertEquals(tree, decoded);

        Matched m = assertMatched(decoded);
        assertEquals(block.header().merkleRoot(), m.merkleRoot());
        assertEquals(TxIndexes.of(positions), m.positions());
        List<Hash256> expected = new ArrayList<>();
        for (int p : positions) {
            expected.add(txids.get(p));
        }
        assertEquals(expected, m.txids());
    }

    @Test
    void edgeMatchSets() {
        // Nothing matched: one hash (the root itself) and one 0 bit.
        PartialMerkleTree none = PartialMerkleTree.build(txids, new BitSet());
        assertEquals(List.of(block.header().merkleRoot()), none.hashes());
        assertEquals(hex("00"), none.flags());
        Matched m = assertMatched(none);
        assertEquals(block.header().merkleRoot(), m.merkleRoot());
        assertEquals(List.of(), m.txids());

        // Everything matched: every txid is a hash.
        BitSet all = new BitSet();
        all.set(0, txids.size());
        PartialMerkleTree full = PartialMerkleTree.build(txids, all);
        assertEquals(txids, full.hashes());
        assertEquals(txids, assertMatched(full).txids());
        assertEquals(block.header().merkleRoot(), assertMatched(full).merkleRoot());

        // A one-transaction block: the root is the txid.
        PartialMerkleTree one = PartialMerkleTree.build(txids.subList(0, 1), bits(0));
        assertEquals(new Matched(txids.get(0), List.of(txids.get(0)), TxIndexes.of(0)), one.extractMatches());
    }

    @Test
    void handCheckedSmallTree() {
        // Three leaves a b c, match b. Depth-first: root(1) → left(1) → a(0, hash) b(1, hash) → right(0, hash H(c|c)).
        List<Hash256> three = txids.subList(0, 3);
        PartialMerkleTree tree = PartialMerkleTree.build(three, bits(1));
        Hash256 cc = MerkleTree.hashPair(three.get(2), three.get(2));
        assertEquals(List.of(three.get(0), three.get(1), cc), tree.hashes());
        assertEquals(hex("0b"), tree.flags(), "bits 1,1,0,1,0 packed LSB first: 0b01011");
        assertEquals(MerkleTree.computeRoot(three).root(), assertMatched(tree).merkleRoot());
    }

    @Test
    void malformedTreesAreRejected() {
        PartialMerkleTree good = PartialMerkleTree.build(txids, bits(3, 1000));
        List<Hash256> hashes = good.hashes();

        assertInvalid(Failure.HASHES_EXHAUSTED,
                new PartialMerkleTree(good.transactionCount(), hashes.subList(0, hashes.size() - 1), good.flags()));
        List<Hash256> extra = new ArrayList<>(hashes);
        extra.add(Hash256.ZERO);
        assertInvalid(Failure.UNUSED_HASHES, new PartialMerkleTree(good.transactionCount(), extra, good.flags()));
        ByteString moreFlags = hex(good.flags().hex() + "00");
        assertInvalid(Failure.UNUSED_BITS, new PartialMerkleTree(good.transactionCount(), hashes, moreFlags));
        assertInvalid(Failure.FEWER_BITS_THAN_HASHES, new PartialMerkleTree(good.transactionCount(), hashes, ByteString.EMPTY));
        // Every bit 1 ("descend everywhere") runs out of bits long before the leaves of 1557 txs.
        assertInvalid(Failure.BITS_EXHAUSTED, new PartialMerkleTree(good.transactionCount(), hashes, hex("ff".repeat(hashes.size() / 8 + 1))));
        assertInvalid(Failure.NO_TRANSACTIONS, new PartialMerkleTree(0, List.of(), hex("00")));
        assertInvalid(Failure.TOO_MANY_TRANSACTIONS, new PartialMerkleTree(PartialMerkleTree.MAX_TRANSACTIONS + 1, hashes, good.flags()));
        assertInvalid(Failure.MORE_HASHES_THAN_TRANSACTIONS, new PartialMerkleTree(2, txids.subList(0, 3), hex("07")));
        // A changed hash still extracts, but to a root that is not the block's.
        List<Hash256> changed = new ArrayList<>(hashes);
        changed.set(0, Hash256.ZERO);
        Matched wrongRoot = assertMatched(new PartialMerkleTree(good.transactionCount(), changed, good.flags()));
        assertNotEquals(block.header().merkleRoot(), wrongRoot.merkleRoot());
    }

    @Test
    void duplicatedTxidsAreRejected() {
        // CVE-2012-2459: two identical sibling leaves.
        Hash256 a = txids.get(0);
        PartialMerkleTree tree = PartialMerkleTree.build(List.of(a, a), bits(0, 1));
        assertInvalid(Failure.IDENTICAL_SIBLINGS, tree);
    }

    @Test
    void decodingIsBounded() {
        String count = "15060000"; // 1557
        assertRejects(Rule.OVER_CAP, () -> PartialMerkleTree.decode(org.btcpeer.wire.WireReader.of(
                hex(count + "feffffffff" + "00"), "merkleblock")));
        assertRejects(Rule.TRUNCATED, () -> PartialMerkleTree.decode(org.btcpeer.wire.WireReader.of(
                hex(count + "fd0001" + "00".repeat(64)), "merkleblock")));
        assertRejects(Rule.OVER_CAP, () -> PartialMerkleTree.decode(org.btcpeer.wire.WireReader.of(
                hex(count + "00" + "ffffffffffffffffff"), "merkleblock")));
        PartialMerkleTree tree = PartialMerkleTree.build(txids.subList(0, 3), bits(1));
        WireWriter w = new WireWriter();
        tree.encode(w);
        ByteString bytes = w.toByteString();
        for (int len = 0; len < bytes.size(); len++) {
            ByteString prefix = bytes.slice(0, len);
            assertRejects(Rule.TRUNCATED, () -> PartialMerkleTree.decode(org.btcpeer.wire.WireReader.of(prefix, "merkleblock")));
        }
        assertThrows(IllegalArgumentException.class, () -> PartialMerkleTree.build(List.of(), new BitSet()));
    }
}
