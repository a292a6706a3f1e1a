package org.btcpeer.chain.filter;

import java.util.List;
import java.util.Objects;

import org.btcpeer.wire.message.KnownMessage;

/**
 * What a serving node does with a BIP-157 request ({@link FilterRequests}): send messages, or
 * disconnect the peer, as Core does for a request it will not serve.
 */
public sealed interface FilterReply {

    /**
     * Send these messages, in order.
     *
     * @param messages the cfilter messages, or the one cfheaders or cfcheckpt
     */
    record Send(List<KnownMessage> messages) implements FilterReply {
        /** Copies the list. */
        public Send {
            messages = List.copyOf(messages);
        }
    }

    /**
     * Disconnect the peer (Core sets {@code fDisconnect} in {@code PrepareBlockFilterRequest}).
     *
     * @param reason what was wrong with the request, with values
     */
    record Disconnect(String reason) implements FilterReply {
        /** Checks the reason. */
        public Disconnect {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
