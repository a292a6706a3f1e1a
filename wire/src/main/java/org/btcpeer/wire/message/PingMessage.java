package org.btcpeer.wire.message;

import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * ping (BIP-31): a keep-alive; the receiver answers with a pong carrying the same nonce.
 *
 * <pre>[8 nonce]</pre>
 *
 * <p>Pre-BIP-31 peers (below protocol 60000) sent an empty ping; Core no longer talks to them
 * (MIN_PEER_PROTO_VERSION is 31800, but no such peer exists), and this codec requires the nonce.
 *
 * @param nonce the random nonce
 */
public record PingMessage(long nonce) implements KnownMessage {

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if truncated
     */
    public static PingMessage decode(WireReader r) throws WireException {
        return new PingMessage(r.readInt64Le("nonce"));
    }

    @Override
    public Command command() {
        return Command.PING;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeInt64Le(nonce);
    }
}
