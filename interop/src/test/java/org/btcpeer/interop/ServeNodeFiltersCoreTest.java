package org.btcpeer.interop;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.btcpeer.chain.filter.IndexedFilter;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.examples.node.ServeNode;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.OutPoint;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxInput;
import org.btcpeer.wire.chain.TxOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our BIP-158 filters against Core's ({@code -blockfilterindex=1}): Core syncs a chain with real
 * transactions (spends of mature coinbases, an in-block spend, an OP_RETURN output) from our
 * {@link ServeNode}, validating every block, and for every block our server's filter and filter
 * header are byte-identical to Core's {@code getblockfilter}, for the chain the node started with
 * and for blocks added to it afterwards ({@link ServeNode#addBlock}).
 */
class ServeNodeFiltersCoreTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    /** 50 blocks with transactions after the 100 of coinbase maturity. */
    private static final int BLOCKS = 150;
    private static final MemoryChain CHAIN = RegtestChainGenerator.withSeed(14).generateWithTransactions(BLOCKS);

    private ServeNode serve;

    @AfterEach
    void close() {
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void coreSyncsOurTransactionsAndItsFiltersEqualOurs() throws IOException {
        CoreNode node = core.start("filters-from-serve", "-blockfilterindex=1");
        serve = ServeNode.start(CHAIN, "127.0.0.1", 0, TransportOption.V1, PeerRuntime.create(), line -> { });
        node.rpc("addnode", "127.0.0.1:" + serve.port(), "onetry", false);
        Hash256 tip = CHAIN.tip().hash();
        Await.until("Core's tip to reach our " + BLOCKS + "-block chain", Duration.ofSeconds(60),
                () -> node.rpc("getbestblockhash").asText().equals(tip.toString()));
        Await.until("Core's basic filter index to reach height " + BLOCKS, Duration.ofSeconds(30), () -> {
            JsonNode index = node.rpc("getindexinfo").path("basic block filter index");
            return index.path("synced").asBoolean() && index.path("best_block_height").asInt() == BLOCKS;
        });
        JsonNode info = CorePeerInfo.awaitHandshaken(node, serve.port());
        assertTrue((Long.parseUnsignedLong(info.path("services").asText(), 16) & ServiceFlags.NODE_COMPACT_FILTERS) != 0,
                "Core sees NODE_COMPACT_FILTERS: " + info.path("servicesnames"));
        assertEquals(3, node.rpc("getblock", CHAIN.block(BLOCKS).hash().toString()).path("nTx").asInt(),
                "Core connected the block with our two transactions");
        for (int h = 0; h <= BLOCKS; h++) {
            Block block = CHAIN.block(h);
            JsonNode theirs = node.rpc("getblockfilter", block.hash().toString());
            IndexedFilter ours = serve.filters().get(block.hash()).orElseThrow();
            assertEquals(theirs.path("filter").asText(), ours.filter().encoded().hex(), "filter at height " + h);
            assertEquals(theirs.path("header").asText(), ours.header().toString(), "filter header at height " + h);
        }

        // Two blocks added to the running node: the first spends a mature coinbase to a script the
        // second spends, so the second's filter holds a script only the spent outputs name.
        Transaction pay = spend(CHAIN.block(BLOCKS + 1 - RegtestChainGenerator.COINBASE_MATURITY).transactions().getFirst(),
                RegtestChainGenerator.heightScript(BLOCKS + 1));
        Block first = RegtestChainGenerator.nextBlock(serve.chain(), List.of(pay));
        serve.addBlock(first);
        Block second = RegtestChainGenerator.nextBlock(serve.chain(), List.of(spend(pay, RegtestChainGenerator.OP_TRUE)));
        serve.addBlock(second);
        Await.until("Core's tip to reach our two added blocks", Duration.ofSeconds(60),
                () -> node.rpc("getbestblockhash").asText().equals(second.hash().toString()));
        Await.until("Core's basic filter index to reach height " + (BLOCKS + 2), Duration.ofSeconds(30),
                () -> node.rpc("getindexinfo").path("basic block filter index").path("best_block_height").asInt() == BLOCKS + 2);
        for (Block added : List.of(first, second)) {
            JsonNode theirs = node.rpc("getblockfilter", added.hash().toString());
            IndexedFilter ours = serve.filters().get(added.hash()).orElseThrow();
            assertEquals(theirs.path("filter").asText(), ours.filter().encoded().hex(), "filter of added block " + added.hash());
            assertEquals(theirs.path("header").asText(), ours.header().toString(), "filter header of added block " + added.hash());
        }
    }

    /** A transaction spending output 0 of {@code from} (an anyone-can-spend script) to {@code script}. */
    private static Transaction spend(Transaction from, ByteString script) {
        return new Transaction(2, List.of(new TxInput(new OutPoint(from.txid(), 0), ByteString.EMPTY, TxInput.SEQUENCE_FINAL)),
                List.of(new TxOutput(from.outputs().get(0).value() - 1_000, script)), 0);
    }
}
