package org.btcpeer.peer;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shared stalling timeout's steps, in seconds, against Core's sequence. */
class BlockStallingTimeoutTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long DEFAULT = 2 * SECOND;
    private static final long MAX = 64 * SECOND;

    private static long seconds(BlockStallingTimeout t) {
        return t.current(DEFAULT, MAX) / SECOND;
    }

    @Test
    void doublesPerStallerUpTo64Seconds() {
        BlockStallingTimeout t = new BlockStallingTimeout();
        List<Long> steps = new ArrayList<>(List.of(seconds(t)));
        for (int i = 0; i < 7; i++) {
            t.stallerDisconnected(DEFAULT, MAX);
            steps.add(seconds(t));
        }
        assertEquals(List.of(2L, 4L, 8L, 16L, 32L, 64L, 64L, 64L), steps, "BLOCK_STALLING_TIMEOUT_MAX caps it");
    }

    @Test
    void shrinksTo85PercentInWholeSecondsPerBlockDownTo2() {
        BlockStallingTimeout t = new BlockStallingTimeout();
        for (int i = 0; i < 8; i++) { // more stalls than reach the cap: the decay still starts from 64 s
            t.stallerDisconnected(DEFAULT, MAX);
        }
        List<Long> steps = new ArrayList<>(List.of(seconds(t)));
        for (int i = 0; i < 17; i++) {
            t.blockReceived(DEFAULT);
            steps.add(seconds(t));
        }
        // Core: max(duration_cast<seconds>(timeout * 0.85), 2 s), from 64 s
        assertEquals(List.of(64L, 54L, 45L, 38L, 32L, 27L, 22L, 18L, 15L, 12L, 10L, 8L, 6L, 5L, 4L, 3L, 2L, 2L), steps);
        assertEquals(DEFAULT, t.current(DEFAULT, MAX), "whole seconds, exactly the default at the end");
    }
}
