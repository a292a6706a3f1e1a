package org.btcpeer.node.serve;

import java.nio.ByteBuffer;
import java.util.List;

import org.btcpeer.node.InMemoryPeers;
import org.btcpeer.node.InMemoryPeers.Connected;
import org.btcpeer.node.TestChain;
import org.btcpeer.node.TransactionPool;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.ScriptedRemote;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.PartialMerkleTree;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.FilterAddMessage;
import org.btcpeer.wire.message.FilterLoadMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.MerkleBlockMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.TxMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.btcpeer.node.InMemoryPeers.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Filtered blocks (BIP-37) for mainnet block 413,567 (1,557 transactions), checked byte for byte
 * against bitcoinj 0.17.1's own filter and merkleblock for the same block and elements.
 */
class MerkleBlockServingTest {

    private final InMemoryPeers peers = new InMemoryPeers();

    @AfterEach
    void close() throws Exception {
        peers.close();
    }

    @Test
    void aLoadedFilterGetsTheMerkleblockBitcoinjBuildsAndTheMatchedTransactions() throws Exception {
        Block block = TestChain.resourceBlock("blocks/block413567.raw");
        TestChain chain = TestChain.regtest(1);
        chain.store(block);
        PeerConfig config = InMemoryPeers.config()
                .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_BLOOM))
                .listeners(ChainServer.of(chain, TransactionPool.empty()).listeners())
                .build();
        Connected c = peers.connect(config, ScriptedRemote.version(70016, 7));

        ByteString watched = p2pkhHash(block.transactions().get(100));
        ByteString added = p2pkhHash(block.transactions().get(1_000));
        org.bitcoinj.core.BloomFilter theirs = new org.bitcoinj.core.BloomFilter(10, 0.0001, 12345,
                org.bitcoinj.core.BloomFilter.BloomUpdate.UPDATE_ALL);
        theirs.insert(watched.toByteArray());
        FilterLoadMessage load = FilterLoadMessage.decode(WireReader.of(ByteString.wrap(theirs.serialize()), "filterload"));
        theirs.insert(added.toByteArray());

        c.remote().send(load);
        c.remote().send(new FilterAddMessage(added));
        c.remote().send(new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_FILTERED_BLOCK, block.hash()))));
        List<Message> answer = peers.sync(c);

        MerkleBlockMessage merkle = assertInstanceOf(MerkleBlockMessage.class, answer.getFirst());
        org.bitcoinj.core.FilteredBlock expected = theirs.applyAndUpdate(
                org.bitcoinj.core.Block.read(ByteBuffer.wrap(block.serialization().toByteArray())));
        assertEquals(ByteString.wrap(expected.serialize()), merkle.payload(), "the merkleblock bitcoinj builds");

        PartialMerkleTree.Matched matched = assertInstanceOf(PartialMerkleTree.Matched.class, merkle.tree().extractMatches());
        assertEquals(block.header().merkleRoot(), matched.merkleRoot());
        assertTrue(matched.txids().contains(block.transactions().get(100).txid()));
        assertTrue(matched.txids().contains(block.transactions().get(1_000).txid()), "the filteradd element");
        List<Hash256> sent = only(answer, TxMessage.class).stream().map(t -> t.transaction().txid()).toList();
        assertEquals(matched.txids(), sent, "then each matched transaction, in block order");
        assertEquals(expected.getTransactionHashes().stream().map(h -> Hash256.fromHex(h.toString())).toList(), sent);
    }

    /**
     * A txid matches in internal byte order, as Core's {@code contains(hash.ToUint256())} (bloom_tests.cpp
     * "bloom_match"); bitcoinj 0.17.1 tests the display order, so this one is checked without it.
     */
    @Test
    void aTxidInTheFilterMatchesThatTransaction() throws Exception {
        Block block = TestChain.resourceBlock("blocks/block413567.raw");
        TestChain chain = TestChain.regtest(1);
        chain.store(block);
        PeerConfig config = InMemoryPeers.config()
                .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_BLOOM))
                .listeners(ChainServer.of(chain, TransactionPool.empty()).listeners())
                .build();
        Connected c = peers.connect(config, ScriptedRemote.version(70016, 7));
        Hash256 txid = block.transactions().get(1_200).txid();
        BloomFilter local = BloomFilter.of(new FilterLoadMessage(ByteString.wrap(new byte[512]), 10, 99, BloomFilter.BLOOM_UPDATE_NONE));
        local.insert(ByteString.wrap(txid.toInternalBytes()));
        c.remote().send(new FilterLoadMessage(local.bits(), 10, 99, BloomFilter.BLOOM_UPDATE_NONE));
        c.remote().send(new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_FILTERED_BLOCK, block.hash()))));
        List<Message> answer = peers.sync(c);
        PartialMerkleTree.Matched matched = assertInstanceOf(PartialMerkleTree.Matched.class,
                assertInstanceOf(MerkleBlockMessage.class, answer.getFirst()).tree().extractMatches());
        assertEquals(List.of(txid), matched.txids());
        assertEquals(List.of(txid), only(answer, TxMessage.class).stream().map(t -> t.transaction().txid()).toList());
    }

    @Test
    void withoutAFilterAFilteredBlockGetsNothingAsInCore() throws Exception {
        TestChain chain = TestChain.regtest(3);
        PeerConfig config = InMemoryPeers.config()
                .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_BLOOM))
                .listeners(ChainServer.of(chain, TransactionPool.empty()).listeners())
                .build();
        Connected c = peers.connect(config, ScriptedRemote.version(70016, 7));
        c.remote().send(new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_FILTERED_BLOCK, chain.hash(2)),
                new InventoryVector(InventoryVector.MSG_FILTERED_BLOCK, Hash256.fromHex("44".repeat(32))))));
        List<Message> answer = peers.sync(c);
        assertEquals(1, answer.size(), answer.toString());
        assertEquals(List.of(new InventoryVector(InventoryVector.MSG_FILTERED_BLOCK, Hash256.fromHex("44".repeat(32)))),
                ((NotFoundMessage) answer.getFirst()).items(), "the unknown one only");
    }

    /** The 20-byte hash of the first pay-to-pubkey-hash output of {@code tx}. */
    private static ByteString p2pkhHash(Transaction tx) {
        for (var out : tx.outputs()) {
            ByteString s = out.scriptPubKey();
            if (s.size() == 25 && (s.byteAt(0) & 0xff) == 0x76 && (s.byteAt(2) & 0xff) == 20) {
                return s.slice(3, 23);
            }
        }
        throw new IllegalStateException("no P2PKH output in " + tx.txid());
    }
}
