package org.btcpeer.examples.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.CompactTarget;
import org.btcpeer.wire.chain.MerkleTree;
import org.btcpeer.wire.chain.OutPoint;
import org.btcpeer.wire.chain.ProofOfWork;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxInput;
import org.btcpeer.wire.chain.TxOutput;

/**
 * Generates a deterministic chain of regtest blocks on top of the regtest genesis block, valid by
 * the rules Bitcoin Core applies to them in regtest, so a Core node would connect them:
 *
 * <ul>
 *   <li>one coinbase transaction per block, with no witness (so no BIP-141 commitment is needed);
 *       {@link #generateWithTransactions(int)} adds two spending transactions per block after
 *       coinbase maturity;</li>
 *   <li>the coinbase scriptSig starts with {@code CScript() << height} (BIP-34, active from height 1
 *       on regtest: {@link ScriptNum#pushInt(long)}), followed by an 8-byte push drawn from the
 *       seed, so it is 2 to 100 bytes ("bad-cb-length") and every seed gives a different chain;</li>
 *   <li>one output of the full subsidy (50 BTC halving every 150 blocks on regtest,
 *       {@code nSubsidyHalvingInterval}) to {@code OP_TRUE};</li>
 *   <li>version {@code 0x20000000} (BIP-9 top bits, no signals), bits {@code 0x207fffff} (regtest's
 *       {@code powLimit}; regtest does not retarget), the merkle root of the one txid;</li>
 *   <li>timestamps {@code startTime + height * spacing}: strictly rising, so always above the
 *       median of the previous 11 ("time-too-old"); keep them below now + 2 h ("time-too-new");</li>
 *   <li>real proof of work: the nonce is ground from 0 until the hash is at most the target
 *       (about 2 tries at regtest difficulty).</li>
 * </ul>
 *
 * The same seed, start time and spacing always give the same blocks and hashes.
 */
public final class RegtestChainGenerator {

    /** The block version: BIP-9 version bits with no deployment signalled. */
    public static final int VERSION = 0x2000_0000;
    /** Regtest's compact target ({@code powLimit} 7fffff00…). */
    public static final long BITS = 0x207f_ffffL;
    /** Regtest's {@code nSubsidyHalvingInterval}. */
    public static final int HALVING_INTERVAL = 150;
    /** Satoshis per bitcoin. */
    public static final long COIN = 100_000_000L;
    /** The default time of block 1: 2023-11-14T22:13:20Z, in the past, well after genesis. */
    public static final long DEFAULT_START_TIME = 1_700_000_000L;
    /** The default seconds between blocks. */
    public static final long DEFAULT_SPACING = 30;
    /** The default seed. */
    public static final long DEFAULT_SEED = 1;
    /** {@code OP_TRUE}: the output script of every generated coinbase (anyone can spend it). */
    public static final ByteString OP_TRUE = ByteString.wrap(new byte[]{ScriptNum.OP_1});

    private static final BigInteger POW_LIMIT = CompactTarget.fromBits(NetworkParameters.REGTEST.powLimitBits()).value();

    private final long seed;
    private final long startTime;
    private final long spacing;

    /**
     * A generator.
     *
     * @param seed      the seed for the coinbase extra bytes
     * @param startTime the timestamp of block 1, after the genesis timestamp
     * @param spacing   seconds between consecutive blocks, at least 1
     */
    public RegtestChainGenerator(long seed, long startTime, long spacing) {
        long genesisTime = MemoryChain.genesisBlock(NetworkParameters.REGTEST).header().time();
        if (startTime <= genesisTime) {
            throw new IllegalArgumentException("start time must be after the genesis time " + genesisTime);
        }
        if (spacing < 1) {
            throw new IllegalArgumentException("spacing must be at least 1 s: " + spacing);
        }
        this.seed = seed;
        this.startTime = startTime;
        this.spacing = spacing;
    }

    /**
     * A generator with the default start time and spacing.
     *
     * @param seed the seed
     * @return the generator
     */
    public static RegtestChainGenerator withSeed(long seed) {
        return new RegtestChainGenerator(seed, DEFAULT_START_TIME, DEFAULT_SPACING);
    }

