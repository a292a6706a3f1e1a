package org.btcpeer.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.btcpeer.node.serve.ChainSource;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.OutPoint;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxInput;
import org.btcpeer.wire.chain.TxOutput;

/**
 * A chain of blocks in memory for the node parts' tests: regtest genesis and then linked blocks of
 * one coinbase each (regtest proof of work, so a {@code HeaderChain} takes them). Extra blocks (forks, stored but not on the chain) can be added by hash.
 */
public final class TestChain implements ChainSource {

    private static final java.math.BigInteger REGTEST_POW_LIMIT = java.math.BigInteger.ONE.shiftLeft(255).subtract(java.math.BigInteger.ONE);

    private final List<Block> blocks = new ArrayList<>();
    private final Map<Hash256, Integer> heights = new HashMap<>();
    private final Map<Hash256, Block> stored = new HashMap<>();

    private TestChain(List<Block> chain) {
        for (Block b : chain) {
            heights.put(b.hash(), blocks.size());
            blocks.add(b);
            stored.put(b.hash(), b);
        }
    }

    /** Genesis and {@code n} more blocks on regtest. */
    public static TestChain regtest(int n) {
        Block genesis = genesis();
        List<Block> chain = new ArrayList<>(List.of(genesis));
        chain.addAll(extend(genesis.hash(), 1, n, 0));
        return new TestChain(chain);
    }

    /** {@code count} coinbase-only blocks after {@code parent}, starting at {@code height}; {@code salt} tells forks apart. */
    public static List<Block> extend(Hash256 parent, int height, int count, int salt) {
        List<Block> out = new ArrayList<>(count);
        Hash256 prev = parent;
        for (int h = height; h < height + count; h++) {
            Transaction coinbase = new Transaction(2, List.of(new TxInput(OutPoint.NULL,
                    ByteString.fromHex(String.format("04%08x%02x", Integer.reverseBytes(h), salt & 0xff)), TxInput.SEQUENCE_FINAL)),
                    List.of(new TxOutput(50_0000_0000L, ByteString.fromHex("51"))), 0);
            Block unrooted = new Block(new BlockHeader(4, prev, Hash256.ZERO, 1_700_000_000L + h * 600L, 0x207fffffL, 0),
                    List.of(coinbase));
            BlockHeader header;
            long nonce = 0;
            do { // regtest proof of work: about two tries
                header = new BlockHeader(4, prev, unrooted.computeMerkleRoot().root(), 1_700_000_000L + h * 600L, 0x207fffffL, nonce++);
            } while (!header.checkProofOfWork(REGTEST_POW_LIMIT));
            Block b = new Block(header, List.of(coinbase));
            out.add(b);
            prev = b.hash();
        }
        return out;
    }

    /** The regtest genesis block. */
    public static Block genesis() {
        try {
            return Block.decode(NetworkParameters.REGTEST.genesisBlock());
        } catch (WireException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A raw block from the wire module's test data (the classpath). */
    public static Block resourceBlock(String path) {
        try (InputStream in = TestChain.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + path);
            }
            return Block.decode(ByteString.wrap(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (WireException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores a block that is not on the chain (a fork, or a block to serve by hash only). */
    public void store(Block b) {
        stored.put(b.hash(), b);
    }

    /** Appends blocks to the chain (they must link). */
    public void append(List<Block> more) {
        for (Block b : more) {
            if (!b.header().prevBlock().equals(blocks.getLast().hash())) {
                throw new IllegalArgumentException("does not link");
            }
            heights.put(b.hash(), blocks.size());
            blocks.add(b);
            stored.put(b.hash(), b);
        }
    }

    /** The block at a height. */
    public Block at(int height) {
        return blocks.get(height);
    }

    /** The hash at a height. */
    public Hash256 hash(int height) {
        return blocks.get(height).hash();
    }

    @Override
    public int height() {
        return blocks.size() - 1;
    }

    @Override
    public Optional<BlockHeader> header(int height) {
        return height < 0 || height >= blocks.size() ? Optional.empty() : Optional.of(blocks.get(height).header());
    }

    @Override
    public OptionalInt height(Hash256 blockHash) {
        Integer h = heights.get(blockHash);
        return h == null ? OptionalInt.empty() : OptionalInt.of(h);
    }

    @Override
    public Optional<ByteString> block(Hash256 blockHash) {
        return Optional.ofNullable(stored.get(blockHash)).map(Block::serialization);
    }
}
