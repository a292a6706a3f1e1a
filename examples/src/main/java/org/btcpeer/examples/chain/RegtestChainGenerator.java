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
 *   <li>one coinbase transaction per block, with no witness (so no BIP-141 commitment is needed);</li>
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
            Transaction coinbase = coinbase(height, extra, subsidy(height));
            Block block = mine(prev, coinbase, startTime + (long) (height - 1) * spacing);
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
     * Builds the block for {@code coinbase} and grinds the nonce until the proof of work is valid.
     *
     * @param prev     the previous block's hash
     * @param coinbase the only transaction
     * @param time     the timestamp
     * @return the block
     */
    static Block mine(Hash256 prev, Transaction coinbase, long time) {
        Hash256 merkleRoot = MerkleTree.computeRoot(List.of(coinbase.txid())).root();
        for (long nonce = 0; nonce <= 0xffff_ffffL; nonce++) {
            BlockHeader header = new BlockHeader(VERSION, prev, merkleRoot, time, BITS, nonce);
            if (ProofOfWork.checkProofOfWork(header.hash(), BITS, POW_LIMIT)) {
                return new Block(header, List.of(coinbase));
            }
        }
        throw new IllegalStateException("no nonce meets the regtest target (impossible in practice)");
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
