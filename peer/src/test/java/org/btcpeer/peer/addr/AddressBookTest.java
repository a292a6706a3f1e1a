package org.btcpeer.peer.addr;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import org.btcpeer.peer.ManualClock;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkId;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The address book with an injected clock and a seeded random: ingest, selection, eviction, getaddr, persistence. */
class AddressBookTest {

    private static final ServiceFlags FULL = AddressBook.ASSUMED_SERVICES;

    private final ManualClock clock = new ManualClock();

    @TempDir
    Path dir;

    private AddressBook book(int capacity, boolean allowNonRoutable) {
        return new AddressBook(AddressBookConfig.builder().capacity(capacity).allowNonRoutable(allowNonRoutable)
                .time(clock).random(new SplittableRandom(7)).build());
    }

    /** A routable IPv4 address 20.x.y.z:8333 from an index. */
    static NetAddress ip(int i) {
        return new NetAddress(NetworkId.IPV4, ByteString.wrap(new byte[]{20, (byte) (i >> 16), (byte) (i >> 8), (byte) i}), 8333);
    }

    private AddressRecord record(int i) {
        return new AddressRecord(clock.now().getEpochSecond(), FULL, ip(i));
    }

    @Test
    void peersAddressesAreKeptWithSourceAndPenalisedTime() {
        AddressBook book = book(100, false);
        NetAddress from = ip(999);
        long future = clock.now().plus(Duration.ofHours(1)).getEpochSecond();
        List<AddressRecord> in = List.of(record(1), new AddressRecord(future, FULL, ip(2)),
                new AddressRecord(1, FULL, NetAddress.of(new InetSocketAddress("127.0.0.1", 8333))),
                new AddressRecord(1, FULL, NetAddress.of(new InetSocketAddress("192.168.1.5", 8333))));
        assertEquals(2, book.addFromPeer(in, from), "loopback and private addresses are not routable");
        KnownAddress a = book.get(ip(1)).orElseThrow();
        assertEquals(AddressSource.PEER, a.source());
        assertEquals(Optional.of(from), a.sourcePeer());
        assertEquals(clock.now().minus(Duration.ofHours(2)).getEpochSecond(), a.lastSeen().getEpochSecond(), "Core's 2 h penalty");
        assertEquals(clock.now().minus(Duration.ofDays(5)).minus(Duration.ofHours(2)).getEpochSecond(),
                book.get(ip(2)).orElseThrow().lastSeen().getEpochSecond(), "a time in the future becomes 5 days ago");
        assertEquals(3, book(100, true).addFromPeer(in.subList(0, 3), from), "allowed when configured (local test networks)");
    }

    @Test
    void getAddrAnswerIs23PercentAtMostAThousandRandomAndDistinct() {
        AddressBook small = book(20_000, false);
        for (int i = 0; i < 100; i++) {
            small.addUser(ip(i));
        }
        List<AddressRecord> answer = small.getAddrAnswer();
        assertEquals(23, answer.size());
        assertEquals(23, answer.stream().map(AddressRecord::address).distinct().count());
        assertFalse(answer.equals(small.getAddrAnswer()), "random each time");

        AddressBook big = book(20_000, false);
        for (int i = 0; i < 10_000; i++) {
            big.addUser(ip(i));
        }
        assertEquals(1000, big.getAddrAnswer().size(), "MAX_ADDR_TO_SEND");
    }

    @Test
    void getAddrAnswerSkipsTerribleAddresses() {
        AddressBook book = book(1000, false);
        for (int i = 0; i < 100; i++) {
            book.addUser(ip(i));
        }
        for (int i = 0; i < 100; i++) {
            for (int k = 0; k < 3; k++) {
                book.markAttempt(ip(i)); // 3 failures, never a success: terrible (ADDRMAN_RETRIES)
            }
        }
        clock.advance(Duration.ofMinutes(2));
        assertTrue(book.getAddrAnswer().isEmpty());
    }

    private AddrExchange exchange(AddressBook book, AddrResponseCache cache, NetAddress peer, boolean inbound) {
        return new AddrExchange(book, peer, inbound, clock, new SplittableRandom(3), cache,
                AddrResponseCache.Key.of(peer, Optional.empty()));
    }

