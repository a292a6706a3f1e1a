package org.btcpeer.chain.filter;

import java.util.List;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.message.CFCheckptMessage;
import org.btcpeer.wire.message.CFHeadersMessage;
import org.btcpeer.wire.message.CFilterMessage;
import org.btcpeer.wire.message.GetCFCheckptMessage;
import org.btcpeer.wire.message.GetCFHeadersMessage;
import org.btcpeer.wire.message.GetCFiltersMessage;
import org.btcpeer.wire.message.KnownMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Core's {@code PrepareBlockFilterRequest} rules and caps, and what each request is answered with. */
class FilterRequestsTest {

    private static final int TIP = 2_500;
    private static final List<Block> BLOCKS = TestChain.blocks(TIP);
    private static final FilterIndex INDEX = FilterIndex.of(BLOCKS);
    private static final FilterRequests REQUESTS = new FilterRequests(INDEX);

    private static Hash256 hash(int height) {
        return BLOCKS.get(height).hash();
    }

    @ParameterizedTest(name = "getcfilters type {0} start {1} stop {2} -> {3}")
    @CsvSource({
            "0, 0, 999, 1000",     // exactly MAX_GETCFILTERS_SIZE blocks: served
            "0, 0, 1000, -1",      // 1,001 blocks: disconnect
            "0, 1500, 2499, 1000",
            "0, 7, 7, 1",
            "0, 8, 7, -1",         // start above stop
            "1, 0, 0, -1",         // not the basic filter
    })
    void getcfilters(int type, long start, int stop, int expected) {
        FilterReply r = REQUESTS.answer(new GetCFiltersMessage(type, start, hash(stop)));
        if (expected < 0) {
            assertInstanceOf(FilterReply.Disconnect.class, r);
            return;
        }
        List<KnownMessage> sent = assertInstanceOf(FilterReply.Send.class, r).messages();
        assertEquals(expected, sent.size());
        for (int i = 0; i < sent.size(); i++) {
            int h = (int) start + i;
            CFilterMessage m = (CFilterMessage) sent.get(i);
            assertEquals(0, m.filterType());
            assertEquals(hash(h), m.blockHash());
            // rebuilt here from the block, not read back from the index
            SpentScriptsAt spent = new SpentScriptsAt(h);
            assertEquals(BlockFilter.basic(BLOCKS.get(h), spent.scripts()).encoded(), m.filter());
        }
    }

    /** The scripts block {@code h} of {@link TestChain} spends, written out by hand. */
    private record SpentScriptsAt(int height) {
        List<org.btcpeer.wire.ByteString> scripts() {
            return height == 0 ? List.of() : List.of(TestChain.coinbaseScript(height - 1), TestChain.paymentScript(height));
        }
    }

    @ParameterizedTest(name = "getcfheaders start {0} stop {1} -> {2}")
    @CsvSource({
            "0, 1999, 2000",       // exactly MAX_GETCFHEADERS_SIZE: served
            "0, 2000, -1",         // 2,001: disconnect
            "500, 2499, 2000",
            "5, 5, 1",
            "2500, 2499, -1",
    })
    void getcfheaders(long start, int stop, int expected) {
        FilterReply r = REQUESTS.answer(new GetCFHeadersMessage(0, start, hash(stop)));
        if (expected < 0) {
            assertInstanceOf(FilterReply.Disconnect.class, r);
            return;
        }
        List<KnownMessage> sent = assertInstanceOf(FilterReply.Send.class, r).messages();
        CFHeadersMessage m = (CFHeadersMessage) sent.getFirst();
        assertEquals(1, sent.size());
        assertEquals(hash(stop), m.stopHash());
        assertEquals(expected, m.filterHashes().size());
        // the client's check: previous header + hashes chain to the stop block's header
        Hash256 header = m.previousFilterHeader();
        for (Hash256 fh : m.filterHashes()) {
            header = BlockFilter.header(fh, header);
        }
        assertEquals(INDEX.get(stop).header(), header);
        assertEquals(start == 0 ? Hash256.ZERO : INDEX.get((int) start - 1).header(), m.previousFilterHeader());
    }

    @ParameterizedTest(name = "getcfcheckpt stop {0} -> {1} headers")
    @CsvSource({"0, 0", "999, 0", "1000, 1", "2500, 2"})
    void getcfcheckpt(int stop, int count) {
        CFCheckptMessage m = (CFCheckptMessage) assertInstanceOf(FilterReply.Send.class,
                REQUESTS.answer(new GetCFCheckptMessage(0, hash(stop)))).messages().getFirst();
        assertEquals(hash(stop), m.stopHash());
        assertEquals(count, m.filterHeaders().size());
        for (int i = 0; i < count; i++) {
            assertEquals(INDEX.get((i + 1) * 1000).header(), m.filterHeaders().get(i));
        }
    }

    @Test
    void unknownStopHashOrTypeDisconnects() {
        Hash256 unknown = Hash256.fromHex("00000000000000000000000000000000000000000000000000000000000000ff");
        FilterReply.Disconnect d = assertInstanceOf(FilterReply.Disconnect.class,
                REQUESTS.answer(new GetCFiltersMessage(0, 0, unknown)));
        assertTrue(d.reason().contains("unknown stop hash"), d.reason());
        assertInstanceOf(FilterReply.Disconnect.class, REQUESTS.answer(new GetCFHeadersMessage(0, 0, unknown)));
        assertInstanceOf(FilterReply.Disconnect.class, REQUESTS.answer(new GetCFCheckptMessage(0, unknown)));
        assertInstanceOf(FilterReply.Disconnect.class, REQUESTS.answer(new GetCFCheckptMessage(1, hash(5))));
        assertInstanceOf(FilterReply.Disconnect.class, REQUESTS.answer(new GetCFHeadersMessage(2, 0, hash(5))));
    }
}
