package org.btcpeer.chain.filter;

import java.util.ArrayList;
import java.util.List;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.MerkleTree;
import org.btcpeer.wire.chain.OutPoint;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxInput;
import org.btcpeer.wire.chain.TxOutput;

/**
 * Linked blocks for index tests (no proof of work: the index does not check it). The coinbase of
 * block {@code h} pays {@link #coinbaseScript(int)}; from height 1 each block also has a
 * transaction spending the previous block's coinbase to {@link #paymentScript(int)} and to an
 * OP_RETURN output, and a second one spending that payment within the same block.
 */
public final class TestChain {

    private TestChain() {
    }

    /** A P2PKH-shaped script naming the height. */
    public static ByteString coinbaseScript(int height) {
        return ByteString.fromHex("76a914" + "%040x".formatted(height) + "88ac");
    }

    /** A P2WPKH-shaped script naming the height. */
    public static ByteString paymentScript(int height) {
        return ByteString.fromHex("0014" + "%040x".formatted(0x1000000 + height));
    }

    /** A P2WSH-shaped script naming the height, paid by the in-block spend of the payment. */
    public static ByteString changeScript(int height) {
        return ByteString.fromHex("0020" + "%064x".formatted(0x2000000 + height));
    }

    /** The chain from genesis to {@code tipHeight}. */
    public static List<Block> blocks(int tipHeight) {
        List<Block> blocks = new ArrayList<>();
        Hash256 prev = Hash256.ZERO;
        Transaction prevCoinbase = null;
        for (int h = 0; h <= tipHeight; h++) {
            List<Transaction> txs = new ArrayList<>();
            ByteString heightPush = ByteString.fromHex("04" + "%08x".formatted(h));
            txs.add(new Transaction(1, List.of(new TxInput(OutPoint.NULL, heightPush, TxInput.SEQUENCE_FINAL)),
                    List.of(new TxOutput(50_0000_0000L, coinbaseScript(h))), 0));
            if (prevCoinbase != null) {
                Transaction pay = new Transaction(2,
                        List.of(new TxInput(new OutPoint(prevCoinbase.txid(), 0), ByteString.EMPTY, TxInput.SEQUENCE_FINAL)),
                        List.of(new TxOutput(49_0000_0000L, paymentScript(h)), new TxOutput(0, ByteString.fromHex("6a0401020304"))), 0);
                Transaction change = new Transaction(2,
                        List.of(new TxInput(new OutPoint(pay.txid(), 0), ByteString.EMPTY, TxInput.SEQUENCE_FINAL)),
                        List.of(new TxOutput(48_0000_0000L, changeScript(h))), 0);
                txs.add(pay);
                txs.add(change);
            }
            Hash256 root = MerkleTree.computeRoot(txs.stream().map(Transaction::txid).toList()).root();
            Block b = new Block(new BlockHeader(0x20000000, prev, root, 1_700_000_000L + h, 0x207fffffL, h), txs);
            blocks.add(b);
            prev = b.hash();
            prevCoinbase = txs.getFirst();
        }
        return List.copyOf(blocks);
    }

    /**
     * The index of {@code blocks} as a lying server holds it: the filter of block {@code lieAt} is
     * built without {@code leftOut} (an output or spent script), and every later header on it.
     */
    public static FilterIndex forgedIndex(List<Block> blocks, int lieAt, ByteString leftOut) {
        FilterIndex index = new FilterIndex();
        SpentScripts spent = new SpentScripts();
        for (int h = 0; h < blocks.size(); h++) {
            Block b = blocks.get(h);
            List<ByteString> scripts = spent.connect(b);
            if (h == lieAt) {
                List<ByteString> elements = new ArrayList<>(BlockFilter.basicElements(b, scripts));
                elements.removeIf(leftOut::equals);
                index.connectFilter(b.header().prevBlock(), new BlockFilter(b.hash(), GcsFilter.build(GcsParams.basic(b.hash()), elements)));
            } else {
                index.connect(b, scripts);
            }
        }
        return index;
    }
}
