package org.btcpeer.peer.addr;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.btcpeer.peer.ManualClock;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkId;
import org.junit.jupiter.api.Test;

import static org.btcpeer.peer.addr.AddressBookTest.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Core's per-connection address rules: shuffle before the rate limit, the getaddr response cache, what may be relayed. */
class AddrExchangeTest {

    private final ManualClock clock = new ManualClock();

    private AddressBook book() {
        return new AddressBook(AddressBookConfig.builder().capacity(20_000).time(clock).random(new SplittableRandom(7)).build());
    }

    private AddrExchange exchange(AddressBook book, AddrResponseCache cache, NetAddress peer, long seed) {
        return new AddrExchange(book, peer, true, clock, new SplittableRandom(seed), cache,
                AddrResponseCache.Key.of(peer, Optional.of(new InetSocketAddress("20.0.0.1", 8333))));
    }

    private AddressRecord fresh(int i) {
        return new AddressRecord(clock.now().getEpochSecond(), AddressBook.ASSUMED_SERVICES, ip(i));
    }

    @Test
    void aMessageIsShuffledBeforeTheRateLimitKeepsItsFirstEntries() {
        AddressBook book = book();
        AddrResponseCache cache = new AddrResponseCache(book, clock, new SplittableRandom(1));
        List<AddressRecord> message = IntStream.range(0, 10).mapToObj(this::fresh).toList();
        int[] keptAt = new int[10];
        for (int c = 0; c < 300; c++) {
            AddrExchange x = exchange(book, cache, ip(50_000 + c), c); // a new connection: one token
            List<AddressRecord> kept = x.onAddresses(message).toRelay();
            assertEquals(1, kept.size());
            keptAt[message.indexOf(kept.get(0))]++;
        }
        for (int i = 0; i < 10; i++) {
            assertTrue(keptAt[i] > 10 && keptAt[i] < 60, "position " + i + " kept " + keptAt[i] + " times in 300 (about 30 expected)");
        }
    }

    @Test
    void getAddrIsAnsweredFromOneCachedSamplePerLocalSocketAndNetworkFor21To27Hours() {
        AddressBook book = book();
        for (int i = 0; i < 1000; i++) {
            book.addUser(ip(i));
        }
        AddrResponseCache cache = new AddrResponseCache(book, clock, new SplittableRandom(1));
        List<AddressRecord> first = exchange(book, cache, ip(90_000), 1).onGetAddr().orElseThrow();
        assertEquals(230, first.size(), "23% of the book");
        Set<NetAddress> seen = new HashSet<>();
        for (int c = 0; c < 100; c++) { // a scraper reconnecting from 100 addresses
            List<AddressRecord> again = exchange(book, cache, ip(90_001 + c), c).onGetAddr().orElseThrow();
            assertTrue(first.equals(again), "the cached answer, not a fresh draw");
            again.forEach(r -> seen.add(r.address()));
        }
        assertEquals(230, seen.size(), "reconnecting shows nothing more of the book");

        NetAddress sameNetworkOtherSocket = ip(90_500);
        AddrExchange otherSocket = new AddrExchange(book, sameNetworkOtherSocket, true, clock, new SplittableRandom(2), cache,
                AddrResponseCache.Key.of(sameNetworkOtherSocket, Optional.of(new InetSocketAddress("20.0.0.1", 18333))));
        assertNotEquals(first, otherSocket.onGetAddr().orElseThrow(), "another listening socket has its own sample");
        NetAddress ipv6 = new NetAddress(NetworkId.IPV6, ByteString.wrap(new byte[]{0x2a, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5}), 8333);
        AddrExchange otherNetwork = new AddrExchange(book, ipv6, true, clock, new SplittableRandom(3), cache,
                AddrResponseCache.Key.of(ipv6, Optional.of(new InetSocketAddress("20.0.0.1", 8333))));
        assertNotEquals(first, otherNetwork.onGetAddr().orElseThrow(), "another network has its own sample");
        assertEquals(3, cache.size());

        clock.advance(Duration.ofHours(21).minusSeconds(1));
        assertEquals(first, exchange(book, cache, ip(91_000), 9).onGetAddr().orElseThrow(), "alive for at least 21 h");
        clock.advance(Duration.ofHours(6).plusSeconds(2));
        assertNotEquals(first, exchange(book, cache, ip(91_001), 9).onGetAddr().orElseThrow(), "renewed within 27 h");
    }

