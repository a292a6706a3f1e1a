package org.btcpeer.chain.sync;

import org.btcpeer.peer.Peer;

/**
 * Deals with a peer that sent headers Core would punish ({@code Misbehaving}): since Core v28 any
 * misbehaviour discourages the peer's address and disconnects it. Inbound peers go to
 * {@code PeerAcceptor::reportMisbehaving} (which also discourages); the default only disconnects.
 */
@FunctionalInterface
public interface MisbehaviorReporter {

    /** Disconnects the peer, naming what it did. */
    MisbehaviorReporter DISCONNECT = (peer, why) -> peer.disconnect("misbehaving: " + why);

    /**
     * Reports a peer.
     *
     * @param peer the peer
     * @param why  what it did, e.g. "header with invalid proof of work"
     */
    void report(Peer peer, String why);
}
