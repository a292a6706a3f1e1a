package org.btcpeer.chain.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.btcpeer.chain.filter.FilterCheckException.Failure;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.message.CFCheckptMessage;
import org.btcpeer.wire.message.CFHeadersMessage;
import org.btcpeer.wire.message.CFilterMessage;
import org.btcpeer.wire.message.GetCFCheckptMessage;
import org.btcpeer.wire.message.GetCFHeadersMessage;
import org.btcpeer.wire.message.GetCFiltersMessage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's checks against an honest server ({@link FilterRequests} over {@link TestChain}) and
 * against a lying one: a filter that leaves out one output script.
 */
class FilterChecksTest {

    private static final List<Block> BLOCKS = TestChain.blocks(2_100);
    private static final FilterRequests HONEST = new FilterRequests(FilterIndex.of(BLOCKS));

    /** A server whose filter for block 1,500 leaves out the block's payment script, headers built on it. */
    private static final FilterRequests LIAR = new FilterRequests(TestChain.forgedIndex(BLOCKS, 1_500, TestChain.paymentScript(1_500)));

    private static <T> T only(FilterReply r, Class<T> type) {
        return type.cast(assertInstanceOf(FilterReply.Send.class, r).messages().getFirst());
    }

    @Test
    void honestHeadersAndFiltersVerifyFromGenesisToACheckpoint() throws FilterCheckException {
        Hash256 stop = BLOCKS.get(1_000).hash();
        List<Hash256> checkpoints = only(HONEST.answer(new GetCFCheckptMessage(0, stop)), CFCheckptMessage.class).filterHeaders();
        CFHeadersMessage m = only(HONEST.answer(new GetCFHeadersMessage(0, 0, stop)), CFHeadersMessage.class);
        List<Hash256> headers = FilterChecks.headers(m, stop, Hash256.ZERO, Optional.of(checkpoints.getFirst()));
        assertEquals(1_001, headers.size());
        List<ByteString> watched = List.of(TestChain.paymentScript(700));
        List<Integer> matching = new ArrayList<>();
        var reply = assertInstanceOf(FilterReply.Send.class, HONEST.answer(new GetCFiltersMessage(0, 1, BLOCKS.get(1_000).hash())));
        for (int i = 0; i < reply.messages().size(); i++) {
            int h = i + 1;
            BlockFilter f = FilterChecks.filter((CFilterMessage) reply.messages().get(i), BLOCKS.get(h).hash(),
                    headers.get(h - 1), headers.get(h));
            if (f.filter().matchAny(watched)) {
                matching.add(h);
            }
        }
        assertTrue(matching.contains(700), "the block paying the watched script matches: " + matching);
        assertTrue(matching.size() < 5, "few false positives: " + matching);
    }

    @Test
    void theLiarIsFoundByItsCheckpointsAndConvictedByTheBlock() throws Exception {
        Hash256 stop = BLOCKS.get(2_100).hash();
        List<Hash256> honest = only(HONEST.answer(new GetCFCheckptMessage(0, stop)), CFCheckptMessage.class).filterHeaders();
        List<Hash256> lying = only(LIAR.answer(new GetCFCheckptMessage(0, stop)), CFCheckptMessage.class).filterHeaders();
        OptionalInt at = FilterChecks.firstDisagreement(List.of(honest, lying));
        assertEquals(OptionalInt.of(1), at, "height 1,000 agrees, 2,000 (after the lie at 1,500) does not");

        // Narrow down with cfheaders from both, starting at the agreed checkpoint.
        Hash256 stop2000 = BLOCKS.get(2_000).hash();
        Hash256 agreed = honest.getFirst();
        List<Hash256> a = FilterChecks.headers(only(HONEST.answer(new GetCFHeadersMessage(0, 1_001, stop2000)), CFHeadersMessage.class),
                stop2000, agreed, Optional.of(honest.get(1)));
        FilterCheckException e = assertThrows(FilterCheckException.class, () -> FilterChecks.headers(
                only(LIAR.answer(new GetCFHeadersMessage(0, 1_001, stop2000)), CFHeadersMessage.class), stop2000, agreed,
                Optional.of(honest.get(1))));
        assertEquals(Failure.HEADER_MISMATCH, e.failure());
        // Without knowing who is right: fetch block 1,500, and test each peer's filter against it.
        Block block = BLOCKS.get(1_500);
        BlockFilter fromHonest = FilterChecks.filter(only(HONEST.answer(new GetCFiltersMessage(0, 1_500, block.hash())), CFilterMessage.class),
                block.hash(), a.get(1_500 - 1_001 - 1), a.get(1_500 - 1_001));
        assertEquals(List.of(), FilterChecks.unmatchedOutputs(block, fromHonest));
        BlockFilter fromLiar = BlockFilter.decodeBasic(block.hash(),
                only(LIAR.answer(new GetCFiltersMessage(0, 1_500, block.hash())), CFilterMessage.class).filter());
        assertEquals(List.of(TestChain.paymentScript(1_500)), FilterChecks.unmatchedOutputs(block, fromLiar));
    }

