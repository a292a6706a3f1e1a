package org.btcpeer.node.download;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of a download: where it stands, how fast it goes, what it had to deal with.
 *
 * @param fromHeight        the first height to download
 * @param toHeight          the last height to download
 * @param consumedHeight    the last height the consumer finished ({@code fromHeight - 1} at first)
 * @param receivedBlocks    verified blocks received (a block received twice counts once)
 * @param receivedBytes     their serialized bytes
 * @param elapsed           time since the download started, on the downloader's clock
 * @param peers             peers downloading now
 * @param inFlight          blocks requested and not yet received
 * @param heldBytes         bytes of received blocks the consumer has not finished with
 * @param peakHeldBytes     the most bytes held at once so far
 * @param badBlocks         blocks that did not match their header (their senders were disconnected)
 * @param stallDisconnects  peers disconnected for stalling the window
 * @param reassignedBlocks  requests given to another peer after their peer left, stalled or failed
 */
public record DownloadProgress(int fromHeight, int toHeight, int consumedHeight, long receivedBlocks,
                               long receivedBytes, Duration elapsed, int peers, int inFlight, long heldBytes,
                               long peakHeldBytes, long badBlocks, long stallDisconnects, long reassignedBlocks) {

    /** Blocks to download in all. */
    public int totalBlocks() {
        return toHeight - fromHeight + 1;
    }

    /** Blocks the consumer finished. */
    public int consumedBlocks() {
        return consumedHeight - fromHeight + 1;
    }

    /** Whether the consumer finished the last block. */
    public boolean isComplete() {
        return consumedHeight >= toHeight;
    }

    /** Verified blocks received per second since the start (0 before any time passed). */
    public double blocksPerSecond() {
        return perSecond(receivedBlocks);
    }

    /** Verified block bytes received per second since the start. */
    public double bytesPerSecond() {
        return perSecond(receivedBytes);
    }

    /** The time left at the average block rate so far, or empty before the first block. */
    public Optional<Duration> eta() {
        double rate = consumedBlocks() > 0 ? consumedBlocks() / seconds() : 0;
        if (rate <= 0 || Double.isInfinite(rate)) {
            return isComplete() ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) ((totalBlocks() - consumedBlocks()) / rate * 1000)));
    }

    private double perSecond(long count) {
        double s = seconds();
        return s <= 0 ? 0 : count / s;
    }

    private double seconds() {
        return elapsed.toNanos() / 1e9;
    }
}
