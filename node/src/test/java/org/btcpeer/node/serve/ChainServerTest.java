package org.btcpeer.node.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.btcpeer.node.InMemoryPeers;
import org.btcpeer.node.InMemoryPeers.Connected;
import org.btcpeer.node.TestChain;
import org.btcpeer.node.TransactionPool;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.ScriptedRemote;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.FilterAddMessage;
import org.btcpeer.wire.message.GetBlocksMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.GetHeadersMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.SendHeadersMessage;
import org.btcpeer.wire.message.TxMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.btcpeer.node.InMemoryPeers.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ChainServer} answering a scripted remote over an in-memory pipe. */
class ChainServerTest {

    private static final int PROTOCOL = 70016;

    private final InMemoryPeers peers = new InMemoryPeers();

    @AfterEach
    void close() throws Exception {
        peers.close();
    }

    private Connected serve(ChainServer server, Message... afterVerack) throws Exception {
        PeerConfig config = InMemoryPeers.config()
                .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS | ServiceFlags.NODE_BLOOM))
                .listeners(server.listeners())
                .build();
        return peers.connect(config, ScriptedRemote.version(PROTOCOL, 7), afterVerack);
    }

    private List<Message> ask(Connected c, Message request) throws Exception {
        c.remote().send(request);
        return peers.sync(c);
    }

    private static List<Hash256> hashes(List<BlockHeader> headers) {
        return headers.stream().map(BlockHeader::hash).toList();
    }

    @Test
    void getheadersStartsAfterTheFirstLocatorHashOnTheChainAndStopsAt2000() throws Exception {
        TestChain chain = TestChain.regtest(2_500);
        Connected c = serve(ChainServer.of(chain, TransactionPool.empty()));

        Block fork = TestChain.extend(chain.hash(6), 7, 1, 9).getFirst(); // stored, not on the best chain
        chain.store(fork);
        List<Message> answer = ask(c, new GetHeadersMessage(PROTOCOL, List.of(Hash256.ZERO, fork.hash(), chain.hash(7), chain.hash(3)),
                Hash256.ZERO));
        List<BlockHeader> headers = only(answer, HeadersMessage.class).getFirst().headers();
        assertEquals(2_000, headers.size(), "MAX_HEADERS_RESULTS");
        assertEquals(chain.hash(8), headers.getFirst().hash(), "after hash(7): unknown and fork hashes are skipped");
        assertEquals(chain.hash(2_007), headers.getLast().hash());

        headers = only(ask(c, new GetHeadersMessage(PROTOCOL, List.of(chain.hash(2_007)), Hash256.ZERO)), HeadersMessage.class)
                .getFirst().headers();
        assertEquals(493, headers.size());
        assertEquals(chain.hash(2_500), headers.getLast().hash());

        headers = only(ask(c, new GetHeadersMessage(PROTOCOL, List.of(Hash256.ZERO), Hash256.ZERO)), HeadersMessage.class)
                .getFirst().headers();
        assertEquals(chain.hash(1), headers.getFirst().hash(), "no locator hash known: from genesis");
    }

    @Test
    void getheadersStopHashIsInclusiveAndAnEmptyLocatorAsksForItAlone() throws Exception {
        TestChain chain = TestChain.regtest(40);
        Connected c = serve(ChainServer.of(chain, TransactionPool.empty()));

        List<BlockHeader> headers = only(ask(c, new GetHeadersMessage(PROTOCOL, List.of(chain.hash(10)), chain.hash(15))),
                HeadersMessage.class).getFirst().headers();
        assertEquals(List.of(chain.hash(11), chain.hash(12), chain.hash(13), chain.hash(14), chain.hash(15)), hashes(headers));

        headers = only(ask(c, new GetHeadersMessage(PROTOCOL, List.of(), chain.hash(20))), HeadersMessage.class).getFirst().headers();
        assertEquals(List.of(chain.hash(20)), hashes(headers));

        List<Message> none = ask(c, new GetHeadersMessage(PROTOCOL, List.of(), Hash256.ZERO));
        assertEquals(List.of(), only(none, HeadersMessage.class), "Core sends nothing for an unknown stop hash without locator");

        headers = only(ask(c, new GetHeadersMessage(PROTOCOL, List.of(chain.hash(40)), Hash256.ZERO)), HeadersMessage.class)
                .getFirst().headers();
        assertEquals(List.of(), headers, "at the tip: an empty headers message");
    }

    @Test
    void getblocksAnswers500AndTheGetdataForTheLastAnnouncesTheTip() throws Exception {
        TestChain chain = TestChain.regtest(1_200);
        Connected c = serve(ChainServer.of(chain, TransactionPool.empty()));

        List<InventoryVector> invs = only(ask(c, new GetBlocksMessage(PROTOCOL, List.of(chain.hash(0)), Hash256.ZERO)),
                InvMessage.class).getFirst().items();
        assertEquals(500, invs.size());
        assertEquals(InventoryVector.block(chain.hash(1)), invs.getFirst());
        assertEquals(InventoryVector.block(chain.hash(500)), invs.getLast());

        List<Message> before = ask(c, new GetDataMessage(List.of(InventoryVector.block(chain.hash(499)))));
        assertEquals(1, only(before, BlockMessage.class).size());
        assertEquals(List.of(), only(before, InvMessage.class), "only the last block continues");

        List<Message> last = ask(c, new GetDataMessage(List.of(InventoryVector.block(chain.hash(500)))));
        assertEquals(chain.hash(500), only(last, BlockMessage.class).getFirst().block().hash());
        assertEquals(List.of(InventoryVector.block(chain.hash(1_200))), only(last, InvMessage.class).getFirst().items(),
                "hashContinue: our tip, so the peer asks again");
        assertTrue(last.indexOf(only(last, BlockMessage.class).getFirst()) < last.indexOf(only(last, InvMessage.class).getFirst()),
                "the block first, then the tip");

        List<Message> again = ask(c, new GetDataMessage(List.of(InventoryVector.block(chain.hash(500)))));
        assertEquals(List.of(), only(again, InvMessage.class), "the continuation is used once");

        invs = only(ask(c, new GetBlocksMessage(PROTOCOL, List.of(chain.hash(1_000)), Hash256.ZERO)), InvMessage.class)
                .getFirst().items();
        assertEquals(200, invs.size(), "the rest, no continuation");
        List<Message> end = ask(c, new GetDataMessage(List.of(InventoryVector.block(chain.hash(1_200)))));
        assertEquals(List.of(), only(end, InvMessage.class));
    }

    @Test
    void getblocksStopHashIsExclusiveAndAtTheTipNothingIsSent() throws Exception {
        TestChain chain = TestChain.regtest(30);
        Connected c = serve(ChainServer.of(chain, TransactionPool.empty()));

        List<InventoryVector> invs = only(ask(c, new GetBlocksMessage(PROTOCOL, List.of(chain.hash(10)), chain.hash(15))),
                InvMessage.class).getFirst().items();
        assertEquals(List.of(chain.hash(11), chain.hash(12), chain.hash(13), chain.hash(14)),
                invs.stream().map(InventoryVector::hash).toList());

        assertEquals(List.of(), only(ask(c, new GetBlocksMessage(PROTOCOL, List.of(chain.hash(30)), Hash256.ZERO)), InvMessage.class));
    }

    @Test
    void everythingUnknownIsNamedInOneNotfoundInRequestOrder() throws Exception {
        TestChain chain = TestChain.regtest(5);
        Block segwit = TestChain.resourceBlock("blocks/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk");
        Transaction pooled = segwit.transactions().get(1);
        assertTrue(pooled.hasWitness());
        Connected c = serve(ChainServer.of(chain, pool(pooled)));

        InventoryVector unknownTx = InventoryVector.tx(Hash256.fromHex("11".repeat(32)));
        InventoryVector unknownBlock = InventoryVector.block(Hash256.fromHex("22".repeat(32)));
        InventoryVector unknownWtx = InventoryVector.wtx(Hash256.fromHex("33".repeat(32)));
        List<Message> answer = ask(c, new GetDataMessage(List.of(InventoryVector.block(chain.hash(3)), unknownTx,
                InventoryVector.wtx(pooled.wtxid()), unknownBlock, InventoryVector.tx(pooled.txid()), unknownWtx)));

        assertEquals(chain.hash(3), only(answer, BlockMessage.class).getFirst().block().hash());
        List<TxMessage> txs = only(answer, TxMessage.class);
        assertEquals(2, txs.size());
        assertEquals(pooled.serialization(), txs.get(0).transaction().serialization(), "MSG_WTX: with witness");
        assertEquals(pooled.strippedSerialization(), txs.get(1).transaction().serialization(), "MSG_TX: without witness (BIP-144)");
        List<NotFoundMessage> notFound = only(answer, NotFoundMessage.class);
        assertEquals(1, notFound.size(), "one notfound: " + answer);
        assertEquals(List.of(unknownTx, unknownBlock, unknownWtx), notFound.getFirst().items());
        assertEquals(answer.getLast(), notFound.getFirst(), "after everything that was found");
    }

    @Test
    void blocksAskedInSeparateGetdatasAllArriveThoughTheSendQueueHoldsOneAtATime() throws Exception {
        // a downloader sends one getdata per block, up to 16 at once: the server must wait for room
        // in the send queue (Core's fPauseSend) instead of letting the queue refuse the blocks
        TestChain chain = TestChain.regtest(1);
        Block segwit = TestChain.resourceBlock("blocks/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk");
        chain.store(segwit);
        PeerConfig config = InMemoryPeers.config().sendQueueLimitBytes(1) // any queued block fills it
                .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS))
                .listeners(ChainServer.of(chain, TransactionPool.empty()).listeners())
                .build();
        Connected c = peers.connect(config, ScriptedRemote.version(PROTOCOL, 7));
        List<Hash256> asked = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Hash256 h = i % 2 == 0 ? segwit.hash() : chain.hash(1);
            asked.add(h);
            c.remote().send(new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_WITNESS_BLOCK, h))));
        }
        // not a ping round trip: with the queue this small, the pong could be refused
        List<Hash256> got = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            got.add(((BlockMessage) c.remote().until(BlockMessage.class).getLast()).block().hash());
        }
        assertEquals(asked, got, "every block, in the order asked");
        assertTrue(c.peer().isConnected());
    }

    @Test
    void msgBlockIsServedWithoutWitnessesAndMsgWitnessBlockAsStored() throws Exception {
        TestChain chain = TestChain.regtest(1);
        Block segwit = TestChain.resourceBlock("blocks/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk");
        chain.store(segwit);
        Connected c = serve(ChainServer.of(chain, TransactionPool.empty()));

        Block witness = only(ask(c, new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_WITNESS_BLOCK, segwit.hash())))),
                BlockMessage.class).getFirst().block();
        assertEquals(segwit.serialization(), witness.serialization());
        Block plain = only(ask(c, new GetDataMessage(List.of(InventoryVector.block(segwit.hash())))), BlockMessage.class)
                .getFirst().block();
        assertEquals(segwit.strippedSize(), plain.serializedSize());
        assertFalse(plain.transactions().stream().anyMatch(Transaction::hasWitness));
        assertEquals(segwit.hash(), plain.hash());
    }

    @Test
    void leavingCompactBlocksSkipsKnownCompactRequestsButStillNamesUnknownOnes() throws Exception {
        TestChain chain = TestChain.regtest(3);
        Connected c = serve(ChainServer.leavingCompactBlocks(chain, TransactionPool.empty(), r -> { }));
        InventoryVector known = new InventoryVector(InventoryVector.MSG_CMPCT_BLOCK, chain.hash(2));
        InventoryVector unknown = new InventoryVector(InventoryVector.MSG_CMPCT_BLOCK, Hash256.fromHex("44".repeat(32)));

        List<Message> answer = ask(c, new GetDataMessage(List.of(known, InventoryVector.block(chain.hash(1)), unknown)));

        assertEquals(List.of(chain.hash(1)), only(answer, BlockMessage.class).stream().map(b -> b.block().hash()).toList(),
                "only the MSG_BLOCK entry is answered with a block: " + answer);
        assertEquals(List.of(unknown), only(answer, NotFoundMessage.class).getFirst().items());
    }

    @Test
    void hostileGetdataOf50000UnknownBlocksGetsOneNotfound() throws Exception {
        TestChain chain = TestChain.regtest(1);
        Connected c = serve(ChainServer.of(chain, TransactionPool.empty()));
        List<InventoryVector> items = new ArrayList<>();
        for (int i = 0; i < GetDataMessage.MAX_ENTRIES; i++) {
            byte[] h = new byte[32];
            h[0] = (byte) i;
            h[1] = (byte) (i >> 8);
            h[2] = 1;
            items.add(new InventoryVector(i % 2 == 0 ? InventoryVector.MSG_WITNESS_BLOCK : InventoryVector.MSG_WTX,
                    Hash256.fromInternalBytes(h)));
        }
        List<Message> answer = ask(c, new GetDataMessage(items));
        assertEquals(1, answer.size(), "one message");
        assertEquals(items, ((NotFoundMessage) answer.getFirst()).items());
        assertTrue(c.peer().isConnected());
    }

    @Test
    void filteraddWithoutAFilterDisconnects() throws Exception {
        TestChain chain = TestChain.regtest(1);
        ChainServer server = ChainServer.of(chain, TransactionPool.empty());
        Connected c = serve(server);
        c.remote().send(new FilterAddMessage(org.btcpeer.wire.ByteString.fromHex("00112233")));
        assertTrue(c.peer().disconnected().get(5, TimeUnit.SECONDS).detail().contains("bad filteradd"));
        // the server drops the state in its own callback on the disconnect future, which may still be
        // running on the closing thread when get() returns here: poll, bounded
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.trackedPeers() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, server.trackedPeers(), "its state went with it");
        server.announceTip(c.peer(), chain.at(1).header()); // a peer that is gone: no state kept, nothing thrown
        assertEquals(0, server.trackedPeers(), "no entry left behind for a gone peer");
    }

    @Test
    void newBlocksAreAnnouncedAsHeadersWhenAtMostEightConnectElseAsAnInvOfTheTip() throws Exception {
        TestChain chain = TestChain.regtest(20);
        ChainServer server = ChainServer.of(chain, TransactionPool.empty());
        Connected headersPeer = serve(server, SendHeadersMessage.INSTANCE);
        Connected invPeer = serve(server);
        for (Connected c : List.of(headersPeer, invPeer)) {
            ask(c, new GetHeadersMessage(PROTOCOL, List.of(chain.hash(0)), Hash256.ZERO)); // the peer has our tip now
        }

        chain.append(TestChain.extend(chain.hash(20), 21, 3, 0));
        server.announceTip(headersPeer.peer(), chain.at(23).header());
        server.announceTip(invPeer.peer(), chain.at(23).header());
        List<HeadersMessage> announced = only(peers.sync(headersPeer), HeadersMessage.class);
        assertEquals(List.of(chain.hash(21), chain.hash(22), chain.hash(23)), hashes(announced.getFirst().headers()),
                "the three new headers, oldest first");
        assertEquals(List.of(InventoryVector.block(chain.hash(23))), only(peers.sync(invPeer), InvMessage.class).getFirst().items(),
                "no sendheaders: an inv of the tip");

        server.announceTip(headersPeer.peer(), chain.at(23).header());
        server.announceTip(invPeer.peer(), chain.at(23).header());
        assertEquals(List.of(), only(peers.sync(headersPeer), HeadersMessage.class), "it has the tip");
        assertEquals(List.of(), only(peers.sync(invPeer), InvMessage.class), "announced once");

        chain.append(TestChain.extend(chain.hash(23), 24, 9, 0));
        server.announceTip(headersPeer.peer(), chain.at(32).header());
        List<Message> many = peers.sync(headersPeer);
        assertEquals(List.of(), only(many, HeadersMessage.class), "nine do not fit MAX_BLOCKS_TO_ANNOUNCE");
        assertEquals(List.of(InventoryVector.block(chain.hash(32))), only(many, InvMessage.class).getFirst().items());

        chain.append(TestChain.extend(chain.hash(32), 33, 1, 0));
        headersPeer.remote().send(new HeadersMessage(List.of(chain.at(31).header(), chain.at(32).header())));
        peers.sync(headersPeer); // the server has seen them
        server.announceTip(headersPeer.peer(), chain.at(33).header());
        assertEquals(List.of(chain.hash(33)), hashes(only(peers.sync(headersPeer), HeadersMessage.class).getFirst().headers()),
                "the peer's own headers message told us it has 32");
    }

    @Test
    void servedRequestsAreReported() throws Exception {
        TestChain chain = TestChain.regtest(3);
        List<ServedRequest> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        Consumer<ServedRequest> sink = log::add;
        Connected c = serve(ChainServer.of(chain, TransactionPool.empty(), sink));
        ask(c, new GetHeadersMessage(PROTOCOL, List.of(chain.hash(0)), Hash256.ZERO));
        assertEquals("getheaders", log.getFirst().command());
        assertTrue(log.getFirst().answer().startsWith("3 headers"), log.toString());
    }

    /** A pool of the given transactions. */
    static TransactionPool pool(Transaction... txs) {
        Map<Hash256, Transaction> byTxid = new java.util.HashMap<>();
        Map<Hash256, Transaction> byWtxid = new java.util.HashMap<>();
        for (Transaction t : txs) {
            byTxid.put(t.txid(), t);
            byWtxid.put(t.wtxid(), t);
        }
        return new TransactionPool() {
            @Override
            public Optional<Transaction> byTxid(Hash256 txid) {
                return Optional.ofNullable(byTxid.get(txid));
            }

            @Override
            public Optional<Transaction> byWtxid(Hash256 wtxid) {
                return Optional.ofNullable(byWtxid.get(wtxid));
            }

            @Override
            public void forEach(Consumer<Transaction> visitor) {
                byTxid.values().forEach(visitor);
            }
        };
    }
}
