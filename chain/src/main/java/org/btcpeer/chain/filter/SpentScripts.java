package org.btcpeer.chain.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.OutPoint;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxInput;
import org.btcpeer.wire.chain.TxOutput;

/**
 * The output scripts a block spends, found by remembering the script of every unspent output of
 * the blocks seen so far (what Core reads from a block's undo data, {@code CBlockUndo}). Feed it
 * the blocks of one chain in height order, from genesis. Not thread-safe: one builder owns it.
 *
 * <p>It keeps one entry per unspent output, so it suits the chains a test or a small serving node
 * holds; a node over mainnet would read its undo data instead.
 */
public final class SpentScripts {

    private final Map<OutPoint, ByteString> unspent = new HashMap<>();

    /** A tracker that has seen no block yet. */
    public SpentScripts() {
    }

    /**
     * Connects the next block: returns the scripts of the outputs it spends (including outputs of
     * earlier transactions of the same block) and remembers the outputs it creates. All or
     * nothing: a block that is refused leaves the tracker as it was, so the next valid block can
     * still be connected.
     *
     * @param block the next block of the chain
     * @return the spent scripts, one per non-coinbase input, in input order
     * @throws IllegalArgumentException if an input spends an output this tracker does not hold
     */
    public List<ByteString> connect(Block block) {
        List<ByteString> spent = new ArrayList<>();
        Map<OutPoint, ByteString> created = new HashMap<>();
        Set<OutPoint> spentEarlier = new HashSet<>();
        for (Transaction tx : block.transactions()) {
            if (!tx.isCoinbase()) {
                for (TxInput in : tx.inputs()) {
                    ByteString script = created.remove(in.prevout());
                    if (script == null && spentEarlier.add(in.prevout())) {
                        script = unspent.get(in.prevout());
                    }
                    if (script == null) {
                        throw new IllegalArgumentException("block " + block.hash() + " spends an unknown output " + in.prevout());
                    }
                    spent.add(script);
                }
            }
            List<TxOutput> outs = tx.outputs();
            for (int i = 0; i < outs.size(); i++) {
                created.put(new OutPoint(tx.txid(), i), outs.get(i).scriptPubKey());
            }
        }
        unspent.keySet().removeAll(spentEarlier);
        unspent.putAll(created);
        return spent;
    }

    /** The number of unspent outputs remembered. */
    public int size() {
        return unspent.size();
    }
}
