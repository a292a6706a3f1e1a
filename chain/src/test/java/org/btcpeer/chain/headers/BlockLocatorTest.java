package org.btcpeer.chain.headers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Core's {@code LocatorEntries} heights, table-driven. */
class BlockLocatorTest {

    @Test
    void heightsStepBackOneByOneThenDoubling() {
        Object[][] table = {
            {0, 0, List.of(0)},
            {3, 0, List.of(3, 2, 1, 0)},
            {10, 0, List.of(10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)},
            {11, 0, List.of(11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)},
            {100, 0, List.of(100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 89, 87, 83, 75, 59, 27, 0)},
            {100, 80, List.of(100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 89, 87, 83, 80)},
        };
        for (Object[] row : table) {
            assertEquals(row[2], BlockLocator.heights((int) row[0], (int) row[1]), "tip " + row[0] + " lowest " + row[1]);
        }
    }

    @Test
    void aMainnetSizedChainStaysFarBelowTheCap() {
        List<Integer> h = BlockLocator.heights(930_000, 0);
        assertTrue(h.size() <= 32, "size " + h.size());
        assertTrue(h.size() <= BlockLocator.MAX_ENTRIES);
        assertEquals(0, h.get(h.size() - 1));
    }

    @Test
    void lowestAboveTipIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BlockLocator.heights(5, 6));
    }
}
