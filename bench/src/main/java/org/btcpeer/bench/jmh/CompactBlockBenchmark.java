package org.btcpeer.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.btcpeer.bench.BenchData;
import org.btcpeer.node.TransactionPool;
import org.btcpeer.node.compact.PartialBlock;
import org.btcpeer.node.compact.ReadOutcome;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.HeaderAndShortIds;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxOutput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BIP-152 reconstruction of a 2,000-transaction block from a pool holding all of them (issue #15:
 * at most 1 ms), next to decoding the same block from its bytes and checking its merkle root (what
 * receiving the full block costs before validation).
 *
 * <p>The block is mainnet block 574,200 cut to its first 2,000 transactions, with the coinbase's
 * witness commitment and the header's merkle root recomputed, so it passes the same mutation check
 * a real block does. Pool transactions have their ids computed already, as in a mempool;
 * reconstruction computes 1,999 short ids (SipHash), matches them, and checks the merkle root and
 * witness commitment of the result (about 4,000 SHA-256d of 64 bytes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CompactBlockBenchmark {

    /** Transactions in the benchmark block. */
    public static final int TX_COUNT = 2_000;

    private static final byte[] COMMITMENT_PREFIX = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};

    private ByteString blockBytes;
    private HeaderAndShortIds compact;
    private TransactionPool pool;

    /**
     * Builds the 2,000-transaction block, its compact form and the pool, and checks that
     * reconstruction gives the block back.
     *
     * @throws WireException if the data file does not decode
     */
    @Setup
    public void setUp() throws WireException {
        Block source = Block.decode(ByteString.wrap(BenchData.resource(BenchData.BLOCK_SEGWIT)));
        Block block = cut(source, TX_COUNT);
        blockBytes = block.serialization();
        compact = HeaderAndShortIds.fromBlock(block, 0x0123456789abcdefL);
        List<Transaction> txs = block.transactions().subList(1, TX_COUNT);
        txs.forEach(Transaction::wtxid);
        txs.forEach(Transaction::txid);
        pool = new ListPool(txs);
        Block rebuilt = reconstructFromPool();
        if (!rebuilt.serialization().equals(blockBytes)) {
            throw new IllegalStateException("reconstruction did not give the block back");
        }
    }

    /** The first {@code n} transactions of {@code source}, with a coinbase and header that commit to them. */
    static Block cut(Block source, int n) {
        List<Transaction> txs = new ArrayList<>(source.transactions().subList(0, n));
        Block draft = new Block(source.header(), txs);
        Hash256 commitment = draft.computeWitnessCommitment().orElseThrow();
        Transaction cb = txs.get(0);
        List<TxOutput> outputs = new ArrayList<>();
        for (TxOutput out : cb.outputs()) {
            boolean isCommitment = out.scriptPubKey().size() >= 38
                    && out.scriptPubKey().slice(0, COMMITMENT_PREFIX.length).equals(ByteString.copyOf(COMMITMENT_PREFIX));
            if (isCommitment) {
                byte[] script = new byte[38];
                System.arraycopy(COMMITMENT_PREFIX, 0, script, 0, COMMITMENT_PREFIX.length);
                commitment.copyTo(script, COMMITMENT_PREFIX.length);
                outputs.add(new TxOutput(out.value(), ByteString.copyOf(script)));
            } else {
                outputs.add(out);
            }
        }
        txs.set(0, new Transaction(cb.version(), cb.inputs(), outputs, cb.lockTime()));
        Block withCoinbase = new Block(source.header(), txs);
        BlockHeader h = source.header();
        BlockHeader header = new BlockHeader(h.version(), h.prevBlock(), withCoinbase.computeMerkleRoot().root(),
                h.time(), h.bits(), h.nonce());
        return new Block(header, txs);
    }

    /**
     * Reconstruction: short ids matched against the pool, then the block filled and checked.
     *
     * @return the block
     */
    @Benchmark
    public Block reconstructFromPool() {
        ReadOutcome<PartialBlock> init = PartialBlock.init(compact, pool);
        if (!(init instanceof ReadOutcome.Ok<PartialBlock> ok) || !ok.value().missing().isEmpty()) {
            throw new IllegalStateException("not reconstructed from the pool alone: " + init);
        }
        if (!(ok.value().fill(List.of()) instanceof ReadOutcome.Ok<Block> block)) {
            throw new IllegalStateException("fill failed");
        }
        return block.value();
    }

    /**
     * The first half of reconstruction alone: short ids of the pool matched (Core's {@code InitData}).
     *
     * @return the partial block
     */
    @Benchmark
    public ReadOutcome<PartialBlock> matchPoolOnly() {
        return PartialBlock.init(compact, pool);
    }

    /**
     * Baseline: decoding the same block from its bytes and computing its merkle root (txids).
     *
     * @return the root
     * @throws WireException never: the bytes are a block
     */
    @Benchmark
    public Hash256 decodeBlockAndMerkleRoot() throws WireException {
        return Block.decode(blockBytes).computeMerkleRoot().root();
    }

    /** A pool over a list: every visit walks the whole list, as Core walks its mempool. */
    private record ListPool(List<Transaction> txs) implements TransactionPool {
        @Override
        public Optional<Transaction> byTxid(Hash256 txid) {
            return txs.stream().filter(t -> t.txid().equals(txid)).findFirst();
        }

        @Override
        public Optional<Transaction> byWtxid(Hash256 wtxid) {
            return txs.stream().filter(t -> t.wtxid().equals(wtxid)).findFirst();
        }

        @Override
        public void forEach(Consumer<Transaction> visitor) {
            txs.forEach(visitor);
        }
    }
}
