package org.btcpeer.node.download;

/**
 * Receives downloaded blocks in height order, one at a time, on the downloader's delivery thread.
 * A consumer that takes its time is the backpressure: the downloader stops requesting once the
 * blocks it holds for the consumer reach {@link DownloadConfig#maxHeldBytes()}.
 */
@FunctionalInterface
public interface BlockConsumer {

    /**
     * Takes the next block. The downloader counts its bytes as held until this returns.
     *
     * @param block the block at the next height, its merkle root (and witness commitment) verified
     * @throws Exception to stop the download: {@link BlockDownloader#finished()} fails with it
     */
    void accept(DownloadedBlock block) throws Exception;
}
