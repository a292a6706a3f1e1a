package org.btcpeer.wire.chain;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.Sha256;

/**
 * Bitcoin's merkle tree over 32-byte hashes, computed exactly as Core's {@code ComputeMerkleRoot}
 * (consensus/merkle.cpp): each level hashes adjacent pairs with double SHA-256; a level with an
 * odd number of hashes pairs its last hash with itself.
 *
 * <pre>
 *             root = H(H(ab) | H(cc))
 *            /                 \
 *        H(a|b)              H(c|c)      (c is duplicated)
 *        /    \              /
 *       a      b            c
 * </pre>
 *
 * The levels are computed in place in one array, with one digest and no allocation per node.
 */
public final class MerkleTree {

    private MerkleTree() {
    }

    /**
     * The merkle root of {@code leaves} and whether the list is mutated (CVE-2012-2459, see
     * {@link MerkleRoot}); Core's {@code ComputeMerkleRoot(hashes, &mutated)}.
     *
     * @param leaves the leaf hashes in order (txids for a block's merkle root)
     * @return the root ({@link Hash256#ZERO} for an empty list) and the mutation flag
     */
    public static MerkleRoot computeRoot(List<Hash256> leaves) {
        int n = leaves.size();
        if (n == 0) {
            return new MerkleRoot(Hash256.ZERO, false);
        }
        byte[] level = new byte[Hash256.LENGTH * (n + 1)]; // one spare slot for the duplicated last hash
        for (int i = 0; i < n; i++) {
            leaves.get(i).copyTo(level, i * Hash256.LENGTH);
        }
        MessageDigest sha = Sha256.newDigest();
        boolean mutated = false;
        while (n > 1) {
            for (int pos = 0; pos + 1 < n; pos += 2) {
                int a = pos * Hash256.LENGTH;
                if (Arrays.equals(level, a, a + Hash256.LENGTH, level, a + Hash256.LENGTH, a + 2 * Hash256.LENGTH)) {
                    mutated = true;
                }
            }
            if ((n & 1) != 0) {
                System.arraycopy(level, (n - 1) * Hash256.LENGTH, level, n * Hash256.LENGTH, Hash256.LENGTH);
                n++;
            }
            n /= 2;
            for (int i = 0; i < n; i++) {
                // Parent i overwrites bytes [32i, 32i+32), which are never read again: pair i reads [64i, 64i+64).
                sha.update(level, 2 * i * Hash256.LENGTH, 2 * Hash256.LENGTH);
                digestInto(sha, level, i * Hash256.LENGTH);
                sha.update(level, i * Hash256.LENGTH, Hash256.LENGTH);
                digestInto(sha, level, i * Hash256.LENGTH);
            }
        }
        return new MerkleRoot(Hash256.fromInternalBytes(level, 0), mutated);
    }

    /**
     * The parent of two nodes: double SHA-256 of {@code left || right} (Core's {@code Hash(left, right)}).
     *
     * @param left  the left child
     * @param right the right child
     * @return the parent hash
     */
    public static Hash256 hashPair(Hash256 left, Hash256 right) {
        MessageDigest sha = Sha256.newDigest();
        left.updateDigest(sha);
        right.updateDigest(sha);
        return Hash256.finishDouble(sha);
    }

    private static void digestInto(MessageDigest sha, byte[] out, int offset) {
        try {
            sha.digest(out, offset, Hash256.LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("a SHA-256 digest is 32 bytes", e);
        }
    }
}
