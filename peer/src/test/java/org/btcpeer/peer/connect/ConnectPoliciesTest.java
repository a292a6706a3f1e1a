package org.btcpeer.peer.connect;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.btcpeer.peer.ManualClock;
import org.btcpeer.transport.dial.DialTarget;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manager's small policies with an injected clock: backoff with jitter, the downgrade cache, netgroups, the event queue. */
@Timeout(20)
class ConnectPoliciesTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void backoffDoublesUpToItsMaximumWithJitterInTheUpperHalf() {
        RetryBackoff<String> b = new RetryBackoff<>(Duration.ofSeconds(1), Duration.ofSeconds(60), 100, new SplittableRandom(3));
        assertEquals(Duration.ofSeconds(1), b.ceiling(1));
        assertEquals(Duration.ofSeconds(8), b.ceiling(4));
        assertEquals(Duration.ofSeconds(60), b.ceiling(7));
        assertEquals(Duration.ofSeconds(60), b.ceiling(1_000));
        long now = clock.nanoTime();
        assertTrue(b.ready("a", now));
        for (int n = 1; n <= 8; n++) {
            Duration d = b.failed("a", now);
            Duration ceiling = b.ceiling(n);
            assertTrue(d.compareTo(ceiling.dividedBy(2)) >= 0 && d.compareTo(ceiling) <= 0, n + ": " + d);
            assertFalse(b.ready("a", now + d.toNanos() - 1));
            assertTrue(b.ready("a", now + d.toNanos()));
            assertEquals(n, b.failures("a"));
        }
        b.succeeded("a");
        assertEquals(0, b.failures("a"));
        assertTrue(b.ready("a", now));
    }

    @Test
    void backoffIsBoundedAndJitterSpreadsTargets() {
        RetryBackoff<Integer> b = new RetryBackoff<>(Duration.ofSeconds(10), Duration.ofSeconds(10), 3, new SplittableRandom(5));
        java.util.Set<Duration> delays = new java.util.HashSet<>();
        for (int i = 0; i < 10; i++) {
            delays.add(b.failed(i, 0));
        }
        assertTrue(delays.size() > 5, "jittered: " + delays);
        assertEquals(0, b.failures(0), "the oldest targets are forgotten past the capacity");
        assertEquals(1, b.failures(9));
    }

    @Test
    void downgradeCacheRemembersExpiresAndIsBounded() {
        DowngradeCache cache = new DowngradeCache(2, Duration.ofHours(1), clock);
        DialTarget a = DialTarget.host("a.example", 8333);
        DialTarget b = DialTarget.host("b.example", 8333);
        DialTarget c = DialTarget.host("c.example", 8333);
        assertFalse(cache.speaksOnlyV1(a));
        cache.remember(a);
        assertTrue(cache.speaksOnlyV1(a));
        clock.advance(Duration.ofMinutes(59));
        assertTrue(cache.speaksOnlyV1(a));
        clock.advance(Duration.ofMinutes(1));
        assertFalse(cache.speaksOnlyV1(a), "expired: nodes upgrade");
        cache.remember(a);
        cache.remember(b);
        cache.speaksOnlyV1(a); // a is now the most recently used
        cache.remember(c);
        assertEquals(2, cache.size());
        assertTrue(cache.speaksOnlyV1(a));
        assertFalse(cache.speaksOnlyV1(b), "least recently used dropped");
        assertTrue(cache.speaksOnlyV1(c));
        assertEquals(DowngradeCache.DEFAULT_CAPACITY, 100, "btcd's defaultDowngradeCacheSize");
    }

    private static NetAddress v4(String ip) {
        return NetAddress.of(new InetSocketAddress(ip, 8333));
    }

    @Test
    void coreNetGroups() {
        NetGroup g = NetGroup.core();
        assertEquals(g.of(v4("1.2.3.4")), g.of(v4("1.2.200.9")), "same /16");
        assertNotEquals(g.of(v4("1.2.3.4")), g.of(v4("1.3.3.4")));
        assertEquals(g.of(v4("127.0.0.1")), g.of(v4("127.5.6.7")), "all local addresses share a group");
        NetAddress a6 = NetAddress.of(new InetSocketAddress("2a01:4f8:1:2::1", 8333));
        NetAddress b6 = NetAddress.of(new InetSocketAddress("2a01:4f8:ffff::1", 8333));
        NetAddress c6 = NetAddress.of(new InetSocketAddress("2a01:4f9::1", 8333));
        assertEquals(g.of(a6), g.of(b6), "same /32");
        assertNotEquals(g.of(a6), g.of(c6));
        assertNotEquals(g.of(NetAddress.of(new InetSocketAddress("2001:470:1000::1", 1))),
                g.of(NetAddress.of(new InetSocketAddress("2001:470:2000::1", 1))), "Hurricane Electric by /36");
        byte[] k1 = new byte[32];
        byte[] k2 = new byte[32];
        k2[0] = (byte) 0x10;
        NetAddress o1 = new NetAddress(NetworkId.TORV3, ByteString.wrap(k1), 1);
        NetAddress o2 = new NetAddress(NetworkId.TORV3, ByteString.wrap(k2), 1);
        NetAddress i1 = new NetAddress(NetworkId.I2P, ByteString.wrap(k1), 0);
        assertNotEquals(g.of(o1), g.of(o2), "onion groups by the first 4 bits");
        assertNotEquals(g.of(o1), g.of(i1), "onion and i2p never share a group");
        assertNotEquals(g.of(o1), g.of(v4("1.2.3.4")));
        assertNotEquals(NetGroup.perAddress().of(v4("127.0.0.1")), NetGroup.perAddress().of(v4("127.0.0.2")));
    }

    @Test
    void eventQueueBackpressuresMessagesAndKeepsRoomForLifecycleEvents() throws Exception {
        EventQueue q = new EventQueue(4, 1);
        ConnectionEvent m = new ConnectionEvent.MessageReceived(1, new org.btcpeer.wire.message.PingMessage(1), 32, java.time.Instant.EPOCH);
        for (int i = 0; i < 3; i++) {
            q.putMessage(m);
        }
        AtomicBoolean fourthQueued = new AtomicBoolean();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                q.putMessage(m);
                fourthQueued.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // Parked (or, if putMessage did not block, finished): no late event can change the answer.
        org.btcpeer.peer.PeerTest.awaitUntil(() -> reader.getState() == Thread.State.WAITING
                || reader.getState() == Thread.State.TERMINATED);
        assertFalse(fourthQueued.get(), "the peer's reader waits: backpressure");
        assertTrue(q.offerLifecycle(new ConnectionEvent.Stopped()), "the reserved slot takes a lifecycle event");
        assertFalse(q.offerLifecycle(new ConnectionEvent.Stopped()), "a full queue drops a lifecycle event ...");
        assertEquals(1, q.droppedCount(), "... and counts it");
        assertEquals(m, q.take());
        assertEquals(m, q.take(), "two taken: the message share has room again");
        reader.join(2_000);
        assertTrue(fourthQueued.get());
        assertEquals(3, q.size());
        Thread blocked = Thread.ofVirtual().start(() -> {
            try {
                q.putMessage(m);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        q.close();
        blocked.join(2_000);
        assertFalse(blocked.isAlive(), "close releases waiting readers");
        assertEquals(2, q.droppedCount());
        assertTrue(q.poll(Duration.ofMillis(10)).isPresent(), "the consumer still drains");
    }
}
