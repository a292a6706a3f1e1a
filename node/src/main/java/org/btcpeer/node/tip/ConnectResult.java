package org.btcpeer.node.tip;

import java.util.Objects;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.wire.Hash256;

/**
 * What {@link ActiveChain#connect} did with a block: it became the tip, it does not extend the
 * tip (already held, a fork, a gap: nobody's fault), or its header breaks the consensus rules
 * (the sender's fault).
 */
public sealed interface ConnectResult {

    /** Whether the block became the tip. */
    default boolean connected() {
        return this instanceof Connected;
    }

    /**
     * The block is the new tip.
     *
     * @param tip its header, with its height
     */
    record Connected(ChainHeader tip) implements ConnectResult {
        /**
         * Checks the header is present.
         *
         * @param tip the new tip
         */
        public Connected {
            Objects.requireNonNull(tip, "tip");
        }
    }

    /**
     * The block's parent is not our tip; nothing changed.
     *
     * @param tip our tip's hash
     */
    record NotExtending(Hash256 tip) implements ConnectResult {
    }

    /**
     * The block's header failed a check of {@code HeaderChain.add} (proof of work, difficulty,
     * timestamps, version); nothing changed.
     *
     * @param reason what failed, Core's reject reason included
     */
    record Invalid(String reason) implements ConnectResult {
    }
}
