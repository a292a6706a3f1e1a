package org.btcpeer.wire.message;

import java.util.Objects;

import org.btcpeer.wire.chain.BlockTransactions;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * blocktxn (BIP-152): the transactions asked for by getblocktxn.
 *
 * <pre>[32 block hash][CompactSize n][n × tx]</pre>
 *
 * @param transactions the payload
 */
public record BlockTxnMessage(BlockTransactions transactions) implements KnownMessage {

    /**
     * Requires the payload.
     *
     * @param transactions the payload
     */
    public BlockTxnMessage {
        Objects.requireNonNull(transactions, "transactions");
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed
     */
    public static BlockTxnMessage decode(WireReader r) throws WireException {
        return new BlockTxnMessage(BlockTransactions.decode(r));
    }

    @Override
    public Command command() {
        return Command.BLOCKTXN;
    }

    @Override
    public void encodePayload(WireWriter w) {
        transactions.encode(w);
    }
}
