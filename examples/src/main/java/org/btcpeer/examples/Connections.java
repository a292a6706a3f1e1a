package org.btcpeer.examples;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;
import org.btcpeer.wire.NetworkParameters;

/**
 * The one place where the examples open or accept a connection and negotiate its transport.
 * Every command, the demo node and the example programs go through {@link #dial} and
 * {@link #accept}, so switching transports is a change to this class only.
 *
 * <p>This build has only the v1 transport: asking for {@link TransportOption#V2} or
 * {@link TransportOption#V2_PREFERRED} fails with {@value #V2_UNAVAILABLE} before any socket is
 * opened. The BIP-324 handshake goes in here
 * ({@code TransportHandshake.initiate/accept(socket, TransportConfig)} with the option's policy).
 */
public final class Connections {

    /** The message when a v2 transport is asked for. */
    public static final String V2_UNAVAILABLE = "v2 transport not available in this build";

    /** The message when a proxy is asked for. */
    public static final String PROXY_UNAVAILABLE = "--proxy: SOCKS5 proxies are not supported yet";

    private Connections() {
    }

    /**
     * Connects to {@code target} and negotiates the transport as the initiator.
     *
     * @param target         the remote host and port
     * @param network        the network (v1 magic, v2 key derivation)
     * @param transport      the transport choice
     * @param proxy          a SOCKS5 proxy to dial through, if any
     * @param connectTimeout how long the TCP connect may take
     * @return the negotiated connection; the caller owns and closes it
     * @throws NotAvailableException if the transport or the proxy is not in this build
     * @throws IOException           if the connection fails; the message names the target and the cause
     * @throws TransportException    if the transport handshake fails
     */
    public static TransportConnection dial(HostPort target, NetworkParameters network, TransportOption transport,
                                           Optional<HostPort> proxy, Duration connectTimeout)
            throws IOException, TransportException {
        Objects.requireNonNull(network, "network");
        requireAvailable(transport);
        if (proxy.isPresent()) {
            throw new NotAvailableException(PROXY_UNAVAILABLE);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.host(), target.port()), (int) Math.min(Integer.MAX_VALUE,
                    connectTimeout.toMillis()));
            return negotiate(socket, network, transport, true);
        } catch (IOException | TransportException | RuntimeException e) {
            closeQuietly(socket);
            if (e instanceof IOException io) {
                throw describe(io, target, connectTimeout);
            }
            throw e;
        }
    }

    /**
     * Negotiates the transport on an accepted socket as the responder.
     *
     * @param socket    the accepted socket; closed if negotiation fails
     * @param network   the network
     * @param transport the transport choice
     * @return the negotiated connection; the caller owns and closes it
     * @throws NotAvailableException if the transport is not in this build
     * @throws IOException           if the socket fails
     * @throws TransportException    if the transport handshake fails
     */
    public static TransportConnection accept(Socket socket, NetworkParameters network, TransportOption transport)
            throws IOException, TransportException {
        try {
            requireAvailable(transport);
            socket.setTcpNoDelay(true);
            return negotiate(socket, network, transport, false);
        } catch (IOException | TransportException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /**
     * Fails unless this build can speak {@code transport}; commands call it before doing anything.
     *
     * @param transport the transport choice
     * @throws NotAvailableException for v2 and v2-preferred in this build
     */
    public static void requireAvailable(TransportOption transport) throws NotAvailableException {
        if (transport != TransportOption.V1) {
            throw new NotAvailableException(V2_UNAVAILABLE);
        }
    }

    private static TransportConnection negotiate(Socket socket, NetworkParameters network, TransportOption transport,
                                                 boolean initiator) throws IOException, TransportException {
        // v1 has no transport handshake; both sides simply frame messages with the network magic.
        return switch (transport) {
            case V1 -> TransportConnection.v1(socket, network);
            case V2, V2_PREFERRED -> throw new NotAvailableException(V2_UNAVAILABLE);
        };
    }

    /** A one-line description of a failed connect: target, then the cause in plain words. */
    private static IOException describe(IOException e, HostPort target, Duration timeout) {
        String why;
        if (e instanceof NotAvailableException) {
            return e;
        } else if (e instanceof ConnectException) {
            why = "connection refused";
        } else if (e instanceof SocketTimeoutException) {
            why = "no answer within " + timeout.toSeconds() + " s";
        } else if (e instanceof UnknownHostException) {
            why = "unknown host";
        } else if (e instanceof NoRouteToHostException) {
            why = "no route to host";
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        IOException described = new IOException("cannot connect to " + target + ": " + why, e);
        return described;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do with a socket that failed
        }
    }
}
