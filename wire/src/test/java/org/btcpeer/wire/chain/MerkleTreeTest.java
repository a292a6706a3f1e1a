package org.btcpeer.wire.chain;

import java.util.List;

import org.btcpeer.wire.Hash256;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MerkleTreeTest {

    static final Hash256 A = Hash256.fromHex("0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098");
    static final Hash256 B = Hash256.fromHex("9b0fc92260312ce44e74ef369f5c66bbb85848f2eddd5a7a1cde251e54ccfdd5");
    static final Hash256 C = Hash256.fromHex("999e1c837c76a1b7fbb7e57baf87b309960f5ffefbf2a9b95dd890602272f644");

    @Test
    void smallTrees() {
        assertEquals(new MerkleRoot(Hash256.ZERO, false), MerkleTree.computeRoot(List.of()));
        assertEquals(new MerkleRoot(A, false), MerkleTree.computeRoot(List.of(A)), "a single leaf is the root");
        assertEquals(new MerkleRoot(MerkleTree.hashPair(A, B), false), MerkleTree.computeRoot(List.of(A, B)));
        Hash256 abcc = MerkleTree.hashPair(MerkleTree.hashPair(A, B), MerkleTree.hashPair(C, C));
        assertEquals(new MerkleRoot(abcc, false), MerkleTree.computeRoot(List.of(A, B, C)), "odd level duplicates its last hash");
        assertNotEquals(MerkleTree.hashPair(A, B), MerkleTree.hashPair(B, A));
    }

    @Test
    void cve2012_2459MutationIsReported() {
        MerkleRoot honest = MerkleTree.computeRoot(List.of(A, B, C));
        MerkleRoot mutated = MerkleTree.computeRoot(List.of(A, B, C, C));
        assertEquals(honest.root(), mutated.root(), "the same root for both lists");
        assertFalse(honest.mutated());
        assertTrue(mutated.mutated());
        assertTrue(MerkleTree.computeRoot(List.of(A, A)).mutated());
        assertFalse(MerkleTree.computeRoot(List.of(A, B, A)).mutated(), "equal leaves that are not siblings");
        // Mutation at a higher level: [a b c a b c] pairs (ab)(ca)(bc); not mutated; [a b a b] → (ab)(ab): mutated.
        assertTrue(MerkleTree.computeRoot(List.of(A, B, A, B)).mutated());
        assertFalse(MerkleTree.computeRoot(List.of(A, B, C, A, B, C)).mutated());
        // Core's six-leaf case: [1..6] has the same root as [1..6, 5, 6], which is mutated at level 1.
        List<Hash256> six = List.of(A, B, C, hash(4), hash(5), hash(6));
        List<Hash256> eight = List.of(A, B, C, hash(4), hash(5), hash(6), hash(5), hash(6));
        assertEquals(MerkleTree.computeRoot(six).root(), MerkleTree.computeRoot(eight).root());
        assertFalse(MerkleTree.computeRoot(six).mutated());
        assertTrue(MerkleTree.computeRoot(eight).mutated());
    }

    private static Hash256 hash(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        return Hash256.fromInternalBytes(b);
    }
}
