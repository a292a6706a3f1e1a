package org.btcpeer.peer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.btcpeer.peer.PeerHarness.Setup;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.GetHeadersMessage;
import org.btcpeer.wire.message.NotFoundMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.btcpeer.peer.PeerHarness.config;
import static org.btcpeer.peer.PeerHarness.handshake;
import static org.btcpeer.peer.PeerHarness.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request timeouts as Core v30's {@code SendMessages}: per-block download timeout scaled by the
 * other download peers, stalling only for a peer marked as blocking the window (2 s doubling), tx
 * requests that expire without a disconnect, and a headers deadline only for the sync peer. The
 * remote never answers pings here, so the liveness timeouts are pushed out of the way.
 */
@Timeout(30)
class RequestTimeoutsTest {

    private final PeerHarness h = new PeerHarness();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static PeerConfig.Builder quiet() {
        return config().pongTimeout(Duration.ofDays(1)).idleTimeout(Duration.ofDays(1)).pingInterval(Duration.ofDays(1));
    }

    private Setup ready(PeerConfig config) throws Exception {
        Setup s = h.outbound(config);
        handshake(s, ScriptedRemote.version(70016, 42));
        return s;
    }

    private static Hash256 hash(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        b[31] = 7;
        return Hash256.fromInternalBytes(b);
    }

    private static void getdata(Setup s, InventoryVector... items) throws Exception {
        s.peer().send(new GetDataMessage(List.of(items))).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aBlockRequestTimesOutAfterOneBlockInterval() throws Exception {
        Setup s = ready(quiet().build());
        getdata(s, InventoryVector.block(hash(1)));
        PeerDisconnect d = h.assertDisconnectsAt(s.peer(), Duration.ofMinutes(10), DisconnectReason.STALL);
        assertTrue(d.detail().contains("timeout downloading block"), d.detail());
    }

    @Test
    void theBlockTimeoutGrowsHalfAnIntervalPerOtherDownloadPeer() throws Exception {
        Setup s = ready(quiet().requestTimeouts(RequestTimeouts.CORE.withOtherDownloadPeers(() -> 2)).build());
        getdata(s, InventoryVector.block(hash(1)));
        h.assertDisconnectsAt(s.peer(), Duration.ofMinutes(20), DisconnectReason.STALL);
    }

    @Test
    void aBlockFutureEndsAtThePeersOwnDeadlineNotAtAFixedTenMinutes() throws Exception {
        Setup s = ready(quiet().requestTimeouts(RequestTimeouts.CORE.withOtherDownloadPeers(() -> 1)).build());
        CompletableFuture<Block> f = s.peer().requests().getBlock(hash(1));
        s.remote().until(GetDataMessage.class);
        h.clock.advance(Duration.ofMinutes(10));
        assertTrue(s.peer().isConnected(), "one other download peer: 15 min");
        assertEquals(1, s.peer().requests().inFlight(), "the request still waits, as Core's block request does");
        assertFalse(f.isDone());
        PeerDisconnect d = h.assertDisconnectsAt(s.peer(), Duration.ofMinutes(5), DisconnectReason.STALL);
        assertTrue(d.detail().contains("timeout downloading block"), d.detail());
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        assertEquals(RequestFailedException.Reason.DISCONNECTED,
                assertInstanceOf(RequestFailedException.class, e.getCause()).reason());
    }

    @Test
    void theNextBlocksTimeoutCountsFromWhenTheOldestWasAnswered() throws Exception {
        Setup s = ready(quiet().build());
        getdata(s, InventoryVector.block(hash(1)), InventoryVector.block(hash(2)));
        h.clock.advance(Duration.ofMinutes(9));
        s.remote().send(new NotFoundMessage(List.of(InventoryVector.block(hash(1)))));
        sync(s, 1);
        h.assertDisconnectsAt(s.peer(), Duration.ofMinutes(10), DisconnectReason.STALL);
    }

    @Test
    void aStallingPeerIsDroppedAfterTwoSecondsAndTheNextGetsFour() throws Exception {
        Setup first = ready(quiet().build());
        getdata(first, InventoryVector.block(hash(1)));
        first.peer().setBlockingDownloadWindow(true);
        PeerDisconnect d = h.assertDisconnectsAt(first.peer(), Duration.ofSeconds(2), DisconnectReason.STALL);
        assertTrue(d.detail().contains("stalling block download"), d.detail());

        Setup second = ready(quiet().build()); // same runtime: Core's m_block_stalling_timeout doubled
        getdata(second, InventoryVector.block(hash(2)));
        second.peer().setBlockingDownloadWindow(true);
        h.assertDisconnectsAt(second.peer(), Duration.ofSeconds(4), DisconnectReason.STALL);
    }

    @Test
    void anUnmarkedPeerIsNeverAStaller() throws Exception {
        Setup s = ready(quiet().build());
        getdata(s, InventoryVector.block(hash(1)));
        h.clock.advance(Duration.ofMinutes(9));
        assertTrue(s.peer().isConnected(), "only the block download timeout applies");
    }

    @Test
    void aTxRequestExpiresAfterSixtySecondsWithoutADisconnect() throws Exception {
        Setup s = ready(quiet().build());
        getdata(s, InventoryVector.wtx(hash(1)));
        h.clock.advance(Duration.ofSeconds(59));
        assertEquals(0, s.peer().stats().expiredTxRequests());
        h.clock.advance(Duration.ofSeconds(1));
        assertEquals(1, s.peer().stats().expiredTxRequests(), "Core's GETDATA_TX_INTERVAL");
        h.clock.advance(Duration.ofHours(1));
        assertTrue(s.peer().isConnected(), "an expired tx request is never a disconnect reason");
    }

    @Test
    void aNotfoundCompletesTheTxRequest() throws Exception {
        Setup s = ready(quiet().build());
        getdata(s, InventoryVector.wtx(hash(1)));
        s.remote().send(new NotFoundMessage(List.of(InventoryVector.wtx(hash(1)))));
        sync(s, 1);
        h.clock.advance(Duration.ofMinutes(2));
        assertEquals(0, s.peer().stats().expiredTxRequests());
    }

    @Test
    void anUnansweredGetheadersIsNotADisconnectReason() throws Exception {
        Setup s = ready(quiet().build());
        s.peer().send(new GetHeadersMessage(70016, List.of(Hash256.ZERO), Hash256.ZERO)).get(5, TimeUnit.SECONDS);
        h.clock.advance(Duration.ofHours(2));
        assertTrue(s.peer().isConnected());
    }

    @Test
    void theHeadersSyncPeerHasFifteenMinutesPlusOneMillisecondPerHeader() throws Exception {
        Setup s = ready(quiet().build());
        s.peer().startHeadersSync(100_000);
        PeerDisconnect d = h.assertDisconnectsAt(s.peer(), Duration.ofMinutes(15).plusSeconds(100), DisconnectReason.STALL);
        assertTrue(d.detail().contains("headers"), d.detail());
    }

    @Test
    void aHeadersSyncThatCaughtUpHasNoDeadline() throws Exception {
        Setup s = ready(quiet().build());
        s.peer().startHeadersSync(0);
        h.clock.advance(Duration.ofMinutes(14));
        s.peer().endHeadersSync();
        h.clock.advance(Duration.ofHours(1));
        assertTrue(s.peer().isConnected());
    }
}
