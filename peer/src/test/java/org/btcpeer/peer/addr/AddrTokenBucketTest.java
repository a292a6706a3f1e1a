package org.btcpeer.peer.addr;

import java.time.Duration;

import org.btcpeer.peer.ManualClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Core's addr token bucket: one token at start, 0.1 per second, +1,000 per getaddr sent, refill capped at 1,000. */
class AddrTokenBucketTest {

    private final ManualClock clock = new ManualClock();
    private final AddrTokenBucket bucket = new AddrTokenBucket(clock);

    @Test
    void startsWithOneTokenAndRefillsAtOneTenthPerSecond() {
        assertEquals(1, bucket.take(5));
        assertEquals(4, bucket.rateLimitedCount());
        clock.advance(Duration.ofSeconds(9));
        assertEquals(0, bucket.take(1), "0.9 tokens are not enough");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, bucket.take(3));
        clock.advance(Duration.ofSeconds(100));
        assertEquals(10, bucket.take(1000));
        assertEquals(4 + 1 + 2 + 990, bucket.rateLimitedCount());
    }

    @Test
    void aGetAddrAnswerOfAThousandIsProcessedInFull() {
        bucket.creditGetAddr();
        assertEquals(1000, bucket.take(1000));
        assertEquals(1, bucket.take(1000), "the initial token is left");
        assertEquals(999, bucket.rateLimitedCount());
    }

    @Test
    void refillIsCappedAtAThousandButACreditIsNot() {
        clock.advance(Duration.ofDays(1));
        assertEquals(1000, bucket.take(5000));
        bucket.creditGetAddr();
        clock.advance(Duration.ofDays(1));
        bucket.creditGetAddr();
        assertEquals(2000, bucket.tokens(), 1e-9, "credits add up; the time refill stops at 1,000");
    }
}
