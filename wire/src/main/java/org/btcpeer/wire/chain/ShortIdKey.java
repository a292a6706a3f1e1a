package org.btcpeer.wire.chain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.Sha256;

/**
 * The SipHash key of one compact block's short transaction ids (BIP-152): the first two
 * little-endian 64-bit words of {@code SHA256(header || nonce)}, where the header is its 80 bytes
 * and the nonce its 8 little-endian bytes (single SHA-256; Core's
 * {@code CBlockHeaderAndShortTxIDs::FillShortTxIDSelector}).
 *
 * @param k0 SipHash key word 0
 * @param k1 SipHash key word 1
 */
public record ShortIdKey(long k0, long k1) {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * The key of a compact block with this header and nonce.
     *
     * @param header the block header
     * @param nonce  the compact block's nonce (a uint64, any bits)
     * @return the key
     */
    public static ShortIdKey of(BlockHeader header, long nonce) {
        MessageDigest sha = Sha256.newDigest();
        header.serialization().updateDigest(sha);
        byte[] n = new byte[8];
        LONG_LE.set(n, 0, nonce);
        sha.update(n);
        byte[] digest = sha.digest();
        return new ShortIdKey((long) LONG_LE.get(digest, 0), (long) LONG_LE.get(digest, 8));
    }

    /**
     * The 6-byte short id of a transaction: SipHash-2-4 of its wtxid under this key, low 48 bits
     * (BIP-152 version 2; Core's {@code GetShortID}).
     *
     * @param wtxid the transaction's wtxid
     * @return the short id, 0 to 2^48-1
     */
    public long shortId(Hash256 wtxid) {
        return SipHash24.hash(k0, k1, wtxid) & ShortIds.MASK;
    }
}