    /**
     * Generates {@code count} blocks on top of regtest genesis.
     *
     * @param count the number of blocks, 0 or more
     * @return the chain, genesis at height 0
     */
    public MemoryChain generate(int count) {
        return generate(count, false);
    }

    /**
     * Generates {@code count} blocks on top of regtest genesis that also carry real transactions,
     * so their BIP-158 filters hold created and spent scripts: from height
     * {@link #COINBASE_MATURITY} + 1 on, block {@code h} also holds
     *
     * <ol>
     *   <li>a transaction spending the coinbase of block {@code h - 100} (now mature) to
     *       {@link #heightScript(int)} and to a zero-value {@code OP_RETURN} output (which a filter
     *       leaves out);</li>
     *   <li>a transaction spending that first output, in the same block, to
     *       {@link #witnessProgramScript(int)}.</li>
     * </ol>
     *
     * Neither has witness data (no BIP-141 commitment is needed); the fees stay unclaimed (a coinbase
     * may claim less than it could).
     *
     * @param count the number of blocks, 0 or more
     * @return the chain, genesis at height 0
     */
    public MemoryChain generateWithTransactions(int count) {
        return generate(count, true);
    }

    /** Core's {@code COINBASE_MATURITY}: a coinbase output can be spent 100 blocks later. */
    public static final int COINBASE_MATURITY = 100;

    /**
     * {@code <height> OP_DROP OP_TRUE}: an output script unique to a height that an empty scriptSig
     * spends.
     *
     * @param height the block height
     * @return the script
     */
    public static ByteString heightScript(int height) {
        byte[] push = ScriptNum.pushInt(height);
        byte[] script = new byte[push.length + 2];
        System.arraycopy(push, 0, script, 0, push.length);
        script[push.length] = 0x75; // OP_DROP
        script[push.length + 1] = ScriptNum.OP_1;
        return ByteString.wrap(script);
    }

    /**
     * A version-0 witness program of 20 bytes naming the height (P2WPKH-shaped; nobody holds its key).
     *
     * @param height the block height
     * @return the script
     */
    public static ByteString witnessProgramScript(int height) {
        return ByteString.fromHex("0014" + "%040x".formatted(0xb17c_0000L + height));
    }

    private MemoryChain generate(int count, boolean withTransactions) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        long lastTime = startTime + (long) count * spacing;
        if (lastTime > 0xffff_ffffL) {
            throw new IllegalArgumentException("timestamps would overflow 32 bits");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Block> blocks = new ArrayList<>(count);
        Hash256 prev = NetworkParameters.REGTEST.genesisHash();
        for (int height = 1; height <= count; height++) {
            byte[] extra = new byte[8];
            long r = random.nextLong();
            for (int i = 0; i < 8; i++) {
                extra[i] = (byte) (r >>> (8 * i));
            }
            List<Transaction> txs = new ArrayList<>();
            txs.add(coinbase(height, extra, subsidy(height)));
            if (withTransactions && height > COINBASE_MATURITY) {
                Transaction matured = blocks.get(height - COINBASE_MATURITY - 1).transactions().get(0);
                long value = matured.outputs().get(0).value() - 1_000;
                Transaction pay = new Transaction(2, List.of(new TxInput(new OutPoint(matured.txid(), 0), ByteString.EMPTY,
                        TxInput.SEQUENCE_FINAL)), List.of(new TxOutput(value, heightScript(height)),
                        new TxOutput(0, ByteString.fromHex("6a04" + "%08x".formatted(height)))), 0);
                Transaction onward = new Transaction(2, List.of(new TxInput(new OutPoint(pay.txid(), 0), ByteString.EMPTY,
                        TxInput.SEQUENCE_FINAL)), List.of(new TxOutput(value - 1_000, witnessProgramScript(height))), 0);
                txs.add(pay);
                txs.add(onward);
            }
            Block block = mine(prev, txs, startTime + (long) (height - 1) * spacing);
            blocks.add(block);
            prev = block.hash();
        }
        return MemoryChain.of(NetworkParameters.REGTEST, blocks);
    }

