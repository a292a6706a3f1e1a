package org.btcpeer.bench.jmh;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.btcpeer.bench.BenchData;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireWriter;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.Transaction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Block and transaction decoding, encoding and id computation on real mainnet data: btcpeer
 * next to bitcoinj-core 0.17.1 decoding the same bytes, and the floor (btcpeer decode plus one
 * double SHA-256 over the input, i.e. the least hashing any txid computation can do).
 *
 * <p>Every decode is fresh, so the lazily memoized txids and wtxids are computed again in each
 * operation. Throughput in MB/s is the input size divided by the time per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BlockCodecBenchmark {

    /** The input: {@code block1MB}, {@code block2MB} or {@code megatx} (see {@link BenchData}). */
    @Param({"block1MB", "block2MB", "megatx"})
    public String input;

    private byte[] bytes;
    private ByteString byteString;
    private boolean isBlock;
    private Block decodedBlock;
    private Transaction decodedTx;
    private org.bitcoinj.core.Block bitcoinjBlock;
    private org.bitcoinj.core.Transaction bitcoinjTx;

    /**
     * Loads the input and decodes it once with both libraries, checking that they agree.
     *
     * @throws WireException if btcpeer cannot decode the input
     */
    @Setup
    public void setUp() throws WireException {
        bytes = BenchData.resource(BenchData.file(input));
        byteString = ByteString.wrap(bytes);
        isBlock = !input.equals("megatx");
        if (isBlock) {
            decodedBlock = Block.decode(byteString);
            bitcoinjBlock = org.bitcoinj.core.Block.read(ByteBuffer.wrap(bytes));
            check(decodedBlock.transactions().size() == bitcoinjBlock.getTransactions().size(), "tx count");
            check(decodedBlock.transactions().get(1).txid().toString()
                    .equals(bitcoinjBlock.getTransactions().get(1).getTxId().toString()), "txid");
            check(java.util.Arrays.equals(bitcoinjBlock.serialize(), bytes), "bitcoinj round trip");
        } else {
            decodedTx = Transaction.decode(byteString);
            bitcoinjTx = org.bitcoinj.core.Transaction.read(ByteBuffer.wrap(bytes));
            check(decodedTx.txid().toString().equals(bitcoinjTx.getTxId().toString()), "txid");
        }
        checkEncoders();
    }

    /** Both btcpeer encoders reproduce the input; checked once before measuring. */
    private void checkEncoders() {
        check(java.util.Arrays.equals(btcpeerEncodeConstructed().toByteArray(), bytes), "btcpeer constructed encoding");
        check(java.util.Arrays.equals(btcpeerCopyRetained().toByteArray(), bytes), "btcpeer retained copy");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("check failed (btcpeer vs input or bitcoinj): " + what);
        }
    }

    /**
     * btcpeer: decode (zero-copy, nothing hashed).
     *
     * @return the decoded value
     * @throws WireException never for this input
     */
    @Benchmark
    public Object btcpeerDecode() throws WireException {
        return isBlock ? Block.decode(byteString) : Transaction.decode(byteString);
    }

    /**
     * bitcoinj 0.17.1: {@code Block.read} / {@code Transaction.read} (hashes the block header).
     *
     * @return the decoded value
     */
    @Benchmark
    public Object bitcoinjDecode() {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        return isBlock ? org.bitcoinj.core.Block.read(buf) : org.bitcoinj.core.Transaction.read(buf);
    }

    /**
     * btcpeer: write a <em>decoded</em> value into an exactly sized buffer. A decoded block or
     * transaction keeps the bytes it came from and writes them back, so this is a copy, not an
     * encoder; the report lists it without a baseline. {@link #btcpeerEncodeConstructed} is the encoder.
     *
     * @return the bytes
     */
    @Benchmark
    public ByteString btcpeerCopyRetained() {
        if (isBlock) {
            WireWriter w = new WireWriter(decodedBlock.serializedSize());
            decodedBlock.encode(w);
            return w.toByteString();
        }
        WireWriter w = new WireWriter(decodedTx.serializedSize());
        decodedTx.encode(w);
        return w.toByteString();
    }

    /**
     * btcpeer: build the value with the public constructors from the decoded fields (header fields,
     * each transaction's version, inputs, outputs and lock time), then encode it. A constructed
     * transaction has no retained bytes: it serializes itself field by field (once, into its own
     * buffer, which the block then copies), as an application's own block or transaction would.
     * The counterpart of bitcoinj's {@code serialize()}, which also writes every field.
     *
     * @return the bytes
     */
    @Benchmark
    public ByteString btcpeerEncodeConstructed() {
        if (isBlock) {
            BlockHeader h = decodedBlock.header();
            List<Transaction> txs = new ArrayList<>(decodedBlock.transactions().size());
            for (Transaction tx : decodedBlock.transactions()) {
                txs.add(constructed(tx));
            }
            Block block = new Block(new BlockHeader(h.version(), h.prevBlock(), h.merkleRoot(), h.time(), h.bits(), h.nonce()), txs);
            WireWriter w = new WireWriter(block.serializedSize());
            block.encode(w);
            return w.toByteString();
        }
        Transaction tx = constructed(decodedTx);
        WireWriter w = new WireWriter(tx.serializedSize());
        tx.encode(w);
        return w.toByteString();
    }

    private static Transaction constructed(Transaction tx) {
        return new Transaction(tx.version(), tx.inputs(), tx.outputs(), tx.lockTime());
    }

    /**
     * bitcoinj 0.17.1: {@code serialize()} of the decoded value.
     *
     * @return the bytes
     */
    @Benchmark
    public byte[] bitcoinjEncode() {
        return isBlock ? bitcoinjBlock.serialize() : bitcoinjTx.serialize();
    }

    /**
     * btcpeer: decode, then every transaction's txid and wtxid.
     *
     * @param bh the blackhole
     * @throws WireException never for this input
     */
    @Benchmark
    public void btcpeerDecodeAllIds(Blackhole bh) throws WireException {
        if (isBlock) {
            for (Transaction tx : Block.decode(byteString).transactions()) {
                bh.consume(tx.txid());
                bh.consume(tx.wtxid());
            }
        } else {
            Transaction tx = Transaction.decode(byteString);
            bh.consume(tx.txid());
            bh.consume(tx.wtxid());
        }
    }

    /**
     * bitcoinj 0.17.1: decode, then every transaction's {@code getTxId()} and {@code getWTxId()}.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void bitcoinjDecodeAllIds(Blackhole bh) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (isBlock) {
            for (org.bitcoinj.core.Transaction tx : org.bitcoinj.core.Block.read(buf).getTransactions()) {
                bh.consume(tx.getTxId());
                bh.consume(tx.getWTxId());
            }
        } else {
            org.bitcoinj.core.Transaction tx = org.bitcoinj.core.Transaction.read(buf);
            bh.consume(tx.getTxId());
            bh.consume(tx.getWTxId());
        }
    }

    /**
     * The floor of decode + ids: btcpeer decode plus one double SHA-256 over all input bytes.
     *
     * @param bh the blackhole
     * @throws WireException never for this input
     */
    @Benchmark
    public void floorDecodePlusOneHash(Blackhole bh) throws WireException {
        bh.consume(isBlock ? Block.decode(byteString) : Transaction.decode(byteString));
        bh.consume(Hash256.doubleSha256(byteString));
    }

    /**
     * One double SHA-256 over all input bytes (the JDK's SHA-256 speed on this machine).
     *
     * @return the hash
     */
    @Benchmark
    public Hash256 sha256dOnly() {
        return Hash256.doubleSha256(byteString);
    }
}
