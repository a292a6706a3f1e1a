package org.btcpeer.wire.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * A BIP-37 partial merkle tree (Core's {@code CPartialMerkleTree}), as carried by a
 * {@code merkleblock}: enough of a block's merkle tree to prove that some txids are in it.
 *
 * <pre>
 *   total transactions  4 bytes, uint32 LE
 *   hashes              CompactSize count, then 32 bytes each
 *   flags               CompactSize length, then bytes; bit i is (flags[i / 8] &gt;&gt; (i % 8)) &amp; 1
 * </pre>
 *
 * <p>The tree is walked depth first. Each node visited consumes one flag bit: 1 means "an ancestor
 * of a match" (descend; at the leaves: a matched txid), 0 means "nothing matched below" (consume a
 * hash for the node and do not descend). Leaves always consume a hash. See
 * {@link #extractMatches()} for the checks.
 *
 * @param transactionCount the number of transactions in the block, an unsigned 32-bit value
 * @param hashes           the node hashes in depth-first order; immutable
 * @param flags            the flag bits, packed least significant bit first
 */
public record PartialMerkleTree(long transactionCount, List<Hash256> hashes, ByteString flags) {

    /**
     * Core's {@code MAX_BLOCK_WEIGHT / MIN_TRANSACTION_WEIGHT} (4,000,000 / 240): more transactions
     * than this cannot fit in a block, so such a tree is rejected before it is walked.
     */
    public static final int MAX_TRANSACTIONS = 4_000_000 / (4 * 60);

    /**
     * Checks the fields.
     *
     * @param transactionCount the number of transactions, 0 to 2^32-1
     * @param hashes           the hashes, copied into an immutable list
     * @param flags            the packed flag bits
     */
    public PartialMerkleTree {
        if ((transactionCount >>> 32) != 0) {
            throw new IllegalArgumentException("transaction count is a uint32: " + transactionCount);
        }
        hashes = FixedList.copyOf(hashes, "hashes");
        Objects.requireNonNull(flags, "flags");
    }

    /** Why {@link #extractMatches()} rejected a tree; the names follow the checks in Core's {@code ExtractMatches}. */
    public enum Failure {
        /** The transaction count is zero ("An empty set will not work"). */
        NO_TRANSACTIONS,
        /** The transaction count exceeds {@link #MAX_TRANSACTIONS}. */
        TOO_MANY_TRANSACTIONS,
        /** More hashes than transactions. */
        MORE_HASHES_THAN_TRANSACTIONS,
        /** Fewer flag bits than hashes. */
        FEWER_BITS_THAN_HASHES,
        /** The walk needed more flag bits than there are. */
        BITS_EXHAUSTED,
        /** The walk needed more hashes than there are. */
        HASHES_EXHAUSTED,
        /** Two sibling subtrees have the same hash (CVE-2012-2459: a duplicated txid). */
        IDENTICAL_SIBLINGS,
        /** Flag bits are left over beyond the padding of the last byte. */
        UNUSED_BITS,
        /** Hashes are left over. */
        UNUSED_HASHES
    }

    /** The outcome of {@link #extractMatches()}: {@link Matched} or {@link Invalid}. */
    public sealed interface Result permits Matched, Invalid {
    }

    /**
     * A well-formed tree: the root it commits to and the matched leaves. The caller must still
     * compare the root with the block header's merkle root.
     *
     * @param merkleRoot the merkle root the tree hashes to
     * @param txids      the matched txids, in block order; immutable
     * @param positions  the matched txids' positions in the block
     */
    public record Matched(Hash256 merkleRoot, List<Hash256> txids, TxIndexes positions) implements Result {

        /**
         * Checks and copies the fields.
         *
         * @param merkleRoot the merkle root
         * @param txids      the matched txids, copied into an immutable list
         * @param positions  their positions
         */
        public Matched {
            Objects.requireNonNull(merkleRoot, "merkleRoot");
            txids = FixedList.copyOf(txids, "txids");
            Objects.requireNonNull(positions, "positions");
        }
    }

    /**
     * A malformed tree (Core's {@code ExtractMatches} returns a zero hash for these).
     *
     * @param failure the first check that failed
     */
    public record Invalid(Failure failure) implements Result {

        /**
         * Checks the failure is present.
         *
         * @param failure the first check that failed
         */
        public Invalid {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * Builds the tree proving {@code matched} transactions of a block (Core's
     * {@code CPartialMerkleTree(vTxid, vMatch)}).
     *
     * @param txids   every txid of the block, in order (at least one)
     * @param matched the positions to prove
     * @return the tree
     */
    public static PartialMerkleTree build(List<Hash256> txids, BitSet matched) {
        if (txids.isEmpty()) {
            throw new IllegalArgumentException("a block has at least one transaction");
        }
        Builder b = new Builder(txids, matched);
        b.traverse(height(txids.size()), 0);
        // BitSet.toByteArray packs bit p into byte p / 8 at bit p % 8, as Core does; pad to whole bytes
        byte[] flagBytes = Arrays.copyOf(b.flagBits.toByteArray(), (b.bits + 7) / 8);
        return new PartialMerkleTree(txids.size(), b.hashes, ByteString.wrap(flagBytes));
    }

    /**
     * Walks the tree and returns the merkle root and the matched txids, or the first problem, with
     * every check of Core's {@code CPartialMerkleTree::ExtractMatches}: a non-zero count of at most
     * {@link #MAX_TRANSACTIONS}, no more hashes than transactions, at least as many bits as hashes,
     * no running out of bits or hashes, no identical sibling subtrees, every hash used and no bits
     * left over beyond the last byte's padding.
     *
     * @return {@link Matched} or {@link Invalid}
     */
    public Result extractMatches() {
        if (transactionCount == 0) {
            return new Invalid(Failure.NO_TRANSACTIONS);
        }
        if (transactionCount > MAX_TRANSACTIONS) {
            return new Invalid(Failure.TOO_MANY_TRANSACTIONS);
        }
        if (hashes.size() > transactionCount) {
            return new Invalid(Failure.MORE_HASHES_THAN_TRANSACTIONS);
        }
        long bitCount = (long) flags.size() * 8;
        if (bitCount < hashes.size()) {
            return new Invalid(Failure.FEWER_BITS_THAN_HASHES);
        }
        Extractor x = new Extractor((int) transactionCount, bitCount);
        Hash256 root = x.traverse(height(transactionCount), 0);
        if (x.failure != null) {
            return new Invalid(x.failure);
        }
        if ((x.bitsUsed + 7) / 8 != flags.size()) {
            return new Invalid(Failure.UNUSED_BITS);
        }
        if (x.hashesUsed != hashes.size()) {
            return new Invalid(Failure.UNUSED_HASHES);
        }
        return new Matched(root, x.matches, TxIndexes.wrap(Arrays.copyOf(x.positions, x.matches.size())));
    }

    /**
     * Reads a partial merkle tree; the hash count is bounded by the bytes left before allocation.
     *
     * @param r the reader
     * @return the tree, not yet checked (see {@link #extractMatches()})
     * @throws WireException if truncated, non-canonical or over a cap
     */
    public static PartialMerkleTree decode(WireReader r) throws WireException {
        long count = r.readUInt32Le("total transactions");
        int n = r.readCount("hash count", Limits.maxCount(Hash256.LENGTH), Hash256.LENGTH);
        Hash256[] hashes = new Hash256[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = r.readHash("hash");
        }
        ByteString flags = r.readVarBytes("flags", Limits.MAX_BYTES);
        return new PartialMerkleTree(count, FixedList.wrap(hashes), flags);
    }

    /**
     * Writes the tree.
     *
     * @param w the writer
     */
    public void encode(WireWriter w) {
        w.writeUInt32Le(transactionCount);
        w.writeCompactSize(hashes.size());
        for (Hash256 h : hashes) {
            w.writeHash(h);
        }
        w.writeVarBytes(flags);
    }

    /** The height of the tree's root above the leaves: the first height at which one node is left. */
    private static int height(long transactions) {
        int height = 0;
        while (width(transactions, height) > 1) {
            height++;
        }
        return height;
    }

    /** Core's {@code CalcTreeWidth}: the number of nodes at {@code height} above the leaves. */
    private static long width(long transactions, int height) {
        return (transactions + (1L << height) - 1) >>> height;
    }

    /** Core's {@code TraverseAndBuild} and {@code CalcHash}. */
    private static final class Builder {
        private final List<Hash256> txids;
        private final BitSet matched;
        private final List<Hash256> hashes = new ArrayList<>();
        private final BitSet flagBits = new BitSet();
        private int bits;

        Builder(List<Hash256> txids, BitSet matched) {
            this.txids = txids;
            this.matched = matched;
        }

        void traverse(int height, int pos) {
            int from = pos << height;
            int to = Math.min((pos + 1) << height, txids.size());
            int next = matched.nextSetBit(from);
            boolean parentOfMatch = next >= 0 && next < to;
            flagBits.set(bits++, parentOfMatch);
            if (height == 0 || !parentOfMatch) {
                hashes.add(hash(height, pos));
            } else {
                traverse(height - 1, pos * 2);
                if (pos * 2 + 1 < width(txids.size(), height - 1)) {
                    traverse(height - 1, pos * 2 + 1);
                }
            }
        }

        Hash256 hash(int height, int pos) {
            if (height == 0) {
                return txids.get(pos);
            }
            Hash256 left = hash(height - 1, pos * 2);
            Hash256 right = pos * 2 + 1 < width(txids.size(), height - 1) ? hash(height - 1, pos * 2 + 1) : left;
            return MerkleTree.hashPair(left, right);
        }
    }

    /** Core's {@code TraverseAndExtract}; stops at the first failure. */
    private final class Extractor {
        private final int transactions;
        private final long bitCount;
        private final List<Hash256> matches = new ArrayList<>();
        private final int[] positions; // a match consumes a hash, so there are at most hashes.size()
        private Failure failure;
        private int bitsUsed;
        private int hashesUsed;

        Extractor(int transactions, long bitCount) {
            this.transactions = transactions;
            this.bitCount = bitCount;
            this.positions = new int[hashes.size()];
        }

        long width(int height) {
            return PartialMerkleTree.width(transactions, height);
        }

        /** The hash of the node, or null after a failure. */
        Hash256 traverse(int height, int pos) {
            if (bitsUsed >= bitCount) {
                failure = Failure.BITS_EXHAUSTED;
                return null;
            }
            boolean parentOfMatch = (flags.byteAt(bitsUsed / 8) >> (bitsUsed % 8) & 1) != 0;
            bitsUsed++;
            if (height == 0 || !parentOfMatch) {
                if (hashesUsed >= hashes.size()) {
                    failure = Failure.HASHES_EXHAUSTED;
                    return null;
                }
                Hash256 hash = hashes.get(hashesUsed++);
                if (height == 0 && parentOfMatch) {
                    positions[matches.size()] = pos;
                    matches.add(hash);
                }
                return hash;
            }
            Hash256 left = traverse(height - 1, pos * 2);
            if (left == null) {
                return null;
            }
            Hash256 right = left;
            if (pos * 2 + 1 < width(height - 1)) {
                right = traverse(height - 1, pos * 2 + 1);
                if (right == null) {
                    return null;
                }
                if (right.equals(left)) {
                    failure = Failure.IDENTICAL_SIBLINGS;
                    return null;
                }
            }
            return MerkleTree.hashPair(left, right);
        }
    }
}
