package org.btcpeer.peer.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The acceptor's one-line summary: at most one per interval, only when something happened, as differences. */
class InboundSummaryTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void oneLinePerIntervalWithTheDifferencesAndNoneWhenQuiet() {
        InboundSummary s = new InboundSummary(60 * SECOND, 0);
        InboundSummary.Counts c1 = new InboundSummary.Counts(1_000, 10, 40, 2);
        assertEquals(Optional.empty(), s.poll(c1, 117, 59 * SECOND), "not before the interval");
        assertEquals(Optional.of("inbound in the last 60 s: 1000 refused (10 banned), 40 evicted, 2 discouraged; 117 peers"),
                s.poll(c1, 117, 60 * SECOND));
        assertEquals(Optional.empty(), s.poll(c1, 117, 100 * SECOND), "too soon after the last line");
        assertEquals(Optional.empty(), s.poll(c1, 117, 120 * SECOND), "nothing happened: no line");
        InboundSummary.Counts c2 = new InboundSummary.Counts(1_005, 10, 41, 2);
        assertEquals(Optional.of("inbound in the last 61 s: 5 refused (0 banned), 1 evicted, 0 discouraged; 3 peers"),
                s.poll(c2, 3, 181 * SECOND));
    }
}
