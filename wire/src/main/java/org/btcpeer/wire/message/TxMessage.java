package org.btcpeer.wire.message;

import java.util.Objects;

import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * tx: one transaction, with witness data when it has any (BIP-144).
 *
 * <pre>[4 version][(0x00 0x01) if witness][inputs][outputs][witnesses if any][4 lock time]</pre>
 *
 * @param transaction the payload
 */
public record TxMessage(Transaction transaction) implements KnownMessage {

    /**
     * Requires the payload.
     *
     * @param transaction the payload
     */
    public TxMessage {
        Objects.requireNonNull(transaction, "transaction");
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed
     */
    public static TxMessage decode(WireReader r) throws WireException {
        return new TxMessage(Transaction.decode(r));
    }

    @Override
    public Command command() {
        return Command.TX;
    }

    @Override
    public int encodedSizeHint() {
        return transaction.serializedSize();
    }

    @Override
    public void encodePayload(WireWriter w) {
        transaction.encode(w);
    }
}
