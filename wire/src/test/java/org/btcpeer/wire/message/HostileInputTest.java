package org.btcpeer.wire.message;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireException.Rule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.btcpeer.wire.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Short payloads announcing huge counts or lengths: each fails with the typed error and allocates nothing sized by the count. */
class HostileInputTest {

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
        WireException e = assertThrows(WireException.class,
                () -> Command.byName(command).orElseThrow().decode(hex(payload)));
        assertEquals(rule, e.rule(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(command, e.command());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"version", "addr", "addrv2", "inv", "getheaders", "reject", "filterload", "cfcheckpt", "ping",
            "headers", "block", "tx", "cmpctblock", "getblocktxn", "blocktxn", "merkleblock"})
    void everyOneAndTwoByteInputIsATypedError(String command) {
        // Exhaustive over all 1- and 2-byte payloads: none may escape with anything but WireException.
        Command c = Command.byName(command).orElseThrow();
        for (int a = 0; a < 256; a++) {
            check(c, new byte[]{(byte) a});
            for (int b = 0; b < 256; b++) {
                check(c, new byte[]{(byte) a, (byte) b});
            }
        }
    }

    private static void check(Command c, byte[] payload) {
        try {
            c.decode(ByteString.wrap(payload));
        } catch (WireException expected) {
            // the only allowed failure
        }
    }
}
