package org.btcpeer.chain.headers;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.chain.BlockHeader;

/** Real headers from test resources, and a miner for low-difficulty test chains. */
public final class TestHeaders {

    /** The first height in {@code mainnet-822528-830592.hdr}. */
    public static final int MAINNET_FIRST = 822_528;

    /** An easy but not minimal target: about 1 in 256 hashes meets it. */
    static final long EASY_BITS = 0x2000ffffL;

    /** The limit of the low-difficulty test networks (bits 0x207fffff). */
    static final BigInteger EASY_LIMIT = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE);

    /** A start time in the past of any test clock. */
    static final long T0 = 1_700_000_000L;

    private TestHeaders() {
    }

    public static List<BlockHeader> mainnet() throws IOException, WireException {
        byte[] all;
        try (InputStream in = TestHeaders.class.getResourceAsStream("/headers/mainnet-822528-830592.hdr")) {
            all = in.readAllBytes();
        }
        List<BlockHeader> out = new ArrayList<>();
        for (int off = 0; off < all.length; off += BlockHeader.SIZE) {
            out.add(BlockHeader.decode(ByteString.copyOf(all, off, BlockHeader.SIZE)));
        }
        return out;
    }

    /**
     * Rules like mainnet's with a 20-block retarget interval and an easy limit, so a test can mine
     * a few periods in milliseconds.
     */
    static ConsensusParams lowDifficulty(boolean allowMinDifficulty, boolean bip94) {
        return new ConsensusParams(NetworkParameters.REGTEST, EASY_LIMIT, 20 * 600, 600, allowMinDifficulty,
                false, bip94, 0, 0, 0, BigInteger.ZERO);
    }

    /** Finds a nonce so the header meets its bits under {@code limit}. */
    public static BlockHeader mine(int version, Hash256 prev, long time, long bits, BigInteger limit) {
        Hash256 merkle = Hash256.doubleSha256(ByteString.copyOf(new byte[] {(byte) time, (byte) (time >> 8)}));
        for (long nonce = 0; ; nonce++) {
            BlockHeader h = new BlockHeader(version, prev, merkle, time, bits, nonce);
            if (h.checkProofOfWork(limit)) {
                return h;
            }
        }
    }

    static BlockHeader mine(BlockHeader parent, long time, long bits) {
        return mine(4, parent.hash(), time, bits, EASY_LIMIT);
    }

    /** A root at height 0 with {@link #EASY_BITS}. */
    static ChainRoot easyRoot() {
        BlockHeader h = mine(4, Hash256.ZERO, T0, EASY_BITS, EASY_LIMIT);
        return new ChainRoot(h, 0, h.work());
    }
}
