package org.btcpeer.peer.addr;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.btcpeer.peer.ManualClock;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkId;
import org.btcpeer.wire.ServiceFlags;
import org.junit.jupiter.api.Test;

import static org.btcpeer.peer.addr.AddressBookTest.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Core's {@code RelayAddress} destination choice and {@code MaybeSendAddr} timing, on a manual clock. */
class AddrRelayTest {

    private final ManualClock clock = new ManualClock();

    /** Every exponential draw equals its mean (u = 1 - 1/e), every index draw is 0. */
    private static RandomGenerator meanDelays() {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0x5DEECE66DL;
            }

            @Override
            public double nextDouble() {
                return 1 - Math.exp(-1);
            }

            @Override
            public int nextInt(int bound) {
                return 0;
            }
        };
    }

    private AddrOutbox outbox(boolean addrV2) {
        return new AddrOutbox(clock, meanDelays(), () -> addrV2, Optional.empty(), ServiceFlags.NONE);
    }

    private AddressRecord record(NetAddress a) {
        return new AddressRecord(clock.now().getEpochSecond(), AddressBook.ASSUMED_SERVICES, a);
    }

    private static NetAddress onion(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        b[1] = (byte) (i >> 8);
        return new NetAddress(NetworkId.TORV3, ByteString.wrap(b), 8333);
    }

    @Test
    void eachAddressGoesToTwoPeersChosenStablyForTheDayNeverBackToItsSender() {
        AddrRelay relay = new AddrRelay(clock, new SplittableRandom(11), a -> true);
        for (long id = 1; id <= 10; id++) {
            relay.add(id, outbox(true));
        }
        Set<List<Long>> choices = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            List<Long> chosen = relay.relay(1, record(ip(i)));
            assertEquals(2, chosen.size(), "two peers (Core's RelayAddress, reachable network)");
            assertFalse(chosen.contains(1L), "never the originator");
            assertEquals(chosen, relay.relay(1, record(ip(i))), "the same peers again within the epoch");
            List<Long> fromOutside = relay.relay(99, record(ip(i))); // 99: not a registered peer
            if (!fromOutside.contains(1L)) {
                assertEquals(fromOutside, chosen, "the choice does not depend on who sent it");
            } else {
                assertTrue(chosen.contains(fromOutside.get(fromOutside.get(0) == 1L ? 1 : 0)), "only the sender is skipped");
            }
            choices.add(chosen);
        }
        assertTrue(choices.size() > 5, "different addresses go to different peers: " + choices.size());

        int changed = 0;
        List<List<Long>> before = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            before.add(relay.relay(1, record(ip(i))));
        }
        clock.advance(Duration.ofHours(24));
        for (int i = 0; i < 20; i++) {
            if (!before.get(i).equals(relay.relay(1, record(ip(i))))) {
                changed++;
            }
        }
        assertTrue(changed > 10, "a new 24 h epoch chooses again: " + changed + " of 20 changed");
    }

    @Test
    void anUnreachableNetworkGoesToOneOrTwoPeersAndOnlyToPeersThatCanDecodeIt() {
        AddrRelay relay = new AddrRelay(clock, new SplittableRandom(12), a -> a.network() != NetworkId.TORV3);
        for (long id = 1; id <= 6; id++) {
            relay.add(id, outbox(id != 6)); // peer 6 did not send sendaddrv2
        }
        int ones = 0;
        for (int i = 0; i < 40; i++) {
            List<Long> chosen = relay.relay(1, record(onion(i)));
            assertTrue(chosen.size() == 1 || chosen.size() == 2, chosen.toString());
            assertFalse(chosen.contains(6L), "an addr-only peer cannot take an onion address");
            ones += chosen.size() == 1 ? 1 : 0;
        }
        assertTrue(ones > 5 && ones < 35, "about half go to one peer: " + ones + " of 40");

        relay.remove(2);
        relay.remove(3);
        relay.remove(4);
        relay.remove(5);
        assertEquals(List.of(), relay.relay(1, record(onion(1))), "no compatible peer left but the sender");
        assertEquals(List.of(6L), relay.relay(1, record(ip(1))), "IPv4 still reaches peer 6");
    }

    @Test
    void theOutboxSendsOnAThirtySecondPoissonTimerAndStaysBounded() {
        AddrOutbox box = outbox(false);
        assertEquals(AddrOutbox.Batch.EMPTY, box.poll(), "nothing queued: the first timer fires empty");
        box.push(record(ip(1)));
        box.push(record(onion(1)));
        assertEquals(1, box.queued(), "an onion address is not queued for an addr-only peer");
        clock.advance(Duration.ofSeconds(29));
        assertEquals(AddrOutbox.Batch.EMPTY, box.poll(), "the timer (mean 30 s) has not fired");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(List.of(record(ip(1)).address()), box.poll().addresses().stream().map(AddressRecord::address).toList());
        for (int i = 0; i < 1001; i++) {
            box.push(record(ip(100 + i)));
        }
        assertEquals(AddrOutbox.MAX_ADDR_TO_SEND, box.queued(), "bounded by MAX_ADDR_TO_SEND; the newest replaced a queued one");
    }

    @Test
    void ourAddressIsAdvertisedAtOnceThenAboutDaily() {
        NetAddress self = ip(4242);
        ServiceFlags services = ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_P2P_V2);
        AddrOutbox box = new AddrOutbox(clock, meanDelays(), () -> true, Optional.of(self), services);
        AddrOutbox.Batch first = box.poll();
        assertEquals(List.of(new AddressRecord(clock.now().getEpochSecond(), services, self)), first.addresses(),
                "right after the handshake, with a fresh timestamp and our services");
        assertEquals(Optional.of(self), first.forgetKnown(), "the peer's known filter must let it through");
        clock.advance(Duration.ofHours(23));
        box.push(record(ip(1)));
        AddrOutbox.Batch later = box.poll();
        assertEquals(List.of(ip(1)), later.addresses().stream().map(AddressRecord::address).toList(), "not before the day's timer");
        assertEquals(Optional.empty(), later.forgetKnown());
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertEquals(List.of(self), box.poll().addresses().stream().map(AddressRecord::address).toList(), "about a day later");
        AddrOutbox silent = new AddrOutbox(clock, meanDelays(), () -> true, Optional.empty(), services);
        assertEquals(AddrOutbox.Batch.EMPTY, silent.poll(), "not listening: no self-advertisement");
    }
}
