package org.btcpeer.peer.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BanListTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));
    private final InstantSource clock = () -> now.get();

    @TempDir
    Path dir;

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void subnetsMatchByPrefix() throws Exception {
        Object[][] table = {
                {"10.1.0.0/16", "10.1.255.3", true},
                {"10.1.0.0/16", "10.2.0.1", false},
                {"10.1.2.3/16", "10.1.9.9", true}, // host bits cleared
                {"192.0.2.7", "192.0.2.7", true},
                {"192.0.2.7", "192.0.2.8", false},
                {"0.0.0.0/0", "203.0.113.1", true},
                {"0.0.0.0/0", "2001:db8::1", false}, // other family
                {"2001:db8::/32", "2001:db8:ffff::1", true},
                {"2001:db8::/32", "2001:db9::1", false},
        };
        for (Object[] row : table) {
            BannedSubnet b = BannedSubnet.parse((String) row[0], Instant.MAX);
            assertEquals(row[2], b.contains(ip((String) row[1])), row[0] + " contains " + row[1]);
        }
        assertEquals("10.1.0.0/16", BannedSubnet.parse("10.1.2.3/16", Instant.MAX).subnet());
        for (String bad : List.of("", "example.com", "10.0.0.0/33", "::/129", "10.0.0.0/x", "10.0.0.0/-1")) {
            assertThrows(IllegalArgumentException.class, () -> BannedSubnet.parse(bad, Instant.MAX), bad);
        }
    }

    @Test
    void banUnbanListAndExpiryOnTheInjectedClock() throws Exception {
        BanList list = BanList.inMemory(clock);
        list.ban("10.1.0.0/16", Duration.ofHours(1));
        list.ban("192.0.2.7", Duration.ofHours(2));
        assertTrue(list.isBanned(ip("10.1.3.4")));
        assertEquals(List.of("10.1.0.0/16", "192.0.2.7/32"), list.list().stream().map(BannedSubnet::subnet).toList());

        now.set(now.get().plus(Duration.ofHours(1)).minusSeconds(1));
        assertTrue(list.isBanned(ip("10.1.3.4")));
        now.set(now.get().plusSeconds(1)); // until is exclusive, as Core's now < nBanUntil
        assertFalse(list.isBanned(ip("10.1.3.4")));
        assertEquals(List.of("192.0.2.7/32"), list.list().stream().map(BannedSubnet::subnet).toList());

        assertTrue(list.unban("192.0.2.7"));
        assertFalse(list.unban("192.0.2.7"));
        assertFalse(list.isBanned(ip("192.0.2.7")));
        assertThrows(IllegalArgumentException.class, () -> list.ban("10.0.0.1", Duration.ZERO));
    }

    @Test
    void bansSurviveARestartAndExpireAcrossIt() throws Exception {
        Path file = dir.resolve("bans.txt");
        BanList first = BanList.persistent(file, clock);
        first.ban("10.1.0.0/16", Duration.ofHours(1));
        first.ban("2001:db8::/32", Duration.ofDays(1));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }

        BanList second = BanList.persistent(file, clock);
        assertTrue(second.loadProblem().isEmpty());
        assertTrue(second.isBanned(ip("10.1.0.9")));
        assertTrue(second.isBanned(ip("2001:db8::5")));

        now.set(now.get().plus(Duration.ofHours(2)));
        BanList third = BanList.persistent(file, clock);
        assertFalse(third.isBanned(ip("10.1.0.9")));
        assertEquals(List.of("2001:db8:0:0:0:0:0:0/32"), third.list().stream().map(BannedSubnet::subnet).toList());
    }

    @Test
    void aCorruptFileIsReportedIgnoredAndKeptAside() throws Exception {
        Path file = dir.resolve("bans.txt");
        BanList.persistent(file, clock).ban("10.1.0.0/16", Duration.ofHours(1));
        String good = Files.readString(file);
        List<String> corruptions = List.of(
                good.replace("10.1.0.0/16", "10.1.0.0/17"),            // checksum
                good.substring(0, good.length() / 2),                  // truncated
                good.replace("btcpeer-banlist 1", "something else 1"), // header
                "");
        for (String corrupt : corruptions) {
            Files.writeString(file, corrupt, StandardCharsets.UTF_8);
            BanList list = BanList.persistent(file, clock);
            assertTrue(list.loadProblem().isPresent(), corrupt);
            assertTrue(list.list().isEmpty());
            assertEquals(corrupt, Files.readString(dir.resolve("bans.txt.corrupt")), "nothing lost");
            assertFalse(Files.exists(file));
        }
    }
}
