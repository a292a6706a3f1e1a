package org.btcpeer.node.download;

import java.util.ArrayList;
import java.util.List;

import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.OutPoint;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxInput;
import org.btcpeer.wire.chain.TxOutput;

/**
 * A regtest chain made in the test: blocks of a coinbase and {@code extraTxs} small transactions
 * (so the merkle tree has depth), mined at regtest difficulty on the regtest genesis, and the
 * validated {@link HeaderChain} of their headers.
 */
final class TestBlocks {

    /** {@code blocks.get(h - 1)} is the block at height h. */
    final List<Block> blocks = new ArrayList<>();
    final HeaderChain headers = HeaderChain.builder(ConsensusParams.REGTEST).build();

    TestBlocks(int count, int extraTxs) throws Exception {
        BlockHeader prev = ConsensusParams.REGTEST.genesisHeader();
        for (int height = 1; height <= count; height++) {
            List<Transaction> txs = new ArrayList<>();
            txs.add(coinbase(height, 0));
            for (int i = 0; i < extraTxs; i++) {
                txs.add(spend(height, i));
            }
            Block block = mine(prev, txs);
            headers.add(block.header());
            blocks.add(block);
            prev = block.header();
        }
    }

    /** Any block, for tests that only need one to hold. */
    static Block sample() {
        return new Block(ConsensusParams.REGTEST.genesisHeader(), List.of(coinbase(0, 0)));
    }

    Block at(int height) {
        return blocks.get(height - 1);
    }

    int size() {
        return blocks.size();
    }

    /** The same header with other transactions: its merkle root no longer matches. */
    Block tampered(int height) {
        Block b = at(height);
        List<Transaction> txs = new ArrayList<>(b.transactions());
        txs.set(0, coinbase(height, 1));
        return new Block(b.header(), txs);
    }

    static Transaction coinbase(int height, int variant) {
        byte[] script = {3, (byte) height, (byte) (height >> 8), (byte) (height >> 16), (byte) variant};
        return new Transaction(2, List.of(new TxInput(OutPoint.NULL, ByteString.wrap(script), TxInput.SEQUENCE_FINAL)),
                List.of(new TxOutput(50_0000_0000L, ByteString.wrap(new byte[] {0x51}))), 0);
    }

    private static Transaction spend(int height, int i) {
        Hash256 prevTx = Hash256.doubleSha256(ByteString.wrap(new byte[] {(byte) height, (byte) (height >> 8), (byte) i}));
        return new Transaction(2, List.of(new TxInput(new OutPoint(prevTx, i), ByteString.wrap(new byte[] {0x51}),
                TxInput.SEQUENCE_FINAL)), List.of(new TxOutput(1000, ByteString.wrap(new byte[] {0x51}))), 0);
    }

    private static Block mine(BlockHeader prev, List<Transaction> txs) {
        Block unmined = new Block(new BlockHeader(4, prev.hash(), Hash256.ZERO, 0, 0, 0), txs);
        Hash256 root = unmined.computeMerkleRoot().root();
        for (long nonce = 0; ; nonce++) {
            BlockHeader h = new BlockHeader(4, prev.hash(), root, prev.time() + 600, 0x207fffffL, nonce);
            if (h.checkProofOfWork(ConsensusParams.REGTEST.powLimit())) {
                return new Block(h, txs);
            }
        }
    }
}
