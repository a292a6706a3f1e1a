package org.btcpeer.node.download;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Core's {@code FindNextBlocksToDownload} choices, without peers. */
class DownloadWindowTest {

    @Test
    void lowestFreeHeightsFirstThenTheStallerOnceTheWindowIsFull() {
        DownloadWindow w = new DownloadWindow(1, 100, 8);
        DownloadPeer a = new DownloadPeer(null, false, 100);
        DownloadPeer b = new DownloadPeer(null, false, 100);
        DownloadWindow.Plan pa = w.plan(a, 5);
        assertEquals(List.of(1, 2, 3, 4, 5), pa.heights());
        pa.heights().forEach(h -> w.requested(h, a));
        DownloadWindow.Plan pb = w.plan(b, 5);
        assertEquals(List.of(6, 7, 8), pb.heights(), "the window ends at 8");
        assertEquals(Optional.empty(), pb.staller(), "b got something");
        pb.heights().forEach(h -> w.requested(h, b));
        DownloadPeer c = new DownloadPeer(null, false, 100);
        assertEquals(Optional.of(a), w.plan(c, 5).staller(), "a holds the window's first block");
        assertEquals(Optional.empty(), w.plan(a, 5).staller(), "a is not its own staller");
    }

    @Test
    void noStallerWhenTheWindowReachesTheEnd() {
        DownloadWindow w = new DownloadWindow(1, 4, 8);
        DownloadPeer a = new DownloadPeer(null, false, 100);
        w.plan(a, 16).heights().forEach(h -> w.requested(h, a));
        assertEquals(Optional.empty(), w.plan(new DownloadPeer(null, false, 100), 16).staller());
    }

    @Test
    void aLimitedPeerIsAskedOnlyForItsLast286Blocks() {
        DownloadPeer limited = new DownloadPeer(null, true, 1000);
        assertFalse(limited.canServe(1000 - 286));
        assertTrue(limited.canServe(1000 - 285));
        assertTrue(limited.canServe(1000));
        assertFalse(limited.canServe(1001), "not above its best block");
        DownloadPeer full = new DownloadPeer(null, false, 1000);
        assertTrue(full.canServe(1));
    }

    @Test
    void whenMemoryStopsRequestsTheHolderOfTheMissingNextBlockIsTheStaller() {
        DownloadWindow w = new DownloadWindow(1, 100, 1024);
        DownloadPeer a = new DownloadPeer(null, false, 100);
        DownloadPeer b = new DownloadPeer(null, false, 100);
        w.requested(1, a);
        w.requested(2, b);
        assertEquals(Optional.empty(), w.gapHolder(), "nothing waits yet");
        w.release(2, b);
        w.received(new DownloadedBlock(2, TestBlocks.sample(), 100, 7));
        assertEquals(List.of(), w.takeReady(), "2 waits for 1");
        assertEquals(Optional.of(a), w.gapHolder());
    }
}
