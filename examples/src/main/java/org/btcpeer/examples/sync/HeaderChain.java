package org.btcpeer.examples.sync;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.CompactTarget;
import org.btcpeer.wire.chain.ProofOfWork;

/**
 * Headers received from a peer, checked as they are appended: each must link to the one before
 * (the first to the network's genesis) and carry valid proof of work for its own bits under the
 * network's {@code powLimit} (Core's {@code CheckProofOfWork}; the retarget rule is not checked).
 * Heights count from genesis = 0.
 */
public final class HeaderChain {

    private final NetworkParameters network;
    private final BigInteger powLimit;
    private final List<BlockHeader> headers = new ArrayList<>();
    private final Map<Hash256, Integer> heights = new HashMap<>();

    /**
     * An empty chain: only the genesis block, whose header is not stored.
     *
     * @param network the network
     */
    public HeaderChain(NetworkParameters network) {
        this.network = network;
        this.powLimit = CompactTarget.fromBits(network.powLimitBits()).value();
        heights.put(network.genesisHash(), 0);
    }

    /** The network. */
    public NetworkParameters network() {
        return network;
    }

    /** The tip height: the number of headers after genesis. */
    public int height() {
        return headers.size();
    }

    /** The tip hash (the genesis hash while empty). */
    public Hash256 tipHash() {
        return headers.isEmpty() ? network.genesisHash() : headers.get(headers.size() - 1).hash();
    }

    /**
     * The header at a height.
     *
     * @param height 1 to {@link #height()}
     * @return the header
     */
    public BlockHeader header(int height) {
        return headers.get(height - 1);
    }

    /** The headers after genesis, oldest first; a snapshot. */
    public List<BlockHeader> headers() {
        return List.copyOf(headers);
    }

    /**
     * The height of a hash on this chain.
     *
     * @param hash a block hash
     * @return its height, if known
     */
    public OptionalInt heightOf(Hash256 hash) {
        Integer h = heights.get(hash);
        return h == null ? OptionalInt.empty() : OptionalInt.of(h);
    }

    /**
     * Appends a header after checking that it links to the tip and that its proof of work is valid.
     *
     * @param header the next header
     * @throws SyncException if it does not link or its proof of work fails
     */
    public void append(BlockHeader header) throws SyncException {
        int height = height() + 1;
        if (!header.prevBlock().equals(tipHash())) {
            throw new SyncException("header " + header.hash() + " at height " + height + " does not link: prevBlock "
                    + header.prevBlock() + ", tip " + tipHash());
        }
        if (!ProofOfWork.checkProofOfWork(header.hash(), header.bits(), powLimit)) {
            throw new SyncException("header " + header.hash() + " at height " + height + " fails proof of work (bits 0x"
                    + Long.toHexString(header.bits()) + ")");
        }
        headers.add(header);
        heights.put(header.hash(), height);
    }

    /**
     * A block locator for the tip, as Core's {@code LocatorEntries}: the last 10 hashes one by one,
     * then doubling steps back, always ending with genesis.
     *
     * @return hashes, tip first, at most 101 (Core's {@code MAX_LOCATOR_SZ})
     */
    public List<Hash256> locator() {
        List<Hash256> out = new ArrayList<>();
        int step = 1;
        for (int h = height(); h > 0; h -= step) {
            out.add(header(h).hash());
            if (out.size() >= 10) {
                step *= 2;
            }
        }
        out.add(network.genesisHash());
        return out;
    }
}
