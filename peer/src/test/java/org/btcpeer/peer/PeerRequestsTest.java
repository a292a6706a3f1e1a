package org.btcpeer.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.CFCheckptMessage;
import org.btcpeer.wire.message.CFHeadersMessage;
import org.btcpeer.wire.message.CFilterMessage;
import org.btcpeer.wire.message.GetCFCheckptMessage;
import org.btcpeer.wire.message.GetCFHeadersMessage;
import org.btcpeer.wire.message.GetCFiltersMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.GetHeadersMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.TxMessage;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.btcpeer.wire.message.WtxidRelayMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Request futures over an in-memory pipe with a scripted remote and a manual clock. */
@Timeout(30)
class PeerRequestsTest {

    private final ManualClock clock = new ManualClock();
    private final PeerRuntime runtime = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));
    private final List<Message> heard = new CopyOnWriteArrayList<>();
    private Peer peer;
    private ScriptedRemote remote;

    private static final Block REGTEST_GENESIS = genesis(NetworkParameters.REGTEST);
    private static final Block MAINNET_GENESIS = genesis(NetworkParameters.MAINNET);

    private static Block genesis(NetworkParameters n) {
        try {
            return Block.decode(n.genesisBlock());
        } catch (org.btcpeer.wire.WireException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() throws Exception {
        if (peer != null) {
            peer.disconnect("test over");
        }
        if (remote != null) {
            remote.close();
        }
    }

    private void connect(int version, Message... features) throws Exception {
        connect(ScriptedRemote.version(version, 9), features);
    }

    /** Connects to a remote that offers compact block filters (BIP-157). */
    private void connectToFilterServer() throws Exception {
        connect(ScriptedRemote.version(70016, 9, ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS
                | ServiceFlags.NODE_COMPACT_FILTERS), true));
    }

    private void connect(VersionMessage version, Message... features) throws Exception {
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 22);
        remote = new ScriptedRemote(pipes.b);
        PeerListeners listeners = PeerListeners.builder().onAny((p, m) -> heard.add(m)).build();
        peer = Peer.outbound(pipes.a, PeerConfig.builder().network(NetworkParameters.REGTEST).listeners(listeners).build(),
                runtime);
        remote.next(VersionMessage.class);
        remote.send(version);
        for (Message m : features) {
            remote.send(m);
        }
        remote.send(VerackMessage.INSTANCE);
        peer.handshake().get(5, TimeUnit.SECONDS);
    }

    /** The reason a failed future carries. */
    private static RequestFailedException.Reason failure(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        return assertInstanceOf(RequestFailedException.class, e.getCause()).reason();
    }

    /** Waits until the peer processed everything the remote sent before. */
    private void sync(long nonce) throws Exception {
        remote.send(new PingMessage(nonce));
        while (!(remote.next() instanceof PongMessage p && p.nonce() == nonce)) {
            // skip what the peer sent meanwhile
        }
    }

    private static BlockHeader child(Hash256 prev) {
        return new BlockHeader(4, prev, Hash256.ZERO, 1_700_000_000L, 0x207fffffL, 0);
    }

    @Test
    void getHeadersIsMatchedByItsLocatorAndListenersStillSeeTheReply() throws Exception {
        connect(70016);
        Hash256 genesis = NetworkParameters.REGTEST.genesisHash();
        CompletableFuture<HeadersMessage> f = peer.requests().getHeaders(List.of(genesis), Hash256.ZERO);
        GetHeadersMessage sent = remote.next(GetHeadersMessage.class);
        assertEquals(List.of(genesis), sent.locator());

        HeadersMessage unrelated = new HeadersMessage(List.of(child(Hash256.fromHex("11".repeat(32)))));
        remote.send(unrelated);
        sync(1);
        assertFalse(f.isDone(), "headers that do not follow the locator are not the answer");

        HeadersMessage answer = new HeadersMessage(List.of(child(genesis)));
        remote.send(answer);
        assertEquals(answer, f.get(5, TimeUnit.SECONDS));
        sync(2);
        assertEquals(List.of(unrelated, answer), heard.stream().filter(m -> m instanceof HeadersMessage).toList());
        assertEquals(0, peer.requests().inFlight());
    }

    @Test
    void anEmptyHeadersMessageAnswersTheOldestGetHeaders() throws Exception {
        connect(70016);
        CompletableFuture<HeadersMessage> first = peer.requests().getHeaders(List.of(Hash256.ZERO), Hash256.ZERO);
        CompletableFuture<HeadersMessage> second = peer.requests().getHeaders(List.of(Hash256.ZERO), Hash256.ZERO);
        remote.send(new HeadersMessage(List.of()));
        assertEquals(List.of(), first.get(5, TimeUnit.SECONDS).headers());
        sync(1);
        assertFalse(second.isDone());
    }

    @Test
    void getHeadersTimesOutAfterCoresHeadersResponseTime() throws Exception {
        connect(70016);
        CompletableFuture<HeadersMessage> f = peer.requests().getHeaders(List.of(Hash256.ZERO), Hash256.ZERO);
        remote.next(GetHeadersMessage.class);
        clock.advance(PeerRequests.HEADERS_RESPONSE_TIME.minusNanos(1));
        assertFalse(f.isDone());
        clock.advance(Duration.ofNanos(1));
        assertEquals(RequestFailedException.Reason.TIMEOUT, failure(f));
        assertEquals(0, peer.requests().inFlight());
    }

    @Test
    void getBlockAsksForWitnessBlocksAndFailsOnNotFound() throws Exception {
        connect(70016);
        CompletableFuture<Block> found = peer.requests().getBlock(REGTEST_GENESIS.hash());
        assertEquals(List.of(new InventoryVector(InventoryVector.MSG_WITNESS_BLOCK, REGTEST_GENESIS.hash())),
                remote.next(GetDataMessage.class).items());
        CompletableFuture<Block> missing = peer.requests().getBlock(MAINNET_GENESIS.hash());
        remote.next(GetDataMessage.class);
        remote.send(new BlockMessage(REGTEST_GENESIS));
        remote.send(new NotFoundMessage(List.of(new InventoryVector(InventoryVector.MSG_WITNESS_BLOCK, MAINNET_GENESIS.hash()))));
        assertEquals(REGTEST_GENESIS.hash(), found.get(5, TimeUnit.SECONDS).hash());
        assertEquals(RequestFailedException.Reason.NOT_FOUND, failure(missing));
    }

    @Test
    void getBlocksKeepsTheRequestedOrder() throws Exception {
        connect(70016);
        CompletableFuture<List<Block>> f = peer.requests().getBlocks(List.of(REGTEST_GENESIS.hash(), MAINNET_GENESIS.hash()));
        remote.send(new BlockMessage(MAINNET_GENESIS));
        remote.send(new BlockMessage(REGTEST_GENESIS));
        List<Block> blocks = f.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(REGTEST_GENESIS.hash(), MAINNET_GENESIS.hash()), blocks.stream().map(Block::hash).toList());
    }

    @Test
    void blocksInFlightAreBoundedAndTheExtraRequestIsNotSent() throws Exception {
        connect(70016);
        for (int i = 0; i < PeerRequests.MAX_BLOCKS_IN_FLIGHT; i++) {
            peer.requests().getBlock(Hash256.fromHex(String.format("%064x", i + 1)));
        }
        CompletableFuture<Block> extra = peer.requests().getBlock(REGTEST_GENESIS.hash());
        assertEquals(RequestFailedException.Reason.TOO_MANY_IN_FLIGHT, failure(extra));
        for (int i = 0; i < PeerRequests.MAX_BLOCKS_IN_FLIGHT; i++) {
            remote.next(GetDataMessage.class);
        }
        sync(1);
        assertEquals(PeerRequests.MAX_BLOCKS_IN_FLIGHT, peer.requests().inFlight());
    }

    @Test
    void getTransactionUsesWtxidAndNeedsWtxidRelay() throws Exception {
        connect(70016, WtxidRelayMessage.INSTANCE);
        Transaction tx = REGTEST_GENESIS.transactions().get(0);
        CompletableFuture<Transaction> f = peer.requests().getTransaction(tx.wtxid());
        assertEquals(List.of(InventoryVector.wtx(tx.wtxid())), remote.next(GetDataMessage.class).items());
        remote.send(new TxMessage(tx));
        assertEquals(tx.wtxid(), f.get(5, TimeUnit.SECONDS).wtxid());
    }

    @Test
    void getTransactionWithoutWtxidRelayIsUnsupported() throws Exception {
        connect(70015);
        assertEquals(RequestFailedException.Reason.UNSUPPORTED,
                failure(peer.requests().getTransaction(Hash256.fromHex("22".repeat(32)))));
    }

    @Test
    void pingMeasuresTheRoundTripOnTheInjectedClock() throws Exception {
        connect(70016);
        CompletableFuture<Duration> rtt = peer.requests().ping();
        PingMessage ping = remote.next(PingMessage.class);
        clock.advance(Duration.ofMillis(250));
        remote.send(new PongMessage(ping.nonce() + 1));
        sync(1);
        assertFalse(rtt.isDone(), "another nonce is not our pong");
        remote.send(new PongMessage(ping.nonce()));
        assertEquals(Duration.ofMillis(250), rtt.get(5, TimeUnit.SECONDS));
    }

    @Test
    void pingBeforeBip31IsUnsupported() throws Exception {
        connect(60000);
        assertEquals(RequestFailedException.Reason.UNSUPPORTED, failure(peer.requests().ping()));
    }

    @Test
    void aDisconnectFailsWaitingRequestsAndRefusesNewOnes() throws Exception {
        connect(70016);
        CompletableFuture<Block> waiting = peer.requests().getBlock(REGTEST_GENESIS.hash());
        remote.next(GetDataMessage.class);
        peer.disconnect("test");
        assertEquals(RequestFailedException.Reason.DISCONNECTED, failure(waiting));
        CompletableFuture<HeadersMessage> late = peer.requests().getHeaders(List.of(), Hash256.ZERO);
        assertEquals(RequestFailedException.Reason.DISCONNECTED, failure(late));
        assertSame(peer.requests(), peer.requests());
    }

    private static Hash256 hash(int i) {
        return Hash256.fromHex(String.format("%064x", i));
    }

    private static CFilterMessage cfilter(Hash256 block) {
        return new CFilterMessage(0, block, ByteString.fromHex("00"));
    }

    @Test
    void cfcheckptAndCfheadersAreMatchedByStopHashAndListenersStillSeeThem() throws Exception {
        connectToFilterServer();
        CompletableFuture<CFCheckptMessage> toA = peer.requests().getCFCheckpt(hash(1));
        CompletableFuture<CFCheckptMessage> toB = peer.requests().getCFCheckpt(hash(2));
        CompletableFuture<CFHeadersMessage> headers = peer.requests().getCFHeaders(7, hash(2));
        assertEquals(new GetCFCheckptMessage(0, hash(1)), remote.next(GetCFCheckptMessage.class));
        remote.next(GetCFCheckptMessage.class);
        assertEquals(new GetCFHeadersMessage(0, 7, hash(2)), remote.next(GetCFHeadersMessage.class));

        CFCheckptMessage b = new CFCheckptMessage(0, hash(2), List.of(hash(9)));
        remote.send(b);
        assertEquals(b, toB.get(5, TimeUnit.SECONDS));
        assertFalse(toA.isDone());
        CFHeadersMessage h = new CFHeadersMessage(0, hash(2), Hash256.ZERO, List.of(hash(3)));
        remote.send(h);
        assertEquals(h, headers.get(5, TimeUnit.SECONDS));
        sync(1);
        assertEquals(List.of(b, h), heard.stream().filter(m -> m instanceof CFCheckptMessage || m instanceof CFHeadersMessage).toList());
        assertEquals(1, peer.requests().inFlight());
    }

    @Test
    void aCfcheckptForNoPendingStopHashIsAWrongReplyToTheOldest() throws Exception {
        connectToFilterServer();
        CompletableFuture<CFCheckptMessage> f = peer.requests().getCFCheckpt(hash(1));
        remote.next(GetCFCheckptMessage.class);
        remote.send(new CFCheckptMessage(0, hash(5), List.of()));
        assertEquals(RequestFailedException.Reason.WRONG_REPLY, failure(f));
        assertEquals(0, peer.requests().inFlight());
    }

    @Test
    void getCFiltersCollectsTheStreamInOrderAndEachFilterRestartsTheTimeout() throws Exception {
        connectToFilterServer();
        List<Hash256> blocks = List.of(hash(11), hash(12), hash(13));
        CompletableFuture<List<CFilterMessage>> f = peer.requests().getCFilters(5, blocks);
        assertEquals(new GetCFiltersMessage(0, 5, hash(13)), remote.next(GetCFiltersMessage.class));
        remote.send(cfilter(hash(11)));
        sync(1);
        clock.advance(PeerRequests.FILTER_RESPONSE_TIME.minusSeconds(1));
        remote.send(cfilter(hash(12)));
        sync(2);
        clock.advance(PeerRequests.FILTER_RESPONSE_TIME.minusSeconds(1));
        assertFalse(f.isDone(), "the second cfilter restarted the timeout");
        remote.send(cfilter(hash(13)));
        assertEquals(blocks, f.get(5, TimeUnit.SECONDS).stream().map(CFilterMessage::blockHash).toList());
        assertEquals(0, peer.requests().inFlight());
    }

    @Test
    void getCFiltersTimesOutWhenTheStreamStops() throws Exception {
        connectToFilterServer();
        CompletableFuture<List<CFilterMessage>> f = peer.requests().getCFilters(5, List.of(hash(11), hash(12)));
        remote.next(GetCFiltersMessage.class);
        remote.send(cfilter(hash(11)));
        sync(1);
        clock.advance(PeerRequests.FILTER_RESPONSE_TIME.minusNanos(1));
        assertFalse(f.isDone());
        clock.advance(Duration.ofNanos(1));
        assertEquals(RequestFailedException.Reason.TIMEOUT, failure(f));
        assertEquals(0, peer.requests().inFlight());
    }

    @Test
    void aCfilterOutOfOrderIsAWrongReply() throws Exception {
        connectToFilterServer();
        CompletableFuture<List<CFilterMessage>> f = peer.requests().getCFilters(5, List.of(hash(11), hash(12)));
        remote.next(GetCFiltersMessage.class);
        remote.send(cfilter(hash(12)));
        assertEquals(RequestFailedException.Reason.WRONG_REPLY, failure(f));
        assertThrows(IllegalArgumentException.class, () -> peer.requests().getCFilters(0, List.of()));
    }

    @Test
    void aRefusedSendFailsTheRequestAtOnceAndNothingIsSent() throws Exception {
        connect(70016); // no NODE_COMPACT_FILTERS: Core would disconnect us for asking
        CompletableFuture<CFCheckptMessage> f = peer.requests().getCFCheckpt(hash(1));
        assertTrue(f.isDone(), "failed before any timeout");
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        RequestFailedException r = assertInstanceOf(RequestFailedException.class, e.getCause());
        assertEquals(RequestFailedException.Reason.NOT_SENT, r.reason());
        assertInstanceOf(SendRefusedException.class, r.getCause());
        assertEquals(0, peer.requests().inFlight());
        List<Message> sent = new java.util.ArrayList<>();
        remote.send(new PingMessage(77));
        Message m;
        while (!((m = remote.next()) instanceof PongMessage p && p.nonce() == 77)) {
            sent.add(m);
        }
        assertTrue(sent.stream().noneMatch(x -> x instanceof GetCFCheckptMessage), sent.toString());
    }

    @Test
    void aDisconnectFailsWaitingFilterRequests() throws Exception {
        connectToFilterServer();
        CompletableFuture<List<CFilterMessage>> f = peer.requests().getCFilters(5, List.of(hash(11)));
        CompletableFuture<CFHeadersMessage> h = peer.requests().getCFHeaders(5, hash(11));
        remote.next(GetCFiltersMessage.class);
        peer.disconnect("test");
        assertEquals(RequestFailedException.Reason.DISCONNECTED, failure(f));
        assertEquals(RequestFailedException.Reason.DISCONNECTED, failure(h));
    }

    @Test
    void filterRequestsCountAgainstTheInFlightBound() throws Exception {
        connectToFilterServer();
        for (int i = 0; i < PeerRequests.MAX_IN_FLIGHT; i++) {
            peer.requests().getCFCheckpt(hash(i + 1));
        }
        CompletableFuture<List<CFilterMessage>> extra = peer.requests().getCFilters(0, List.of(hash(1)));
        assertEquals(RequestFailedException.Reason.TOO_MANY_IN_FLIGHT, failure(extra));
        for (int i = 0; i < PeerRequests.MAX_IN_FLIGHT; i++) {
            remote.next(GetCFCheckptMessage.class);
        }
        sync(1);
        assertEquals(PeerRequests.MAX_IN_FLIGHT, peer.requests().inFlight());
    }
}
