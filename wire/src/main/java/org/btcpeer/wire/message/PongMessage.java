package org.btcpeer.wire.message;

import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * pong (BIP-31): the answer to a ping, echoing its nonce; the round trip gives the latency.
 *
 * <pre>[8 nonce]</pre>
 *
 * <p>Pre-BIP-31 peers (below protocol 60000) sent an empty ping; Core no longer talks to them
 * (MIN_PEER_PROTO_VERSION is 31800, but no such peer exists), and this codec requires the nonce.
 *
 * @param nonce the random nonce
 */
public record PongMessage(long nonce) implements KnownMessage {

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if truncated
     */
    public static PongMessage decode(WireReader r) throws WireException {
        return new PongMessage(r.readInt64Le("nonce"));
    }

    @Override
    public Command command() {
        return Command.PONG;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeInt64Le(nonce);
    }
}
