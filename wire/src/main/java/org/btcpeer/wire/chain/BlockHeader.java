package org.btcpeer.wire.chain;

import java.math.BigInteger;
import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * A block header (Core's {@code CBlockHeader}), immutable, always 80 bytes:
 *
 * <pre>
 *   version      4  int32 LE
 *   prevBlock   32  hash of the previous header, internal order
 *   merkleRoot  32  merkle root of the txids (see {@link MerkleTree})
 *   time         4  uint32 LE, Unix seconds
 *   bits         4  uint32 LE, compact target (see {@link CompactTarget})
 *   nonce        4  uint32 LE
 * </pre>
 *
 * <p>{@link #hash()} is the double SHA-256 of those 80 bytes, computed once. A decoded header
 * hashes the bytes where they lie in the payload; a header built in code serializes itself on
 * first need. Memoization is a benign race on immutable values. Equality is by content.
 */
public final class BlockHeader {

    /** The encoded size in bytes. */
    public static final int SIZE = 80;

    private final int version;
    private final Hash256 prevBlock;
    private final Hash256 merkleRoot;
    private final long time;
    private final long bits;
    private final long nonce;

    private ByteString bytes; // the 80 bytes; set by decode or on first need
    private Hash256 hash;

    /**
     * Builds a header.
     *
     * @param version    the version field (BIP-9 version bits in its low 29 bits since 2016)
     * @param prevBlock  the hash of the previous block's header
     * @param merkleRoot the merkle root of the block's txids
     * @param time       the timestamp, an unsigned 32-bit value
     * @param bits       the compact target, an unsigned 32-bit value
     * @param nonce      the nonce, an unsigned 32-bit value
     */
    public BlockHeader(int version, Hash256 prevBlock, Hash256 merkleRoot, long time, long bits, long nonce) {
        this.version = version;
        this.prevBlock = Objects.requireNonNull(prevBlock, "prevBlock");
        this.merkleRoot = Objects.requireNonNull(merkleRoot, "merkleRoot");
        this.time = requireUInt32(time, "time");
        this.bits = requireUInt32(bits, "bits");
        this.nonce = requireUInt32(nonce, "nonce");
    }

    private static long requireUInt32(long v, String name) {
        if ((v >>> 32) != 0) {
            throw new IllegalArgumentException(name + " is a uint32: " + v);
        }
        return v;
    }

    /**
     * Reads an 80-byte header, keeping a view of its bytes for hashing (nothing is hashed now).
     *
     * @param r the reader
     * @return the header
     * @throws WireException if fewer than 80 bytes are left
     */
    public static BlockHeader decode(WireReader r) throws WireException {
        int start = r.position();
        BlockHeader h = new BlockHeader(r.readInt32Le("version"), r.readHash("prevBlock"), r.readHash("merkleRoot"),
                r.readUInt32Le("time"), r.readUInt32Le("bits"), r.readUInt32Le("nonce"));
        h.bytes = r.sliceOf(start, r.position());
        return h;
    }

    /**
     * Decodes exactly 80 bytes.
     *
     * @param bytes the header; it must not be modified afterwards (the header keeps a view)
     * @return the header
     * @throws WireException if {@code bytes} is not exactly one header
     */
    public static BlockHeader decode(ByteString bytes) throws WireException {
        WireReader r = WireReader.of(bytes, "block header");
        BlockHeader h = decode(r);
        r.expectEnd();
        return h;
    }

    /** The version field. */
    public int version() {
        return version;
    }

    /** The hash of the previous block's header. */
    public Hash256 prevBlock() {
        return prevBlock;
    }

    /** The merkle root of the block's txids, as committed to by this header. */
    public Hash256 merkleRoot() {
        return merkleRoot;
    }

    /** The timestamp in Unix seconds, an unsigned 32-bit value. */
    public long time() {
        return time;
    }

    /** The compact target ("nBits"), an unsigned 32-bit value. */
    public long bits() {
        return bits;
    }

    /** The nonce, an unsigned 32-bit value. */
    public long nonce() {
        return nonce;
    }

    /**
     * The block hash: double SHA-256 of the 80 bytes, computed once.
     *
     * @return the hash (prints in display order, {@code 000000…})
     */
    public Hash256 hash() {
        Hash256 h = hash;
        if (h == null) {
            h = Hash256.doubleSha256(serialization());
            hash = h;
        }
        return h;
    }

    /**
     * The 80 bytes of this header: for a decoded header a view of the payload.
     *
     * @return the bytes
     */
    public ByteString serialization() {
        ByteString b = bytes;
        if (b == null) {
            WireWriter w = new WireWriter(SIZE);
            w.writeInt32Le(version).writeHash(prevBlock).writeHash(merkleRoot)
                    .writeUInt32Le(time).writeUInt32Le(bits).writeUInt32Le(nonce);
            b = w.toByteString();
            bytes = b;
        }
        return b;
    }

    /**
     * Writes the 80 bytes.
     *
     * @param w the writer
     */
    public void encode(WireWriter w) {
        w.writeBytes(serialization());
    }

    /**
     * Whether the hash meets the target in {@link #bits()} and that target is valid and at most
     * {@code powLimit} (Core's {@code CheckProofOfWork}).
     *
     * @param powLimit the network's easiest target, e.g. {@link ProofOfWork#MAINNET_POW_LIMIT}
     * @return whether the proof of work is valid
     */
    public boolean checkProofOfWork(BigInteger powLimit) {
        return ProofOfWork.checkProofOfWork(hash(), bits, powLimit);
    }

    /** The expected number of hashes to find this header, 2^256 / (target + 1) (Core's {@code GetBlockProof}). */
    public BigInteger work() {
        return ProofOfWork.work(bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockHeader h
                && h.version == version && h.time == time && h.bits == bits && h.nonce == nonce
                && h.prevBlock.equals(prevBlock) && h.merkleRoot.equals(merkleRoot);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, prevBlock, merkleRoot, time, bits, nonce);
    }

    /** The hash and the fields. */
    @Override
    public String toString() {
        return "BlockHeader[hash=" + hash() + ", version=0x" + Integer.toHexString(version) + ", prevBlock=" + prevBlock
                + ", merkleRoot=" + merkleRoot + ", time=" + time + ", bits=0x" + Long.toHexString(bits)
                + ", nonce=" + nonce + "]";
    }
}
