package org.btcpeer.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class DemoCommandTest {

    @Test
    void demoVerifiesEverythingAndExitsZero() {
        Cli.Run r = Cli.run("demo");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("all verified"), r.out());
        assertTrue(r.out().contains("blocks       300 (merkle roots valid)"), r.out());
        assertTrue(r.out().contains("transport    v2"), "the demo connects over BIP-324 v2 by default: " + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s*session id\\s+[0-9a-f]{64}")), r.out());
    }

    @Test
    void demoJsonIsOneObject() {
        Cli.Run r = Cli.run("demo", "--blocks", "2100", "--window", "128", "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        assertEquals("true", r.field("verified"));
        assertEquals("2100", r.field("blocks"));
        assertEquals("2100", r.field("headers"));
        assertEquals("3", r.field("announcements_received"));
        assertTrue(Long.parseLong(r.field("bytes")) > 2100 * 100);
    }

    @Test
    void demoOverV1AlsoVerifies() {
        Cli.Run r = Cli.run("demo", "--transport", "v1", "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals("v1", r.field("transport"));
        assertEquals("true", r.field("verified"));
    }
}