    @Test
    void onlyFreshRoutableAddressesFromSmallUnsolicitedMessagesQualifyForRelay() {
        AddressBook book = book();
        AddrResponseCache cache = new AddrResponseCache(book, clock, new SplittableRandom(1));
        AddrExchange x = exchange(book, cache, ip(70_000), 1);
        clock.advance(Duration.ofHours(3)); // the bucket refills to its 1,000 tokens
        long now = clock.now().getEpochSecond();
        NetAddress privateIp = new NetAddress(NetworkId.IPV4, ByteString.wrap(new byte[]{10, 0, 0, 1}), 8333);
        record Case(String what, List<AddressRecord> message, int relayed) {
        }
        List<Case> table = List.of(
                new Case("ten fresh", IntStream.range(0, 10).mapToObj(this::fresh).toList(), 10),
                new Case("eleven: too many (Core: vAddr.size() <= 10)", IntStream.range(10, 21).mapToObj(this::fresh).toList(), 0),
                new Case("9 min 59 s old", List.of(new AddressRecord(now - 599, AddressBook.ASSUMED_SERVICES, ip(30))), 1),
                new Case("10 min old", List.of(new AddressRecord(now - 600, AddressBook.ASSUMED_SERVICES, ip(31))), 0),
                new Case("10 min ahead", List.of(new AddressRecord(now + 600, AddressBook.ASSUMED_SERVICES, ip(32))), 1),
                new Case("more than 10 min ahead: becomes 5 days old", List.of(new AddressRecord(now + 601, AddressBook.ASSUMED_SERVICES, ip(33))), 0),
                new Case("not routable", List.of(new AddressRecord(now, AddressBook.ASSUMED_SERVICES, privateIp)), 0));
        for (Case c : table) {
            assertEquals(c.relayed, x.onAddresses(c.message).toRelay().size(), c.what);
        }

        AddrExchange asked = exchange(book, cache, ip(70_001), 2);
        asked.getAddrSent();
        assertEquals(0, asked.onAddresses(List.of(fresh(40))).toRelay().size(), "the answer to our getaddr is not relayed");
        assertEquals(1, asked.onAddresses(List.of(fresh(41))).toRelay().size(),
                "a message shorter than 1,000 ended the wait for the answer (Core's m_getaddr_sent)");
    }

    @Test
    void aPeerWithTheAddrPermissionGetsAFreshSampleAndIsNotRateLimited() {
        AddressBook book = book();
        for (int i = 0; i < 1000; i++) {
            book.addUser(ip(i));
        }
        AddrResponseCache cache = new AddrResponseCache(book, clock, new SplittableRandom(1));
        List<AddressRecord> cached = exchange(book, cache, ip(90_000), 1).onGetAddr().orElseThrow();
        NetAddress whitelisted = ip(95_000);
        AddrExchange x = new AddrExchange(book, whitelisted, true, clock, new SplittableRandom(4), cache,
                AddrResponseCache.Key.of(whitelisted, Optional.of(new InetSocketAddress("20.0.0.1", 8333))), true);
        List<AddressRecord> fresh = x.onGetAddr().orElseThrow();
        assertEquals(230, fresh.size());
        assertNotEquals(cached, fresh, "Core's GetAddressesUnsafe, not the cache");
        assertEquals(Optional.empty(), x.onGetAddr(), "still one answer per connection");
        List<AddressRecord> message = IntStream.range(2_000, 2_010).mapToObj(this::fresh).toList();
        assertEquals(10, x.onAddresses(message).processed(), "no token bucket for an addr-permission peer");
        assertEquals(1, exchange(book, cache, ip(95_001), 5).onAddresses(message).processed(), "one token otherwise");
    }
}