    @Test
    void wrongAnswersAreTypedFailures() {
        Hash256 stop = BLOCKS.get(10).hash();
        CFHeadersMessage m = only(HONEST.answer(new GetCFHeadersMessage(0, 5, stop)), CFHeadersMessage.class);
        assertEquals(Failure.WRONG_PREVIOUS_HEADER, assertThrows(FilterCheckException.class,
                () -> FilterChecks.headers(m, stop, Hash256.ZERO, Optional.empty())).failure());
        assertEquals(Failure.WRONG_BLOCK, assertThrows(FilterCheckException.class,
                () -> FilterChecks.headers(m, BLOCKS.get(9).hash(), m.previousFilterHeader(), Optional.empty())).failure());
        CFHeadersMessage otherType = new CFHeadersMessage(1, stop, m.previousFilterHeader(), m.filterHashes());
        assertEquals(Failure.WRONG_FILTER_TYPE, assertThrows(FilterCheckException.class,
                () -> FilterChecks.headers(otherType, stop, m.previousFilterHeader(), Optional.empty())).failure());

        CFilterMessage f = only(HONEST.answer(new GetCFiltersMessage(0, 10, stop)), CFilterMessage.class);
        Hash256 header9 = FilterIndex.of(BLOCKS.subList(0, 11)).get(9).header();
        Hash256 header10 = FilterIndex.of(BLOCKS.subList(0, 11)).get(10).header();
        assertEquals(Failure.HEADER_MISMATCH, assertThrows(FilterCheckException.class,
                () -> FilterChecks.filter(f, stop, Hash256.ZERO, header10)).failure());
        assertEquals(Failure.WRONG_BLOCK, assertThrows(FilterCheckException.class,
                () -> FilterChecks.filter(f, BLOCKS.get(9).hash(), header9, header10)).failure());
        // bytes that match the header chain but do not decode: a header made for them
        ByteString garbage = ByteString.fromHex("05ff");
        Hash256 garbageHeader = BlockFilter.header(Hash256.doubleSha256(garbage), header9);
        assertEquals(Failure.MALFORMED_FILTER, assertThrows(FilterCheckException.class,
                () -> FilterChecks.filter(new CFilterMessage(0, stop, garbage), stop, header9, garbageHeader)).failure());
    }

    @Test
    void checkpointListsThatAgreeOrDifferInLength() {
        Hash256 a = Hash256.fromHex("01".repeat(32));
        Hash256 b = Hash256.fromHex("02".repeat(32));
        assertEquals(OptionalInt.empty(), FilterChecks.firstDisagreement(List.of(List.of(a, b), List.of(a, b))));
        assertEquals(OptionalInt.of(1), FilterChecks.firstDisagreement(List.of(List.of(a, b), List.of(a))));
        assertEquals(OptionalInt.of(0), FilterChecks.firstDisagreement(List.of(List.of(a), List.of(b), List.of(a))));
        assertEquals(OptionalInt.empty(), FilterChecks.firstDisagreement(List.of()));
    }
}
