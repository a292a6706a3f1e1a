package org.btcpeer.wire.chain;

import java.util.Objects;

import org.btcpeer.wire.Hash256;

/**
 * The result of {@link MerkleTree#computeRoot}: the root and whether the leaf list was
 * "mutated" in the sense of CVE-2012-2459.
 *
 * <p>Because an odd level duplicates its last hash, the leaf lists {@code [a, b, c]} and
 * {@code [a, b, c, c]} have the same root. Core's {@code ComputeMerkleRoot} therefore reports a
 * mutation when two siblings hashed together at any level are equal; a block whose txid tree is
 * mutated is rejected as {@code BLOCK_MUTATED} ("bad-txns-duplicate") without marking the block
 * hash invalid, because another transaction list can have the same header.
 *
 * @param root    the merkle root ({@link Hash256#ZERO} for no leaves, as in Core)
 * @param mutated whether some level hashed two equal siblings
 */
public record MerkleRoot(Hash256 root, boolean mutated) {

    /**
     * Checks the root is present.
     *
     * @param root    the merkle root
     * @param mutated whether some level hashed two equal siblings
     */
    public MerkleRoot {
        Objects.requireNonNull(root, "root");
    }
}
