package org.btcpeer.node.compact;

/**
 * Compact block data that no honest peer sends. Core v30 calls {@code Misbehaving} for each, so
 * the peer is disconnected and its address discouraged; {@link #coreMessage()} is Core's text.
 */
public enum CompactMisbehaviour {
    /** A cmpctblock {@code InitData} found invalid (Core: "invalid compact block"). */
    INVALID_COMPACT_BLOCK("invalid compact block"),
    /**
     * A blocktxn whose transaction count is not the number missing (Core: "invalid compact
     * block/non-matching block transactions").
     */
    NON_MATCHING_BLOCK_TRANSACTIONS("invalid compact block/non-matching block transactions"),
    /** A getblocktxn naming a position the block does not have (Core: "getblocktxn with out-of-bounds tx indices"). */
    OUT_OF_BOUNDS_GETBLOCKTXN("getblocktxn with out-of-bounds tx indices");

    private final String coreMessage;

    CompactMisbehaviour(String coreMessage) {
        this.coreMessage = coreMessage;
    }

    /**
     * Core's {@code Misbehaving} message for this case.
     *
     * @return the message
     */
    public String coreMessage() {
        return coreMessage;
    }
}
