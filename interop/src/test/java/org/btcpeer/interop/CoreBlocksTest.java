package org.btcpeer.interop;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ProtocolVersion;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.CompactTarget;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.GetHeadersMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headers and witness blocks from Core: Core mines 101 blocks to {@code OP_TRUE}, then a block with
 * two transactions of ours (a coinbase spend to P2WSH(OP_TRUE) and its witness spend). Our peer
 * fetches the headers with getheaders and the blocks with getdata {@code MSG_WITNESS_BLOCK}: the
 * headers link and carry valid proof of work, the merkle roots and the witness commitment hold,
 * and every txid and wtxid equals Core's {@code getblock HASH 2}.
 */
class CoreBlocksTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    private static final BigInteger REGTEST_POW_LIMIT = CompactTarget.fromBits(NetworkParameters.REGTEST.powLimitBits()).value();
    private static final int HEIGHT = 102;

    private static CoreNode node;
    private static Transaction toWitness;
    private static Transaction witnessSpend;
    private Peer peer;
    private final Received received = new Received();

    @BeforeAll
    static void mineAChainWithAWitnessBlock() {
        node = core.start("blocks", "-acceptnonstdtxn=1");
        CoreChain.mine(node, 101);
        CoreChain.Coin coin = CoreChain.coinbase(node, 1);
        toWitness = AnyoneCanSpend.opTrueToP2wsh(coin.txid(), coin.index(), coin.value());
        assertEquals(toWitness.txid(), CoreChain.submit(node, toWitness));
        witnessSpend = AnyoneCanSpend.p2wshToP2wsh(toWitness.txid(), 0, toWitness.outputs().get(0).value());
        assertEquals(witnessSpend.txid(), CoreChain.submit(node, witnessSpend));
        CoreChain.mine(node, 1);
        assertEquals(HEIGHT, node.rpc("getblockcount").asInt());
    }

    @BeforeEach
    void connect() {
        peer = OurPeers.connect(node.p2pAddress(), OurPeers.regtest().transportPolicy(TransportPolicy.V2_REQUIRED)
                .listeners(received.register(PeerListeners.builder()).build()).build(), PeerRuntime.create());
    }

    @AfterEach
    void disconnect() {
        if (peer != null) {
            peer.disconnect("test over");
        }
    }

    @Test
    void headersLinkFromGenesisWithValidProofOfWorkAndCoresHashes() {
        Hash256 genesis = NetworkParameters.REGTEST.genesisHash();
        peer.send(new GetHeadersMessage(ProtocolVersion.CURRENT, List.of(genesis), Hash256.ZERO));
        HeadersMessage headers = received.await(HeadersMessage.class, h -> !h.headers().isEmpty(), Await.DEFAULT);
        assertEquals(HEIGHT, headers.headers().size());
        Hash256 prev = genesis;
        for (int i = 0; i < headers.headers().size(); i++) {
            BlockHeader h = headers.headers().get(i);
            assertEquals(prev, h.prevBlock(), "header " + (i + 1) + " links to its parent");
            assertTrue(h.checkProofOfWork(REGTEST_POW_LIMIT), "header " + (i + 1) + " proof of work");
            prev = h.hash();
        }
        assertEquals(Hash256.fromHex(node.rpc("getbestblockhash").asText()), prev);
        assertEquals(Hash256.fromHex(node.rpc("getblockhash", 50).asText()), headers.headers().get(49).hash());
    }

    @Test
    void witnessBlocksMatchCoresTxidsAndWtxids() {
        List<Hash256> hashes = new ArrayList<>();
        for (int height = HEIGHT - 2; height <= HEIGHT; height++) {
            hashes.add(Hash256.fromHex(node.rpc("getblockhash", height).asText()));
        }
        peer.send(new GetDataMessage(hashes.stream()
                .map(h -> new InventoryVector(InventoryVector.MSG_WITNESS_BLOCK, h)).toList()));
        for (Hash256 hash : hashes) {
            Block block = received.await(BlockMessage.class, b -> b.block().hash().equals(hash), Await.DEFAULT).block();
            assertFalse(block.computeMerkleRoot().mutated());
            assertEquals(block.header().merkleRoot(), block.computeMerkleRoot().root(), "merkle root of " + hash);
            assertEquals(block.witnessCommitment(), block.computeWitnessCommitment(), "witness commitment of " + hash);
            JsonNode coreBlock = node.rpc("getblock", hash.toString(), 2);
            JsonNode coreTxs = coreBlock.path("tx");
            assertEquals(coreTxs.size(), block.transactions().size());
            for (int i = 0; i < coreTxs.size(); i++) {
                Transaction tx = block.transactions().get(i);
                assertEquals(Hash256.fromHex(coreTxs.get(i).path("txid").asText()), tx.txid(), "txid " + i + " of " + hash);
                assertEquals(Hash256.fromHex(coreTxs.get(i).path("hash").asText()), tx.wtxid(), "wtxid " + i + " of " + hash);
            }
            assertEquals(coreBlock.path("weight").asInt(), block.weight());
        }
        Block last = received.first(BlockMessage.class, b -> b.block().hash().equals(hashes.get(2))).orElseThrow().block();
        assertEquals(3, last.transactions().size());
        assertTrue(last.witnessCommitment().isPresent(), "a block with witness transactions commits to them");
        Transaction spend = last.transactions().get(2);
        assertTrue(spend.hasWitness());
        assertEquals(witnessSpend.wtxid(), spend.wtxid());
        assertNotEquals(spend.txid(), spend.wtxid());
        assertEquals(toWitness.txid(), last.transactions().get(1).txid());
    }

    @Test
    void plainBlockRequestGetsTheBlockWithoutWitnesses() {
        Hash256 tip = Hash256.fromHex(node.rpc("getbestblockhash").asText());
        peer.send(new GetDataMessage(List.of(InventoryVector.block(tip))));
        Block stripped = received.await(BlockMessage.class,
                b -> b.block().hash().equals(tip), Await.DEFAULT).block();
        assertFalse(stripped.transactions().get(2).hasWitness());
        assertTrue(stripped.computeWitnessCommitment().isEmpty(), "no coinbase witness either");
        assertEquals(witnessSpend.txid(), stripped.transactions().get(2).txid());
        assertEquals(stripped.transactions().get(2).txid(), stripped.transactions().get(2).wtxid());
    }
}
