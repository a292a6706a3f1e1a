package org.btcpeer.chain.client;

import java.util.List;
import java.util.Optional;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.chain.Block;

/**
 * Where a client finds the scripts of the outputs a block spends, to build the block's exact
 * basic filter when peers disagree on it (BIP-157 "client operation"). A light client usually has
 * no such source ({@link #NONE}): the block's own output scripts are then the only evidence
 * (a filter that misses one is false), as in Neutrino.
 */
@FunctionalInterface
public interface SpentScriptSource {

    /** No spent scripts: disputes are settled by the block's output scripts alone. */
    SpentScriptSource NONE = block -> Optional.empty();

    /**
     * The scripts the block spends.
     *
     * @param block the block, checked against its header
     * @return the scripts (one per non-coinbase input, any order), or empty if unknown
     */
    Optional<List<ByteString>> spentScripts(Block block);
}
