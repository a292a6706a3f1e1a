package org.btcpeer.node.relay;

import java.util.Optional;
import java.util.function.Consumer;

import org.btcpeer.node.TransactionPool;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Transaction;

/** The recently announced transactions, then the application's pool: what getdata is answered from. */
record ServingPool(RecentTransactions recent, TransactionPool pool) implements TransactionPool {

    @Override
    public Optional<Transaction> byTxid(Hash256 txid) {
        Optional<Transaction> t = recent.byTxid(txid);
        return t.isPresent() ? t : pool.byTxid(txid);
    }

    @Override
    public Optional<Transaction> byWtxid(Hash256 wtxid) {
        Optional<Transaction> t = recent.byWtxid(wtxid);
        return t.isPresent() ? t : pool.byWtxid(wtxid);
    }

    @Override
    public void forEach(Consumer<Transaction> visitor) {
        recent.forEach(visitor);
        pool.forEach(t -> {
            if (recent.byWtxid(t.wtxid()).isEmpty()) {
                visitor.accept(t);
            }
        });
    }
}
