package org.btcpeer.node.download;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress figures a download reports: rates over the elapsed time and the ETA at the consumed rate. */
class DownloadProgressTest {

    /** Heights 101..300, consumed to {@code consumed}, {@code received} blocks of 100 kB each, after {@code elapsed}. */
    private static DownloadProgress at(int consumed, long received, Duration elapsed) {
        return new DownloadProgress(101, 300, consumed, received, received * 100_000, elapsed, 2, 5, 0, 0, 0, 0, 0);
    }

    @Test
    void ratesAreOverTheElapsedTimeAndTheEtaUsesTheConsumedRate() {
        DownloadProgress p = at(150, 60, Duration.ofSeconds(10)); // 50 consumed, 60 received
        assertEquals(200, p.totalBlocks());
        assertEquals(50, p.consumedBlocks());
        assertEquals(6.0, p.blocksPerSecond(), 1e-9);
        assertEquals(600_000.0, p.bytesPerSecond(), 1e-6);
        assertEquals(Optional.of(Duration.ofSeconds(30)), p.eta(), "150 left at 5 consumed blocks a second");
        assertFalse(p.isComplete());
    }

    @Test
    void beforeAnyTimeOrBlockThereIsNoRateAndNoEta() {
        DownloadProgress start = at(100, 0, Duration.ZERO);
        assertEquals(0, start.consumedBlocks());
        assertEquals(0.0, start.blocksPerSecond());
        assertEquals(0.0, start.bytesPerSecond());
        assertEquals(Optional.empty(), start.eta());
        assertEquals(Optional.empty(), at(100, 7, Duration.ofSeconds(3)).eta(), "received but nothing consumed yet");
    }

    @Test
    void aCompleteDownloadHasNoTimeLeft() {
        DownloadProgress done = at(300, 200, Duration.ofSeconds(40));
        assertTrue(done.isComplete());
        assertEquals(Optional.of(Duration.ZERO), done.eta());
        assertEquals(5.0, done.blocksPerSecond(), 1e-9);
    }
}
