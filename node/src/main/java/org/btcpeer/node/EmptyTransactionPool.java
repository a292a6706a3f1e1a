package org.btcpeer.node;

import java.util.Optional;
import java.util.function.Consumer;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Transaction;

/** The pool of a node that keeps no transactions. */
enum EmptyTransactionPool implements TransactionPool {
    INSTANCE;

    @Override
    public Optional<Transaction> byTxid(Hash256 txid) {
        return Optional.empty();
    }

    @Override
    public Optional<Transaction> byWtxid(Hash256 wtxid) {
        return Optional.empty();
    }

    @Override
    public void forEach(Consumer<Transaction> visitor) {
    }
}