    /**
     * The block subsidy at a regtest height ({@code GetBlockSubsidy}): 50 BTC, halved every 150
     * blocks, zero after 64 halvings.
     *
     * @param height the block height
     * @return satoshis
     */
    public static long subsidy(int height) {
        int halvings = height / HALVING_INTERVAL;
        return halvings >= 64 ? 0 : (50 * COIN) >> halvings;
    }

    /**
     * A coinbase transaction: the BIP-34 height, an extra push, one output to {@code OP_TRUE}.
     *
     * @param height the block height
     * @param extra  1 to 75 bytes pushed after the height
     * @param value  the output value in satoshis
     * @return the transaction
     */
    public static Transaction coinbase(int height, byte[] extra, long value) {
        byte[] heightPush = ScriptNum.pushInt(height);
        byte[] extraPush = ScriptNum.pushData(extra);
        byte[] scriptSig = new byte[heightPush.length + extraPush.length];
        System.arraycopy(heightPush, 0, scriptSig, 0, heightPush.length);
        System.arraycopy(extraPush, 0, scriptSig, heightPush.length, extraPush.length);
        if (scriptSig.length < 2 || scriptSig.length > 100) {
            throw new IllegalArgumentException("coinbase scriptSig must be 2 to 100 bytes: " + scriptSig.length);
        }
        TxInput in = new TxInput(OutPoint.NULL, ByteString.wrap(scriptSig), TxInput.SEQUENCE_FINAL);
        return new Transaction(1, List.of(in), List.of(new TxOutput(value, OP_TRUE)), 0);
    }

    /**
     * Builds the block for {@code txs} and grinds the nonce until the proof of work is valid.
     *
     * @param prev     the previous block's hash
     * @param txs      the transactions, coinbase first
     * @param time     the timestamp
     * @return the block
     */
    public static Block mine(Hash256 prev, List<Transaction> txs, long time) {
        Hash256 merkleRoot = MerkleTree.computeRoot(txs.stream().map(Transaction::txid).toList()).root();
        for (long nonce = 0; nonce <= 0xffff_ffffL; nonce++) {
            BlockHeader header = new BlockHeader(VERSION, prev, merkleRoot, time, BITS, nonce);
            if (ProofOfWork.checkProofOfWork(header.hash(), BITS, POW_LIMIT)) {
                return new Block(header, List.copyOf(txs));
            }
        }
        throw new IllegalStateException("no nonce meets the regtest target (impossible in practice)");
    }

    /**
     * The next block on {@code chain}: a coinbase for its height (paying the subsidy, no fees
     * counted) followed by {@code txs}, {@value #DEFAULT_SPACING} s after the tip, with valid
     * regtest proof of work. No witness commitment: the transactions must carry no witness.
     *
     * @param chain the chain to extend
     * @param txs   the transactions after the coinbase
     * @return the block, not yet on the chain
     */
    public static Block nextBlock(MemoryChain chain, List<Transaction> txs) {
        int height = chain.height() + 1;
        List<Transaction> all = new ArrayList<>(txs.size() + 1);
        all.add(coinbase(height, new byte[]{'n', 'e', 'x', 't'}, subsidy(height)));
        all.addAll(txs);
        return mine(chain.tip().hash(), all, chain.tip().header().time() + DEFAULT_SPACING);
    }

    /**
     * A transaction spending the {@code OP_TRUE} output of a generated block's coinbase back to
     * {@code OP_TRUE}, paying {@code fee}: a real transaction to announce (it would be valid once
     * the coinbase matures after 100 blocks).
     *
     * @param block a generated block
     * @param fee   the fee in satoshis
     * @return the transaction
     */
    public static Transaction spendCoinbase(Block block, long fee) {
        Transaction cb = block.transactions().get(0);
        TxInput in = new TxInput(new OutPoint(cb.txid(), 0), ByteString.EMPTY, TxInput.SEQUENCE_FINAL);
        return new Transaction(2, List.of(in), List.of(new TxOutput(cb.outputs().get(0).value() - fee, OP_TRUE)), 0);
    }
}
