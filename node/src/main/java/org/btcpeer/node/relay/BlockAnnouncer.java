package org.btcpeer.node.relay;

import org.btcpeer.peer.Peer;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * How {@link Relay#announceBlock} tells one peer about a new block. The default,
 * {@link Peer#announceBlock}, sends that one header (or an inv); a node that serves its chain passes
 * {@code ChainServer::announceTip}, which sends every header the peer lacks, up to 8 (BIP-130).
 */
@FunctionalInterface
public interface BlockAnnouncer {

    /**
     * Announces a block to a peer.
     *
     * @param peer   a peer after its handshake
     * @param header the new block's header
     */
    void announce(Peer peer, BlockHeader header);

    /** {@link Peer#announceBlock}: that header alone, or an inv for peers that did not send sendheaders. */
    static BlockAnnouncer single() {
        return Peer::announceBlock;
    }
}
