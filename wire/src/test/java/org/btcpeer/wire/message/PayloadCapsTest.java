package org.btcpeer.wire.message;

import java.util.EnumMap;
import java.util.Map;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-command payload caps (docs/limits.md): the largest encoding of the known fields plus
 * 1 KiB of room for a future extension, at most Core's MAX_PROTOCOL_MESSAGE_LENGTH. The table is
 * written out from the field layouts, not computed by the registry.
 */
class PayloadCapsTest {

    private static final int KIB = 1024;
    private static final int MAX = 4_000_000;

    static final Map<Command, Integer> CAPS = new EnumMap<>(Command.class);

    static {
        CAPS.put(Command.VERSION, MAX);
        CAPS.put(Command.VERACK, KIB);
        CAPS.put(Command.GETADDR, KIB);
        CAPS.put(Command.ADDR, 3 + 1000 * 30 + KIB);            // MAX_ADDR_TO_SEND entries of time, services, ip, port
        CAPS.put(Command.ADDRV2, 3 + 1000 * (4 + 9 + 1 + 3 + 512 + 2) + KIB); // BIP-155 entry: time, services, net, len, addr <= 512, port
        CAPS.put(Command.SENDADDRV2, KIB);
        CAPS.put(Command.INV, 3 + 50_000 * 36 + KIB);           // MAX_INV_SZ entries of 36 bytes
        CAPS.put(Command.GETDATA, 3 + 50_000 * 36 + KIB);
        CAPS.put(Command.NOTFOUND, 3 + 50_000 * 36 + KIB);
        CAPS.put(Command.GETBLOCKS, 4 + 1 + 101 * 32 + 32 + KIB); // version, MAX_LOCATOR_SZ hashes, stop
        CAPS.put(Command.GETHEADERS, 4 + 1 + 101 * 32 + 32 + KIB);
        CAPS.put(Command.HEADERS, 3 + 2000 * (80 + 9) + KIB);     // MAX_HEADERS_RESULTS headers and their tx counts
        CAPS.put(Command.BLOCK, MAX);
        CAPS.put(Command.TX, MAX);
        CAPS.put(Command.MEMPOOL, KIB);
        CAPS.put(Command.PING, 8 + KIB);
        CAPS.put(Command.PONG, 8 + KIB);
        CAPS.put(Command.REJECT, 1 + 12 + 1 + 1 + 111 + 32 + KIB); // command, code, reason <= 111, hash
        CAPS.put(Command.SENDHEADERS, KIB);
        CAPS.put(Command.FEEFILTER, 8 + KIB);
        CAPS.put(Command.SENDCMPCT, 1 + 8 + KIB);
        CAPS.put(Command.CMPCTBLOCK, MAX);
        CAPS.put(Command.GETBLOCKTXN, MAX);
        CAPS.put(Command.BLOCKTXN, MAX);
        CAPS.put(Command.FILTERLOAD, 3 + 36_000 + 4 + 4 + 1 + KIB); // MAX_BLOOM_FILTER_SIZE
        CAPS.put(Command.FILTERADD, 3 + 520 + KIB);                  // MAX_SCRIPT_ELEMENT_SIZE
        CAPS.put(Command.FILTERCLEAR, KIB);
        CAPS.put(Command.MERKLEBLOCK, MAX);
        CAPS.put(Command.GETCFILTERS, 1 + 4 + 32 + KIB);
        CAPS.put(Command.CFILTER, MAX);
        CAPS.put(Command.GETCFHEADERS, 1 + 4 + 32 + KIB);
        CAPS.put(Command.CFHEADERS, 1 + 32 + 32 + 3 + 2000 * 32 + KIB); // MAX_CFHEADERS_SIZE hashes
        CAPS.put(Command.GETCFCHECKPT, 1 + 32 + KIB);
        CAPS.put(Command.CFCHECKPT, MAX);
        CAPS.put(Command.WTXIDRELAY, KIB);
        CAPS.put(Command.SENDTXRCNCL, 4 + 8 + KIB);
    }

    @Test
    void everyCommandHasTheCapOfTheTable() {
        assertEquals(Command.values().length, CAPS.size(), "the table lists every command");
        for (Command c : Command.values()) {
            assertEquals(CAPS.get(c), c.maxPayload(), c.wireName());
        }
    }

    @ParameterizedTest
    @EnumSource(Command.class)
    void noCapIsBelowOneKibOrAboveCoresLimit(Command c) {
        assertTrue(c.maxPayload() >= KIB, c + " leaves room for an extension");
        assertTrue(c.maxPayload() <= Command.MAX_PAYLOAD, c + " within MAX_PROTOCOL_MESSAGE_LENGTH");
    }

    @ParameterizedTest
    @EnumSource(value = Command.class, names = {"VERACK", "PING", "SENDCMPCT", "WTXIDRELAY", "SENDTXRCNCL", "GETCFCHECKPT"})
    void aPayloadOneByteOverTheCapIsRejectedBeforeDecoding(Command c) {
        ByteString over = ByteString.wrap(new byte[c.maxPayload() + 1]);
        WireException e = assertThrows(WireException.class, () -> c.decode(over));
        assertEquals(WireException.Rule.OVER_CAP, e.rule());
        assertEquals("payload", e.field());
        assertEquals(0, e.offset());
    }
}
