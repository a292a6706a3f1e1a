package org.btcpeer.node.compact;

/** Why a compact block was not reconstructed and the full block was requested instead. */
public enum FallbackReason {
    /**
     * Two short ids in the cmpctblock are equal (Core's {@code InitData}: "Short ID collision",
     * {@code READ_STATUS_FAILED}): no slot can be filled reliably.
     */
    SHORT_ID_COLLISION,
    /**
     * The reconstructed block does not match its header: merkle root, witness commitment or a
     * 64-byte transaction (Core's {@code FillBlock} calling {@code IsBlockMutated}: "Possible Short
     * ID collision", {@code READ_STATUS_FAILED}). A pool transaction shared a short id with a block
     * transaction it is not.
     */
    BLOCK_MUTATED,
    /** The peer did not answer our getblocktxn within the configured time. */
    TIMEOUT
}
