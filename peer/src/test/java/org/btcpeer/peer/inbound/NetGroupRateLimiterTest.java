package org.btcpeer.peer.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.btcpeer.peer.ManualClock;
import org.junit.jupiter.api.Test;

class NetGroupRateLimiterTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void aFloodingGroupSpendsOnlyItsOwnTokens() {
        NetGroupRateLimiter r = new NetGroupRateLimiter(10, 3, 16, clock.nanoTime());
        for (int i = 0; i < 3; i++) {
            assertTrue(r.tryTake(1, clock.nanoTime()));
        }
        assertFalse(r.tryTake(1, clock.nanoTime()));
        assertTrue(r.tryTake(2, clock.nanoTime()), "another group still has its burst");
        clock.advance(Duration.ofMillis(100));
        assertTrue(r.tryTake(1, clock.nanoTime()), "one token back after 1/rate");
        assertFalse(r.tryTake(1, clock.nanoTime()));
    }

    @Test
    void askingDoesNotSpend() {
        NetGroupRateLimiter r = new NetGroupRateLimiter(1, 1, 16, clock.nanoTime());
        for (int i = 0; i < 5; i++) {
            assertTrue(r.hasToken(1, clock.nanoTime()));
        }
        r.take(1, clock.nanoTime());
        assertFalse(r.hasToken(1, clock.nanoTime()));
    }

    @Test
    void theTableIsBoundedAndOverflowGroupsShareOneBucket() {
        NetGroupRateLimiter r = new NetGroupRateLimiter(1, 1, 4, clock.nanoTime());
        for (long g = 0; g < 4; g++) {
            assertTrue(r.tryTake(g, clock.nanoTime()));
        }
        assertEquals(4, r.groupCount());
        assertTrue(r.tryTake(100, clock.nanoTime()), "first overflow group gets the shared token");
        assertFalse(r.tryTake(101, clock.nanoTime()), "the shared bucket is empty");
        assertEquals(4, r.groupCount());
        clock.advance(Duration.ofSeconds(5));
        assertTrue(r.tryTake(101, clock.nanoTime()), "refilled buckets are dropped to make room");
        assertTrue(r.groupCount() <= 4);
    }
}
