package org.btcpeer.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.btcpeer.transport.TransportConfig;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportHandshake;
import org.btcpeer.transport.dial.DialTarget;
import org.btcpeer.transport.dial.Dialer;
import org.btcpeer.wire.NetAddress;

/**
 * The convenience way to open an outbound peer: dial, negotiate the transport under the
 * configuration's policy (V2_PREFERRED falls back to v1 on a fresh socket exactly when Core
 * would), then start the {@link Peer}. Dialing goes through a {@link Dialer}: plain TCP by default,
 * or a SOCKS5 proxy ({@link org.btcpeer.transport.dial.Socks5Dialer}) for Tor, I2P or privacy.
 * Callers with sockets of their own build the {@link TransportConnection} themselves and call
 * {@link Peer#outbound}.
 *
 * <p><b>How long a failure can take.</b> One deadline, {@link PeerConfig#handshakeTimeout()}
 * (default 60 s, Core's {@code DEFAULT_PEER_CONNECT_TIMEOUT}), starts before the first dial and
 * covers everything until the version handshake completes: the dial, the v2 attempt, Core's v1
 * retry on a fresh socket (its dial included) and version/verack. Neither the retry nor the
 * version handshake gets a fresh budget, so the worst case to a failed handshake is the handshake
 * timeout itself (plus the time to close the socket), not a sum of per-step timeouts: with the
 * defaults, 60 s whether the remote is silent, half-speaks v2 and forces the v1 retry, or stalls
 * in version/verack. A {@link org.btcpeer.transport.dial.Dialer} may fail sooner under its own
 * connect limit (the connection manager's is 5 s, Core's {@code DEFAULT_CONNECT_TIMEOUT}).
 */
public final class PeerConnector {

    private PeerConnector() {
    }

    /**
     * Connects to a peer whose services are not known (v2 is tried under V2_PREFERRED).
     *
     * @param address the peer's address
     * @param config  the peer configuration (its transport policy and handshake timeout apply)
     * @param runtime what the process's peers share
     * @return the running peer; await {@link Peer#handshake()} for the version handshake
     * @throws IOException        if the connection cannot be made
     * @throws TransportException if the transport handshake fails
     */
    public static Peer connect(InetSocketAddress address, PeerConfig config, PeerRuntime runtime)
            throws IOException, TransportException {
        return connect(address, config, runtime, true);
    }

    /**
     * Connects to a peer.
     *
     * @param address          the peer's address
     * @param config           the peer configuration
     * @param runtime          what the process's peers share
     * @param peerMaySupportV2 false when the peer is known to lack NODE_P2P_V2 (V2_PREFERRED then goes straight to v1)
     * @return the running peer
     * @throws IOException        if the connection cannot be made
     * @throws TransportException if the transport handshake fails
     */
    public static Peer connect(InetSocketAddress address, PeerConfig config, PeerRuntime runtime, boolean peerMaySupportV2)
            throws IOException, TransportException {
        DialTarget target = address.isUnresolved()
                ? DialTarget.host(address.getHostString(), address.getPort()) : DialTarget.of(NetAddress.of(address));
        return connect(target, Dialer.direct(), config, runtime, peerMaySupportV2);
    }

    /**
     * Connects to a peer through a dialer (direct, or a SOCKS5 proxy for Tor, I2P and host names the
     * proxy resolves). One {@link HandshakeDeadline} of the configuration's handshake timeout starts
     * before the dial and covers the dial, the transport handshake and the version handshake.
     *
     * @param target           the peer
     * @param dialer           how to open the connection (called twice when Core's v1 retry applies)
     * @param config           the peer configuration
     * @param runtime          what the process's peers share
     * @param peerMaySupportV2 false when the peer is known to lack NODE_P2P_V2 (V2_PREFERRED then goes straight to v1)
     * @return the running peer
     * @throws IOException        if the connection cannot be made ({@link org.btcpeer.transport.dial.DialException}
     *                            for a proxy's refusal or a target that needs a proxy)
     * @throws TransportException if the transport handshake fails
     */
    public static Peer connect(DialTarget target, Dialer dialer, PeerConfig config, PeerRuntime runtime,
                               boolean peerMaySupportV2) throws IOException, TransportException {
        HandshakeDeadline deadline = HandshakeDeadline.startingNow(runtime.time(), config.handshakeTimeout());
        Duration timeout = deadline.remaining(runtime.time().nanoTime());
        TransportConnection connection = TransportHandshake.connect(dialer.opener(target, timeout),
                transportConfig(config, timeout), peerMaySupportV2);
        // Through a proxy the socket's remote end is the proxy: the peer is the address we dialed.
        NetAddress dialed = target instanceof DialTarget.Address a ? a.address() : null;
        return Peer.outbound(connection, dialed, config, runtime, deadline);
    }

    /**
     * The transport settings a peer configuration implies: its network, transport policy, v2
     * garbage and decoy policies and handshake timeout.
     *
     * @param config  the peer configuration
     * @return the transport configuration
     */
    public static TransportConfig transportConfig(PeerConfig config) {
        return transportConfig(config, config.handshakeTimeout());
    }

    /**
     * The transport settings a peer configuration implies, with what is left of a
     * {@link HandshakeDeadline} as the transport's handshake timeout.
     *
     * @param config    the peer configuration
     * @param remaining the time left for the transport handshake
     * @return the transport configuration
     */
    public static TransportConfig transportConfig(PeerConfig config, Duration remaining) {
        return TransportConfig.builder(config.network())
                .policy(config.transportPolicy())
                .garbagePolicy(config.v2Garbage())
                .decoyPolicy(config.v2Decoys())
                .handshakeTimeout(remaining)
                .build();
    }
}
