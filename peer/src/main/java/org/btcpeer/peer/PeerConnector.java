package org.btcpeer.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.btcpeer.transport.TransportConfig;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportHandshake;

/**
 * The convenience way to open an outbound peer: dial, negotiate the transport under the
 * configuration's policy (V2_PREFERRED falls back to v1 on a fresh socket exactly when Core
 * would), then start the {@link Peer}. Callers that need proxies or their own sockets build the
 * {@link TransportConnection} themselves and call {@link Peer#outbound}.
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
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.handshakeTimeout().toMillis());
        TransportConnection connection = TransportHandshake.connect(() -> {
            Socket s = new Socket();
            try {
                s.connect(address, timeoutMillis);
                s.setTcpNoDelay(true);
                return s;
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }, transportConfig(config, runtime), peerMaySupportV2);
        return Peer.outbound(connection, config, runtime);
    }

    /** The transport settings a peer configuration implies. */
    static TransportConfig transportConfig(PeerConfig config, PeerRuntime runtime) {
        return TransportConfig.builder(config.network())
                .policy(config.transportPolicy())
                .handshakeTimeout(config.handshakeTimeout())
                .build();
    }
}
