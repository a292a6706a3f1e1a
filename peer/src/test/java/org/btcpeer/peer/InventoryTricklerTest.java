package org.btcpeer.peer;

import java.util.ArrayList;
import java.util.List;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trickle queue alone: budget, order, type at release, bound. */
class InventoryTricklerTest {

    private static Hash256 hash(int i, int tag) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        b[1] = (byte) (i >> 8);
        b[2] = (byte) (i >> 16);
        b[3] = (byte) tag;
        return Hash256.fromInternalBytes(b);
    }

    private static BoundedRecentSet<Hash256> known() {
        return new BoundedRecentSet<>(100_000);
    }

    @Test
    void theBudgetIsSeventyPlusFivePerThousandQueuedAtMostAThousand() {
        int[][] table = {{1, 1}, {70, 70}, {999, 70}, {1000, 75}, {2000, 80}, {10_000, 120}, {49_999, 70 + 5 * 49},
                {200_000, 1000}};
        for (int[] row : table) {
            InventoryTrickler t = new InventoryTrickler(1_000_000);
            for (int i = 0; i < row[0]; i++) {
                t.addTransaction(hash(i, 1), hash(i, 2), 1, 1);
            }
            t.scheduleRelease(0);
            assertEquals(row[1], t.release(0, known(), 0, true).size(), row[0] + " queued");
        }
    }

    @Test
    void equalKeysGoOutInAnnouncementOrderAndTheTypeIsChosenAtRelease() {
        InventoryTrickler t = new InventoryTrickler(100);
        t.addTransaction(hash(1, 1), hash(1, 2), 5, 5);
        t.addTransaction(hash(2, 1), hash(2, 2), 5, 5);
        t.addTransaction(hash(3, 1), hash(3, 2), 9, 9);
        t.scheduleRelease(0);
        assertEquals(List.of(InventoryVector.tx(hash(3, 1)), InventoryVector.tx(hash(1, 1)), InventoryVector.tx(hash(2, 1))),
                t.release(0, known(), 0, false));
    }

    @Test
    void knownAndBelowFeeFilterAreSkippedWithoutUsingTheBudget() {
        InventoryTrickler t = new InventoryTrickler(1000);
        BoundedRecentSet<Hash256> known = known();
        for (int i = 0; i < 100; i++) {
            t.addTransaction(hash(i, 1), hash(i, 2), i < 10 ? 0 : 2000, 1000 - i); // the 10 best pay too little
        }
        known.add(hash(10, 2));
        t.scheduleRelease(0);
        List<InventoryVector> out = t.release(0, known, 1000, true);
        assertEquals(70, out.size());
        assertEquals(InventoryVector.wtx(hash(11, 2)), out.get(0));
        assertEquals(19, t.pendingCount());
    }

    @Test
    void theQueueIsBoundedAndDropsAreCounted() {
        InventoryTrickler t = new InventoryTrickler(3);
        assertTrue(t.addTransaction(hash(1, 1), hash(1, 2), 1, 1), "first entry: schedule a release");
        assertFalse(t.addTransaction(hash(1, 1), hash(1, 2), 1, 1), "duplicate");
        t.addTransaction(hash(2, 1), hash(2, 2), 1, 1);
        t.addTransaction(hash(3, 1), hash(3, 2), 1, 1);
        t.addTransaction(hash(4, 1), hash(4, 2), 1, 1);
        assertEquals(3, t.pendingCount());
        assertEquals(1, t.droppedCount());
    }

    @Test
    void nothingIsReleasedBeforeItsTimeAndAllIsReleasedEventually() {
        InventoryTrickler t = new InventoryTrickler(50_000);
        for (int i = 0; i < 50_000; i++) {
            t.addTransaction(hash(i, 1), hash(i, 2), i, i);
        }
        t.scheduleRelease(100);
        assertEquals(List.of(), t.release(99, known(), 0, true));
        List<InventoryVector> all = new ArrayList<>();
        while (t.pendingCount() > 0) {
            all.addAll(t.release(100, known(), 0, true));
        }
        assertEquals(50_000, all.size());
        assertEquals(InventoryVector.wtx(hash(49_999, 2)), all.get(0));
        assertEquals(InventoryVector.wtx(hash(0, 2)), all.get(49_999));
    }
}
