package org.btcpeer.wire.message;

import java.util.Objects;

import org.btcpeer.wire.chain.BlockTransactionsRequest;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * getblocktxn (BIP-152): asks for the transactions of a compact block the receiver could not rebuild.
 *
 * <pre>[32 block hash][CompactSize n][n × CompactSize index delta]</pre>
 *
 * @param request the payload
 */
public record GetBlockTxnMessage(BlockTransactionsRequest request) implements KnownMessage {

    /**
     * Requires the payload.
     *
     * @param request the payload
     */
    public GetBlockTxnMessage {
        Objects.requireNonNull(request, "request");
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed
     */
    public static GetBlockTxnMessage decode(WireReader r) throws WireException {
        return new GetBlockTxnMessage(BlockTransactionsRequest.decode(r));
    }

    @Override
    public Command command() {
        return Command.GETBLOCKTXN;
    }

    @Override
    public void encodePayload(WireWriter w) {
        request.encode(w);
    }
}
