package org.btcpeer.wire.message;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireException.Rule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.btcpeer.wire.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Short payloads announcing huge counts or lengths: each fails with the typed error, and the decode
 * allocates less than {@link #ALLOCATION_BOUND} on its thread (measured with
 * {@code com.sun.management.ThreadMXBean}), so nothing is sized by the count. Every 1- and 2-byte
 * payload either fails with a typed error or decodes to a message that re-encodes to exactly the
 * bytes it consumed.
 */
class HostileInputTest {

    /** Far below any allocation sized by the counts below (50,000 inventory entries are 1.8 MB). */
    static final long ALLOCATION_BOUND = 16 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "{0} {1} -> {2} at {3}")
    @CsvSource({
            // command,   payload,                                  rule,          field
            "inv,         ffffffffffffffffff00,                     OVER_CAP,      count",
            "inv,         feffffffff0000000000,                     OVER_CAP,      count",
            "inv,         fd51c30000,                               OVER_CAP,      count",        // 50,001 > MAX_INV_SZ
            "inv,         fd50c30000,                               TRUNCATED,     count",        // 50,000 entries need 1.8 MB
            "getdata,     fd0100,                                   NON_CANONICAL, count",
            "notfound,    fdffff00,                                 OVER_CAP,      count",
            "addr,        fde90300,                                 OVER_CAP,      count",        // 1,001 > MAX_ADDR_TO_SEND
            "addr,        fde803000000,                             TRUNCATED,     count",
            "addrv2,      fde8030000,                               TRUNCATED,     count",
            "addrv2,      01000000000007fe00001000,                 OVER_CAP,      address",      // address length 1 MiB
            "getheaders,  7f11010066,                               OVER_CAP,      locator count",// 102 > MAX_LOCATOR_SZ
            "getblocks,   7f110100ff0000000000000001,               OVER_CAP,      locator count",
            "filterload,  fda18c00,                                 OVER_CAP,      filter",       // 36,001 bytes
            "filteradd,   fd0902,                                   OVER_CAP,      element",      // 521 bytes
            "cfheaders,   00,                                       TRUNCATED,     stop hash",
            "reject,      0d,                                       OVER_CAP,      message",      // command longer than 12
            "cfilter,     00" + "0000000000000000000000000000000000000000000000000000000000000000" + "feffffff01, OVER_CAP, filter",
    })
    void hugeCountsFailWithoutAllocating(String command, String payload, Rule rule, String field) {
        Command c = Command.byName(command).orElseThrow();
        ByteString bytes = hex(payload);
        assertThrows(WireException.class, () -> c.decode(bytes)); // warm-up: class loading is not the decoder's
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled(),
                "this JVM measures per-thread allocation");
        long tid = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        WireException e = null;
        try {
            c.decode(bytes);
        } catch (WireException thrown) {
            e = thrown;
        }
        long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
        assertNotNull(e, "decoded instead of failing");
        assertTrue(allocated < ALLOCATION_BOUND, command + " " + payload + " allocated " + allocated + " bytes");
        assertEquals(rule, e.rule(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(command, e.command());
    }

    /**
     * Exhaustive over all 65,792 payloads of 1 and 2 bytes: each is a typed error naming the
     * command, or decodes to a message whose own encoding is exactly the bytes it consumed (the
     * rest counted as trailing). The decodable inputs are exactly those expected: a count-first
     * message with count 0 (first byte 00: 1 one-byte and 256 two-byte inputs); nothing else fits.
     */
    @ParameterizedTest(name = "{0}: {1} decode")
    @CsvSource({"version, 0", "addr, 257", "addrv2, 257", "inv, 257", "getheaders, 0", "reject, 0", "filterload, 0",
            "cfcheckpt, 0", "ping, 0", "headers, 257", "block, 0", "tx, 0", "cmpctblock, 0", "getblocktxn, 0",
            "blocktxn, 0", "merkleblock, 0"})
    void everyOneAndTwoByteInputIsATypedErrorOrAnExactDecode(String command, int expectedDecodes) {
        Command c = Command.byName(command).orElseThrow();
        int decodes = 0;
        for (int a = 0; a < 256; a++) {
            decodes += check(c, new byte[]{(byte) a});
            for (int b = 0; b < 256; b++) {
                decodes += check(c, new byte[]{(byte) a, (byte) b});
            }
        }
        assertEquals(expectedDecodes, decodes, command + ": inputs that decode");
    }

    /** 1 if {@code payload} decodes (checked exactly), 0 if it is a typed error. */
    private static int check(Command c, byte[] payload) {
        ByteString bytes = ByteString.wrap(payload);
        DecodedPayload d;
        try {
            d = c.decodePayload(bytes);
        } catch (WireException e) {
            assertEquals(c.wireName(), e.command(), e.getMessage());
            assertNotNull(e.rule(), e.getMessage());
            return 0;
        }
        assertEquals(payload.length - d.trailingBytes(), d.message().payload().size(), bytes.hex());
        assertEquals(bytes.slice(0, payload.length - d.trailingBytes()), d.message().payload(), bytes.hex());
        return 1;
    }
}
