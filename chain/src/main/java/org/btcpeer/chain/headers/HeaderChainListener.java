package org.btcpeer.chain.headers;

/**
 * Told when headers join or leave the best chain. On a reorg the old branch is disconnected tip
 * first, then the new branch is connected from the fork upwards, so a listener can keep a
 * height-indexed view in step. Called after the chain's lock is released, on the adding thread.
 */
public interface HeaderChainListener {

    /**
     * A header became part of the best chain.
     *
     * @param header the header, with its height and chain work
     */
    default void onConnected(ChainHeader header) {
    }

    /**
     * A header left the best chain (a reorg); it stays known as a fork.
     *
     * @param header the header
     */
    default void onDisconnected(ChainHeader header) {
    }
}
