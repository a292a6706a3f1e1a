package org.btcpeer.peer.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PendingEvictionTest {

    @Test
    void nothingPendingNothingToClose() {
        assertTrue(PendingEviction.select(List.of()).isEmpty());
    }

    @Test
    void closesTheOldestOfTheMostCrowdedGroupNotTheOldestOverall() {
        // Id 1 (group 5) is the oldest of all but alone; group 9 has three: its oldest (id 2) goes.
        List<PendingConnection> p = List.of(new PendingConnection(1, 10, 5), new PendingConnection(3, 30, 9),
                new PendingConnection(2, 20, 9), new PendingConnection(4, 40, 9));
        assertEquals(2, PendingEviction.select(p).getAsLong());
    }

    @Test
    void equalGroupsLoseTheirOldestConnection() {
        List<PendingConnection> p = List.of(new PendingConnection(1, 50, 5), new PendingConnection(2, 20, 6),
                new PendingConnection(3, 60, 5), new PendingConnection(4, 70, 6));
        assertEquals(2, PendingEviction.select(p).getAsLong());
    }
}
