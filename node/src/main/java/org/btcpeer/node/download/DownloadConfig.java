package org.btcpeer.node.download;

/**
 * The download's limits; {@link #CORE} holds Bitcoin Core v30's numbers.
 *
 * @param window             how many blocks past the last consumed one may be requested (Core's
 *                           {@code BLOCK_DOWNLOAD_WINDOW}, 1,024)
 * @param maxInFlightPerPeer blocks requested from one peer and not yet received (Core's
 *                           {@code MAX_BLOCKS_IN_TRANSIT_PER_PEER}, 16; also the cap of
 *                           {@link org.btcpeer.peer.PeerRequests#MAX_BLOCKS_IN_FLIGHT})
 * @param maxHeldBytes       bytes of received blocks the consumer has not finished with, plus the
 *                           blocks in flight at the largest size seen so far: no request is sent
 *                           that could take the total past this (Core has no such bound: it writes
 *                           blocks to disk); default 64 MiB
 * @param checkWitness       whether to check the BIP-141 witness commitment besides the merkle
 *                           root (one more hash of every transaction); default true
 */
public record DownloadConfig(int window, int maxInFlightPerPeer, long maxHeldBytes, boolean checkWitness) {

    /** Core's {@code BLOCK_DOWNLOAD_WINDOW}. */
    public static final int BLOCK_DOWNLOAD_WINDOW = 1024;

    /** Core's {@code MAX_BLOCKS_IN_TRANSIT_PER_PEER}. */
    public static final int MAX_BLOCKS_IN_TRANSIT_PER_PEER = 16;

    /** The default bound on held bytes: 64 MiB. */
    public static final long DEFAULT_MAX_HELD_BYTES = 64L << 20;

    /** Core's window and in-flight limit, 64 MiB held, witness commitments checked. */
    public static final DownloadConfig CORE = new DownloadConfig(BLOCK_DOWNLOAD_WINDOW, MAX_BLOCKS_IN_TRANSIT_PER_PEER,
            DEFAULT_MAX_HELD_BYTES, true);

    /**
     * Checks the limits.
     *
     * @param window             the window, positive
     * @param maxInFlightPerPeer 1 to 16
     * @param maxHeldBytes       positive
     * @param checkWitness       whether to check witness commitments
     */
    public DownloadConfig {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (maxInFlightPerPeer < 1 || maxInFlightPerPeer > MAX_BLOCKS_IN_TRANSIT_PER_PEER) {
            throw new IllegalArgumentException("maxInFlightPerPeer must be 1.." + MAX_BLOCKS_IN_TRANSIT_PER_PEER + ": "
                    + maxInFlightPerPeer);
        }
        if (maxHeldBytes < 1) {
            throw new IllegalArgumentException("maxHeldBytes must be positive: " + maxHeldBytes);
        }
    }

    /**
     * This config with another window.
     *
     * @param blocks the window in blocks
     * @return the config
     */
    public DownloadConfig withWindow(int blocks) {
        return new DownloadConfig(blocks, maxInFlightPerPeer, maxHeldBytes, checkWitness);
    }

    /**
     * This config with another bound on held bytes.
     *
     * @param bytes the bound
     * @return the config
     */
    public DownloadConfig withMaxHeldBytes(long bytes) {
        return new DownloadConfig(window, maxInFlightPerPeer, bytes, checkWitness);
    }

    /**
     * This config with or without the witness commitment check.
     *
     * @param check whether to check it
     * @return the config
     */
    public DownloadConfig withCheckWitness(boolean check) {
        return new DownloadConfig(window, maxInFlightPerPeer, maxHeldBytes, check);
    }
}
