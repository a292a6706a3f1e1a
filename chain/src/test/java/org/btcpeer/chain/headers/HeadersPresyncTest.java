package org.btcpeer.chain.headers;

import static org.btcpeer.chain.headers.TestHeaders.EASY_BITS;
import static org.btcpeer.chain.headers.TestHeaders.EASY_LIMIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.BlockHeader;
import org.junit.jupiter.api.Test;

/** Core's HeadersSyncState rules: nothing is stored before the work is proven, and the redownload must match. */
class HeadersPresyncTest {

    private static final ChainRoot ROOT = TestHeaders.easyRoot();
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(TestHeaders.T0 + 86_400 * 100L));
    private static final PresyncParams EVERY_HEADER = new PresyncParams(1, 5);

    private static HeaderChain chain() {
        return HeaderChain.builder(TestHeaders.lowDifficulty(false, false)).root(ROOT).clock(CLOCK).build();
    }

    /** A valid chain of {@code n} headers on ROOT, mined on a scratch chain; {@code salt} makes it distinct. */
    private static List<BlockHeader> peerChain(int n, long salt) throws HeaderValidationException {
        HeaderChain scratch = chain();
        List<BlockHeader> out = new ArrayList<>();
        BlockHeader tip = ROOT.header();
        for (int i = 0; i < n; i++) {
            long time = tip.time() + 600 + salt;
            tip = TestHeaders.mine(tip, time, scratch.nextRequiredBits(tip.hash(), time));
            scratch.add(tip);
            out.add(tip);
        }
        return out;
    }

    private static BigInteger workUpTo(List<BlockHeader> headers, int count) {
        BigInteger w = ROOT.chainWork();
        for (int i = 0; i < count; i++) {
            w = w.add(headers.get(i).work());
        }
        return w;
    }

    private static HeadersPresync presync(HeaderChain chain, BigInteger minimumWork, PresyncParams params) {
        return new HeadersPresync(chain, chain.tip(), minimumWork, params, new Random(7), CLOCK);
    }

    @Test
    void enoughWorkIsReleasedOnlyAfterTheRedownload() throws Exception {
        HeaderChain chain = chain();
        List<BlockHeader> peer = peerChain(60, 0);
        HeadersPresync sync = presync(chain, workUpTo(peer, 50), EVERY_HEADER);

        assertEquals(chain.tip().hash(), sync.nextLocator().get(0));
        for (int from = 0; from < 60; from += 20) {
            HeadersPresync.Result r = sync.process(peer.subList(from, from + 20), true);
            assertTrue(r.success() && r.requestMore());
            assertEquals(List.of(), r.released(), "nothing is released while presyncing");
        }
        assertEquals(HeadersPresync.State.REDOWNLOAD, sync.state());
        assertEquals(0, chain.height(), "nothing stored yet");
        assertEquals(chain.tip().hash(), sync.nextLocator().get(0), "the redownload starts over");

        List<BlockHeader> released = new ArrayList<>();
        HeadersPresync.Result first = sync.process(peer.subList(0, 20), true);
        assertTrue(first.success() && first.requestMore());
        assertEquals(15, first.released().size(), "all but the buffer of 5");
        released.addAll(first.released());
        assertEquals(peer.get(19).hash(), sync.nextLocator().get(0));
        for (int from = 20; from < 60 && sync.state() != HeadersPresync.State.FINAL; from += 20) {
            HeadersPresync.Result r = sync.process(peer.subList(from, from + 20), true);
            assertTrue(r.success());
            released.addAll(r.released());
        }
        assertEquals(HeadersPresync.State.FINAL, sync.state());
        assertEquals(peer, released);
        chain.addAll(released);
        assertEquals(60, chain.height());
    }

    @Test
    void aChainWithoutEnoughWorkIsNeverReleased() throws Exception {
        HeaderChain chain = chain();
        List<BlockHeader> peer = peerChain(30, 0);
        HeadersPresync sync = presync(chain, workUpTo(peer, 30).add(BigInteger.ONE), EVERY_HEADER);
        HeadersPresync.Result r = sync.process(peer, false);
        assertTrue(r.success());
        assertFalse(r.requestMore(), "a short message ends a low-work chain");
        assertEquals(List.of(), r.released());
        assertEquals(HeadersPresync.State.FINAL, sync.state());
    }

    @Test
    void aDifferentChainInTheRedownloadFailsACommitment() throws Exception {
        HeaderChain chain = chain();
        List<BlockHeader> honest = peerChain(60, 0);
        List<BlockHeader> other = peerChain(60, 1);
        HeadersPresync sync = presync(chain, workUpTo(honest, 50), EVERY_HEADER);
        for (int from = 0; from < 60; from += 20) {
            sync.process(honest.subList(from, from + 20), true);
        }
        assertEquals(HeadersPresync.State.REDOWNLOAD, sync.state());
        HeadersPresync.Result r = sync.process(other.subList(0, 20), true);
        assertFalse(r.success());
        assertEquals(HeadersPresync.State.FINAL, sync.state());
    }

    @Test
    void aGapOrAnUnpermittedDifficultyEndsThePresync() throws Exception {
        HeaderChain chain = chain();
        List<BlockHeader> peer = peerChain(10, 0);
        HeadersPresync gap = presync(chain, workUpTo(peer, 10), EVERY_HEADER);
        assertFalse(gap.process(peer.subList(1, 10), true).success());

        HeadersPresync harder = presync(chain, workUpTo(peer, 10), EVERY_HEADER);
        BlockHeader changed = TestHeaders.mine(peer.get(2), peer.get(2).time() + 600, 0x2000fffeL);
        List<BlockHeader> batch = new ArrayList<>(peer.subList(0, 3));
        batch.add(changed);
        assertFalse(harder.process(batch, true).success(), "bits change between retargets");
    }

    @Test
    void aChainLongerThanPossibleSinceTheStartIsAbandoned() throws Exception {
        // never retargets, so headers at the limit mine in ~2 hashes; the clock is the start's MTP,
        // so at most 6 x 7200 commitments (one per header) are allowed
        ConsensusParams params = new ConsensusParams(NetworkParameters.REGTEST, EASY_LIMIT, 20 * 600, 600,
                false, true, false, 0, 0, 0, BigInteger.ZERO);
        BlockHeader rootHeader = TestHeaders.mine(4, Hash256.ZERO, TestHeaders.T0, 0x207fffffL, EASY_LIMIT);
        InstantSource atStart = InstantSource.fixed(Instant.ofEpochSecond(TestHeaders.T0));
        HeaderChain chain = HeaderChain.builder(params).clock(atStart)
                .root(new ChainRoot(rootHeader, 0, rootHeader.work())).build();
        HeadersPresync sync = new HeadersPresync(chain, chain.tip(), BigInteger.ONE.shiftLeft(200), EVERY_HEADER,
                new Random(7), atStart);
        int allowed = 6 * 7200;
        BlockHeader tip = rootHeader;
        List<BlockHeader> batch = new ArrayList<>();
        boolean ok = true;
        int sent = 0;
        while (ok && sent <= allowed) {
            tip = TestHeaders.mine(4, tip.hash(), tip.time() + 1, 0x207fffffL, EASY_LIMIT);
            batch.add(tip);
            if (batch.size() == 2000 || sent + batch.size() == allowed + 1) {
                sent += batch.size();
                ok = sync.process(batch, true).success();
                batch.clear();
            }
        }
        assertEquals(allowed + 1, sent, "every batch up to the bound was accepted");
        assertFalse(ok, "one commitment past the bound");
    }
}
