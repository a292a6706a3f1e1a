package org.btcpeer.transport.dial;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

import org.btcpeer.transport.SocketOpener;

/**
 * Opens a TCP connection to a peer: directly ({@link DirectDialer}) or through a SOCKS5 proxy
 * ({@link Socks5Dialer}, for Tor, I2P or privacy). A dialer only produces a connected socket; the
 * transport handshake ({@link org.btcpeer.transport.TransportHandshake#connect}) runs on top, and may
 * dial a second time for Core's v1 retry, so every call must open a fresh connection.
 */
@FunctionalInterface
public interface Dialer {

    /**
     * Opens a fresh connection to {@code target}.
     *
     * @param target  where to connect
     * @param timeout the limit for the whole dial (TCP connect and, for a proxy, its negotiation)
     * @return a connected socket with TCP_NODELAY set and no read timeout; the caller owns it
     * @throws DialException if the target cannot be reached the way this dialer works (a Tor address
     *                       without a proxy, a proxy's refusal); the reason says which
     * @throws IOException   if the connection fails (refused, timed out, unknown host)
     */
    Socket dial(DialTarget target, Duration timeout) throws IOException;

    /**
     * The socket opener {@link org.btcpeer.transport.TransportHandshake#connect} calls (at most twice).
     *
     * @param target  where to connect
     * @param timeout the limit for each dial
     * @return the opener
     */
    default SocketOpener opener(DialTarget target, Duration timeout) {
        return () -> dial(target, timeout);
    }

    /** The plain TCP dialer. */
    static Dialer direct() {
        return DirectDialer.INSTANCE;
    }
}
