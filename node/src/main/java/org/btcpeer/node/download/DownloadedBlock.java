package org.btcpeer.node.download;

import java.util.Objects;

import org.btcpeer.wire.chain.Block;

/**
 * A verified block handed to the {@link BlockConsumer}.
 *
 * @param height the block's height in the header chain
 * @param block  the block (its hash is the header chain's hash at {@code height})
 * @param size   its serialized size in bytes, as counted against {@link DownloadConfig#maxHeldBytes()}
 * @param peerId the id of the peer that sent it ({@link org.btcpeer.peer.Peer#id()})
 */
public record DownloadedBlock(int height, Block block, int size, long peerId) {

    /**
     * Checks the fields.
     *
     * @param height the height, not negative
     * @param block  the block
     * @param size   the size, positive
     * @param peerId the sending peer's id
     */
    public DownloadedBlock {
        Objects.requireNonNull(block, "block");
        if (height < 0 || size <= 0) {
            throw new IllegalArgumentException("height " + height + " and size " + size + " must not be negative/zero");
        }
    }
}
