package org.btcpeer.interop;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.btcpeer.node.MemoryTransactionPool;
import org.btcpeer.node.compact.CompactBlockReceiver;
import org.btcpeer.node.compact.CompactBlockReport;
import org.btcpeer.node.compact.CompactBlockServer;
import org.btcpeer.node.compact.CompactBlockSource;
import org.btcpeer.node.compact.HighBandwidthSelector;
import org.btcpeer.node.compact.MisbehaviourReporter;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.TxMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BIP-152 against Bitcoin Core v30 (regtest, {@code -debug=cmpctblock}), both directions:
 * Core, asked for high-bandwidth mode, announces a new block with a cmpctblock that we rebuild
 * from the transactions it relayed to us, without a round trip; and Core rebuilds the blocks we
 * serve: the first asked with getdata(MSG_CMPCT_BLOCK) after our headers, with a getblocktxn for
 * the transaction its mempool lacks, the second pushed to it as high-bandwidth peer.
 */
class CompactBlocksCoreTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    private static CoreNode node;
    private final PeerRuntime runtime = PeerRuntime.create();
    private Peer peer;

    @BeforeAll
    static void startNode() {
        node = core.start("cmpct", "-acceptnonstdtxn=1", "-debug=cmpctblock");
        CoreChain.mine(node, 104); // coinbases 1 to 4 mature; the recent tip ends initial block download
    }

    @AfterEach
    void disconnect() {
        if (peer != null) {
            peer.disconnect("test over");
        }
    }

    @Test
    void coreSendsHighBandwidthCmpctblocksWeRebuildFromRelayedTransactions() throws Exception {
        MemoryTransactionPool pool = new MemoryTransactionPool(1_000); // the transactions Core relayed to us
        BlockingQueue<CompactBlockReport> reports = new LinkedBlockingQueue<>();
        CompactBlockReceiver receiver = CompactBlockReceiver.builder(pool, runtime)
                .listener((p, r) -> reports.add(r)).build();
        PeerListeners listeners = PeerListeners.builder()
                .include(receiver.listeners())
                .on(InvMessage.class, (p, inv) -> {
                    List<InventoryVector> txs = inv.items().stream().filter(InventoryVector::isTransaction).toList();
                    if (!txs.isEmpty()) {
                        p.send(new GetDataMessage(txs));
                    }
                })
                .on(TxMessage.class, (p, m) -> pool.add(m.transaction()))
                .build();
        CoreChain.mine(node, 1); // an empty mempool: every transaction of the next block is one Core relays to us
        peer = OurPeers.connect(node.p2pAddress(), OurPeers.regtest().listeners(listeners).build(), runtime);
        Await.until("Core's sendcmpct version 2", () -> peer.features().peerCompactVersion() == 2);
        // Core sends a new block as cmpctblock only to a peer it knows has the parent's header.
        peer.requests().getHeaders(List.of(NetworkParameters.REGTEST.genesisHash()), Hash256.ZERO).get(30, TimeUnit.SECONDS);
        HighBandwidthSelector selector = new HighBandwidthSelector();
        assertTrue(selector.blockProvidedBy(peer), "sendcmpct(1, 2) to Core");

        CoreChain.Coin coin = CoreChain.coinbase(node, 1);
        Transaction funding = AnyoneCanSpend.opTrueToP2wsh(coin.txid(), coin.index(), coin.value());
        CoreChain.submit(node, funding);
        Transaction spend = AnyoneCanSpend.p2wshToP2wsh(funding.txid(), 0, funding.outputs().get(0).value());
        CoreChain.submit(node, spend);
        Await.until("both transactions relayed to us", () -> pool.size() == 2);
        long mark = node.debugLogMark();
        Hash256 mined = CoreChain.mine(node, 1).get(0);

        CompactBlockReport r = reports.poll(30, TimeUnit.SECONDS);
        assertNotNull(r, "a report for the mined block");
        CompactBlockReport.Reconstructed rebuilt = assertInstanceOf(CompactBlockReport.Reconstructed.class, r, r.toString());
        assertEquals(mined, rebuilt.block().hash());
        assertEquals(List.of(1, 2, 0), List.of(rebuilt.prefilled(), rebuilt.fromPool(), rebuilt.fetched()),
                "coinbase prefilled, both transactions from the pool, no round trip");
        assertEquals(spend.wtxid(), rebuilt.block().transactions().get(2).wtxid());
        JsonNode info = ourPeerInfo();
        assertTrue(info.path("bytessent_per_msg").has("cmpctblock"), info.toString());
        assertFalse(info.path("bytesrecv_per_msg").has("getblocktxn"), "we never asked: " + info);
        assertTrue(info.path("bip152_hb_from").asBoolean(), "Core has us as high-bandwidth 'from' peer: " + info);
        assertFalse(node.debugLogSince(mark).contains("invalid compact block"));
    }

    @Test
    void coreRebuildsOurCompactBlocksWithAndWithoutBlocktxn() throws Exception {
        Map<Hash256, Block> ours = new ConcurrentHashMap<>();
        CompactBlockSource source = new CompactBlockSource() {
            @Override
            public OptionalInt depth(Hash256 hash) {
                return ours.containsKey(hash) ? OptionalInt.of(0) : OptionalInt.empty();
            }

            @Override
            public Optional<Block> block(Hash256 hash) {
                return Optional.ofNullable(ours.get(hash));
            }
        };
        CompactBlockServer server = new CompactBlockServer(source, MisbehaviourReporter.disconnecting(), new SecureRandom());
        // Core fetches a segwit block only from a peer offering NODE_WITNESS (CanServeWitnesses).
        peer = OurPeers.connect(node.p2pAddress(), OurPeers.regtest().listeners(server.listeners())
                .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS)).build(), runtime);
        Await.until("Core's sendcmpct version 2", () -> peer.features().peerCompactVersion() == 2);

        // Block 1: one transaction in Core's mempool, one it has never seen (a getblocktxn round trip).
        CoreChain.Coin coin = CoreChain.coinbase(node, 3);
        Transaction funding = AnyoneCanSpend.opTrueToP2wsh(coin.txid(), coin.index(), coin.value());
        CoreChain.submit(node, funding);
        Transaction unseen = AnyoneCanSpend.p2wshToP2wsh(funding.txid(), 0, funding.outputs().get(0).value());
        Block first = generateUnsubmitted(List.of(funding, unseen));
        ours.put(first.hash(), first);
        long mark = node.debugLogMark();
        peer.send(new HeadersMessage(List.of(first.header())));
        Await.until("Core's tip is our first block", () -> first.hash().toString().equals(node.rpc("getbestblockhash").asText()));
        String log = node.debugLogSince(mark);
        assertTrue(log.contains("Successfully reconstructed block " + first.hash()
                + " with 1 txn prefilled, 1 txn from mempool (incl at least 0 from extra pool) and 1 txn"), log);
        JsonNode info = ourPeerInfo();
        assertTrue(info.path("bytesrecv_per_msg").has("cmpctblock"), info.toString());
        assertTrue(info.path("bytessent_per_msg").has("getblocktxn"), "Core asked for the unseen transaction: " + info);

        // Core now has us as one of its high-bandwidth peers: the next block goes to it as cmpctblock at once.
        Await.until("Core's sendcmpct(1, 2) after our block became its tip", () -> peer.features().peerHighBandwidth());
        CoreChain.Coin coin2 = CoreChain.coinbase(node, 4);
        Transaction inMempool = AnyoneCanSpend.opTrueToP2wsh(coin2.txid(), coin2.index(), coin2.value());
        CoreChain.submit(node, inMempool);
        Block second = generateUnsubmitted(List.of(inMempool));
        ours.put(second.hash(), second);
        long mark2 = node.debugLogMark();
        assertEquals(List.of(peer), server.announce(second, List.of(peer)));
        Await.until("Core's tip is our second block", () -> second.hash().toString().equals(node.rpc("getbestblockhash").asText()));
        assertTrue(node.debugLogSince(mark2).contains("Successfully reconstructed block " + second.hash()
                + " with 1 txn prefilled, 1 txn from mempool (incl at least 0 from extra pool) and 0 txn"),
                node.debugLogSince(mark2));
        assertTrue(peer.isConnected());
    }

    /** A block on Core's tip with these transactions, mined to OP_TRUE but not submitted (Core's {@code generateblock ... false}). */
    private static Block generateUnsubmitted(List<Transaction> txs) throws Exception {
        JsonNode result = node.rpc("generateblock", AnyoneCanSpend.MINING_DESCRIPTOR,
                txs.stream().map(t -> t.serialization().hex()).toList(), false);
        return Block.decode(ByteString.fromHex(result.path("hex").asText()));
    }

    private JsonNode ourPeerInfo() {
        int port = OurPeers.localPort(peer);
        for (JsonNode p : node.rpc("getpeerinfo")) {
            if (p.path("addr").asText().endsWith(":" + port)) {
                return p;
            }
        }
        throw new AssertionError("our peer is not in Core's getpeerinfo");
    }
}