    @Test
    void exchangeAnswersGetAddrOncePerInboundConnectionAndRateLimitsAddr() {
        AddressBook book = book(1000, false);
        for (int i = 0; i < 100; i++) {
            book.addUser(ip(i));
        }
        AddrResponseCache cache = new AddrResponseCache(book, clock, new SplittableRandom(5));
        AddrExchange inbound = exchange(book, cache, ip(5000), true);
        assertEquals(23, inbound.onGetAddr().orElseThrow().size());
        assertTrue(inbound.onGetAddr().isEmpty(), "once per connection (Core's m_getaddr_recvd)");
        assertTrue(exchange(book, cache, ip(5001), false).onGetAddr().isEmpty(), "outbound peers get no answer");
        assertEquals(23, exchange(book, cache, ip(5002), true).onGetAddr().orElseThrow().size(), "a new connection is answered");

        List<AddressRecord> unsolicited = java.util.stream.IntStream.range(1000, 1010).mapToObj(this::record).toList();
        assertEquals(1, inbound.onAddresses(unsolicited).processed(), "one token at start");
        assertEquals(9, inbound.rateLimitedCount());
        AddrExchange outbound = exchange(book, cache, ip(5003), false);
        outbound.getAddrSent();
        List<AddressRecord> answer = java.util.stream.IntStream.range(2000, 3000).mapToObj(this::record).toList();
        assertEquals(1000, outbound.onAddresses(answer).added(), "the getaddr answer is processed in full");
    }

    @Test
    void selectionFavoursTriedAddressesAndRequiresServices() {
        AddressBook book = book(1000, false);
        for (int i = 0; i < 99; i++) {
            book.addUser(ip(i));
        }
        book.addUser(ip(99));
        book.markGood(ip(99), FULL);
        book.addUser(ip(500), ServiceFlags.of(ServiceFlags.NODE_NETWORK_LIMITED));
        int tried = 0;
        for (int n = 0; n < 1000; n++) {
            NetAddress a = book.select(FULL, x -> true).orElseThrow().address();
            assertFalse(a.equals(ip(500)), "lacks the required services");
            if (a.equals(ip(99))) {
                tried++;
            }
        }
        assertTrue(tried > 400 && tried < 600, "one tried address among 100 is picked about half the time: " + tried);
        assertEquals(Optional.empty(), book.select(FULL, x -> false));
        assertEquals(ip(500), book.select(ServiceFlags.of(ServiceFlags.NODE_NETWORK_LIMITED), x -> true).orElseThrow().address(),
                "the only one with NETWORK_LIMITED");
    }

    @Test
    void recentlyAttemptedAndFailingAddressesAreRarelyPicked() {
        AddressBook book = book(1000, false);
        book.addUser(ip(1));
        book.addUser(ip(2));
        book.markAttempt(ip(1));
        book.markAttempt(ip(1));
        int first = 0;
        for (int n = 0; n < 1000; n++) {
            if (book.select(FULL, x -> true).orElseThrow().address().equals(ip(1))) {
                first++;
            }
        }
        assertTrue(first < 30, "chance 0.01 × 0.66² against 1: " + first);
    }

    @Test
    void boundedWithEvictionOfUntriedBeforeTried() {
        AddressBook book = book(10, false);
        for (int i = 0; i < 3; i++) {
            book.addUser(ip(i));
            book.markGood(ip(i), FULL);
        }
        for (int i = 3; i < 200; i++) {
            book.addUser(ip(i));
        }
        assertEquals(10, book.size());
        assertEquals(190, book.evictedCount());
        for (int i = 0; i < 3; i++) {
            assertTrue(book.get(ip(i)).isPresent(), "tried address " + i + " survives");
        }
    }

    @Test
    void dnsSeedsAreResolvedThroughTheResolver() throws IOException {
        AddressBook book = book(1000, false);
        List<String> seeds = NetworkParameters.MAINNET.dnsSeeds();
        SeedResolver resolver = Mockito.mock(SeedResolver.class);
        Mockito.when(resolver.resolve(ArgumentMatchers.anyString())).thenThrow(new UnknownHostException("no such seed"));
        Mockito.doReturn(List.of(InetAddress.getByAddress(new byte[]{30, 1, 2, 3}), InetAddress.getByAddress(new byte[]{30, 1, 2, 4})))
                .when(resolver).resolve(seeds.get(0));
        int added = book.addDnsSeeds(NetworkParameters.MAINNET, resolver);
        assertEquals(2, added);
        for (String seed : seeds) {
            Mockito.verify(resolver, Mockito.times(1).description("a failed seed does not stop the others")).resolve(seed);
        }
        Mockito.verifyNoMoreInteractions(resolver);
        KnownAddress k = book.get(NetAddress.of(new InetSocketAddress("30.1.2.3", 8333))).orElseThrow();
        assertEquals(AddressSource.DNS_SEED, k.source());
        assertEquals(FULL, k.services());
        Duration age = Duration.between(k.lastSeen(), clock.now());
        assertTrue(age.compareTo(Duration.ofDays(3)) >= 0 && age.compareTo(Duration.ofDays(7)) <= 0, age.toString());
    }

