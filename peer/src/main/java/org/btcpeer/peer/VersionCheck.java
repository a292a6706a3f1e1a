package org.btcpeer.peer;

import java.util.Optional;

import org.btcpeer.wire.message.VersionMessage;

/**
 * Sees the remote version before the peer is accepted and may reject it (for example: it lacks a
 * service we need, or an address manager wants to record it first). Runs on the reader thread.
 */
@FunctionalInterface
public interface VersionCheck {

    /** Accepts every peer. */
    VersionCheck ACCEPT_ALL = (peer, version) -> Optional.empty();

    /**
     * Decides whether to continue with this peer.
     *
     * @param peer    the peer (its remote version is not yet recorded)
     * @param version the received version
     * @return empty to accept, or the reason for rejecting (the peer is disconnected with {@link DisconnectReason#VERSION_REJECTED})
     */
    Optional<String> check(Peer peer, VersionMessage version);

    /**
     * A check that requires all of {@code services} (Core: "desirable services" of outbound peers).
     *
     * @param services the required service bits
     * @return the check
     */
    static VersionCheck requireServices(long services) {
        return (peer, version) -> version.services().has(services)
                ? Optional.empty()
                : Optional.of("peer services " + version.services() + " lack required 0x" + Long.toHexString(services));
    }
}
