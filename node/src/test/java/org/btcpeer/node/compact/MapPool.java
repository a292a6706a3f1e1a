package org.btcpeer.node.compact;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.btcpeer.node.TransactionPool;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Transaction;

/** A transaction pool in a map, for tests. */
final class MapPool implements TransactionPool {

    private final Map<Hash256, Transaction> byWtxid = new ConcurrentHashMap<>();

    MapPool(Collection<Transaction> txs) {
        txs.forEach(this::add);
    }

    void add(Transaction tx) {
        byWtxid.put(tx.wtxid(), tx);
    }

    @Override
    public Optional<Transaction> byTxid(Hash256 txid) {
        return byWtxid.values().stream().filter(t -> t.txid().equals(txid)).findFirst();
    }

    @Override
    public Optional<Transaction> byWtxid(Hash256 wtxid) {
        return Optional.ofNullable(byWtxid.get(wtxid));
    }

    @Override
    public void forEach(Consumer<Transaction> visitor) {
        byWtxid.values().forEach(visitor);
    }
}