    @Test
    void persistenceRoundTrip() throws IOException {
        AddressBook book = book(1000, true);
        for (int i = 0; i < 50; i++) {
            book.addUser(ip(i));
        }
        byte[] key = new byte[32];
        key[0] = 9;
        NetAddress onion = new NetAddress(NetworkId.TORV3, ByteString.wrap(key), 8333);
        book.addFromPeer(List.of(new AddressRecord(clock.now().getEpochSecond(), FULL, onion)), ip(1));
        book.markGood(ip(3), ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_P2P_V2));
        book.markAttempt(ip(4));
        Path file = dir.resolve("sub/peers.txt");
        book.save(file);
        book.save(file); // replaces atomically
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
        AddressBook loaded = book(1000, true);
        AddressBookFile.LoadResult r = loaded.load(file);
        assertEquals(Optional.empty(), r.problem());
        assertEquals(51, loaded.size());
        assertEquals(new HashSet<>(book.snapshot()), new HashSet<>(loaded.snapshot()));
        assertTrue(loaded.get(ip(3)).orElseThrow().tried());
        assertEquals(1, loaded.get(ip(4)).orElseThrow().attempts());
        assertEquals(Optional.of(ip(1)), loaded.get(onion).orElseThrow().sourcePeer());
    }

    @Test
    void aCorruptFileIsReportedAndIgnored() throws IOException {
        AddressBook book = book(1000, false);
        for (int i = 0; i < 20; i++) {
            book.addUser(ip(i));
        }
        Path file = dir.resolve("peers.txt");
        book.save(file);
        String good = Files.readString(file);

        Set<String> problems = new HashSet<>();
        for (String corrupt : new String[]{
                good.substring(0, good.length() / 2),                                  // truncated
                good.replaceFirst(" 8333 ", " 8334 "),                                  // edited: checksum
                "hello\n",                                                              // not a book
                "",                                                                     // empty
                good.replace("btcpeer-addressbook 1", "btcpeer-addressbook 9"),         // header (and checksum)
        }) {
            Files.writeString(file, corrupt, StandardCharsets.UTF_8);
            AddressBook fresh = book(1000, false);
            fresh.addUser(ip(500));
            AddressBookFile.LoadResult r = fresh.load(file);
            assertTrue(r.problem().isPresent(), "reported: " + corrupt.length());
            problems.add(r.problem().get());
            assertEquals(1, fresh.size(), "nothing loaded, nothing lost");
        }
        assertTrue(problems.stream().anyMatch(p -> p.contains("checksum")), problems.toString());
        Files.write(file, new byte[]{(byte) 0xff, 0, 1, 2});
        assertTrue(AddressBookFile.read(file).problem().isPresent(), "binary junk");
        assertEquals(Optional.empty(), AddressBookFile.read(dir.resolve("missing")).problem(), "a missing file is an empty book");
        assertTrue(AddressBookFile.read(dir).problem().isPresent(), "a directory is reported, not thrown");
    }

    @Test
    void terribleRulesFollowCore() {
        Instant now = clock.now();
        KnownAddress fresh = new KnownAddress(ip(1), FULL, now, AddressSource.USER, Optional.empty(), Optional.empty(), Optional.empty(), 0);
        assertFalse(AddressBook.isTerrible(fresh, now));
        assertTrue(AddressBook.isTerrible(new KnownAddress(ip(1), FULL, now.minus(Duration.ofDays(31)), AddressSource.USER,
                Optional.empty(), Optional.empty(), Optional.empty(), 0), now), "older than ADDRMAN_HORIZON");
        assertTrue(AddressBook.isTerrible(new KnownAddress(ip(1), FULL, now, AddressSource.USER, Optional.empty(),
                Optional.of(now.minus(Duration.ofDays(1))), Optional.of(now.minus(Duration.ofDays(8))), 10), now), "ADDRMAN_MAX_FAILURES");
        assertFalse(AddressBook.isTerrible(new KnownAddress(ip(1), FULL, now, AddressSource.USER, Optional.empty(),
                Optional.of(now.minusSeconds(30)), Optional.empty(), 5), now), "tried in the last minute");
    }
}
