package org.btcpeer.transport;

import java.io.IOException;
import java.net.Socket;

/**
 * Opens a new connected socket to one peer: a plain TCP connect, a SOCKS5 proxy, a test pipe. The
 * caller owns dialing; {@link TransportHandshake#connect} calls it again for the one v1 retry.
 */
@FunctionalInterface
public interface SocketOpener {

    /**
     * Opens a fresh connection to the peer.
     *
     * @return a connected socket, owned by the caller
     * @throws IOException if the connection cannot be made
     */
    Socket open() throws IOException;
}
