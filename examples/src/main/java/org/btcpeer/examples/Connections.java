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

import org.btcpeer.transport.TransportConfig;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportHandshake;
import org.btcpeer.transport.dial.DialException;
import org.btcpeer.transport.dial.DialTarget;
import org.btcpeer.transport.dial.Dialer;
import org.btcpeer.transport.dial.Socks5Dialer;
import org.btcpeer.transport.v2.V2Handshake;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;

/**
 * The one place where the examples open or accept a connection and negotiate its transport.
 * Every command, the demo node and the example programs go through {@link #dial} and
 * {@link #accept}, so switching transports is a change to this class only.
 *
 * <p>Negotiation is the library's {@link TransportHandshake}: v1, v2 (BIP-324) or v2 with Core's
 * fallback to v1 on a fresh socket when the peer turns out to speak only v1. Dialing is the
 * library's {@link Dialer}: direct, or through a SOCKS5 proxy ({@link Socks5Dialer}) that resolves
 * host names itself and gets fresh random credentials per connection (Tor stream isolation, as
 * Core's default {@code -proxyrandomize}).
 */
public final class Connections {

    private Connections() {
    }

    /**
     * The dialer for an optional {@code --proxy}: direct without one, else SOCKS5 with stream
     * isolation (random credentials per connection, Core's default {@code -proxyrandomize}).
     *
     * @param proxy the proxy, if any
     * @return the dialer
     */
    public static Dialer dialer(Optional<HostPort> proxy) {
        return proxy.<Dialer>map(p -> Socks5Dialer.builder(new InetSocketAddress(p.host(), p.port()))
                .isolateStreams(true).build()).orElse(Dialer.direct());
    }

    /**
     * Connects to {@code target} and negotiates the transport as the initiator.
     *
     * @param target         the remote host and port
     * @param network        the network (v1 magic, v2 key derivation)
     * @param transport      the transport choice
     * @param proxy          a SOCKS5 proxy to dial through, if any (it resolves host names)
     * @param connectTimeout how long the TCP connect (and the proxy's negotiation) may take
     * @return the negotiated connection; the caller owns and closes it
     * @throws IOException        if the connection fails; the message names the target and the cause
     * @throws TransportException if the transport handshake fails
     */
    public static TransportConnection dial(HostPort target, NetworkParameters network, TransportOption transport,
                                           Optional<HostPort> proxy, Duration connectTimeout)
            throws IOException, TransportException {
        return dial(target, network, transport, dialer(proxy), connectTimeout);
    }

    /**
     * Connects to {@code target} through {@code dialer} and negotiates the transport as the initiator.
     *
     * @param target         the remote host and port
     * @param network        the network (v1 magic, v2 key derivation)
     * @param transport      the transport choice
     * @param dialer         direct or a proxy
     * @param connectTimeout how long each dial may take
     * @return the negotiated connection; the caller owns and closes it
     * @throws IOException        if the connection fails; the message names the target and the cause
     * @throws TransportException if the transport handshake fails
     */
    public static TransportConnection dial(HostPort target, NetworkParameters network, TransportOption transport,
                                           Dialer dialer, Duration connectTimeout)
            throws IOException, TransportException {
        Objects.requireNonNull(network, "network");
        try {
            // TransportHandshake.connect closes the sockets it opened when negotiation fails.
            return TransportHandshake.connect(dialer.opener(DialTarget.host(target.host(), target.port()), connectTimeout),
                    config(network, transport, connectTimeout), true);
        } catch (IOException e) {
            throw describe(e, target, connectTimeout);
        } catch (TransportException e) {
            boolean waitingForTerminator = e.reason() == TransportException.Reason.HANDSHAKE_TIMEOUT
                    || (e.reason() == TransportException.Reason.CONNECTION_CLOSED
                        && String.valueOf(e.getMessage()).contains("state " + V2Handshake.State.GARB_GARBTERM));
            if (waitingForTerminator && transport != TransportOption.V1) {
                // Over v2 a wrong network does not show as a bad magic: the keys (and so the garbage
                // terminators) depend on the magic, and each side waits for a terminator that never
                // comes; the peer may also give up once our garbage and packets pass 4,111 bytes
                // without it (Core's MAX_GARBAGE_LEN + 16) and close.
                throw new TransportException(e.reason(), e.detail() + " (a " + network.name()
                        + " v2 handshake with a node of another network never completes: the keys depend on the magic "
                        + network.magic().hex() + "; check --network, or try --transport v1 to see the node's network)",
                        e.suggestsV1Retry(), e);
            }
            if (e.reason() == TransportException.Reason.BAD_MAGIC) {
                Optional<NetworkParameters> theirs = magicIn(e.detail()).flatMap(NetworkParameters::byMagic);
                if (theirs.isPresent()) {
                    throw new TransportException(e.reason(), e.detail() + " (the node is on " + theirs.get().name()
                            + ", not " + network.name() + ": use --network " + theirs.get().name() + ")", false, e);
                }
            }
            throw e;
        }
    }

    /** The 4 magic bytes a v1 BAD_MAGIC detail starts with ("header starts with 0b110907, ..."). */
    private static Optional<ByteString> magicIn(String detail) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("starts with ([0-9a-f]{8})").matcher(detail);
        return m.find() ? Optional.of(ByteString.fromHex(m.group(1))) : Optional.empty();
    }

    /**
     * Negotiates the transport on an accepted socket as the responder.
     *
     * @param socket    the accepted socket; closed if negotiation fails
     * @param network   the network
     * @param transport the transport choice
     * @return the negotiated connection; the caller owns and closes it
     * @throws IOException           if the socket fails
     * @throws TransportException    if the transport handshake fails
     */
    public static TransportConnection accept(Socket socket, NetworkParameters network, TransportOption transport)
            throws IOException, TransportException {
        try {
            socket.setTcpNoDelay(true);
            return TransportHandshake.accept(socket, config(network, transport, Duration.ofSeconds(TransportConfig.DEFAULT_HANDSHAKE_TIMEOUT_SECONDS)));
        } catch (IOException | TransportException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static TransportConfig config(NetworkParameters network, TransportOption transport, Duration timeout) {
        return TransportConfig.builder(network).policy(transport.policy()).handshakeTimeout(timeout).build();
    }

    /** A one-line description of a failed connect: target, then the cause in plain words. */
    private static IOException describe(IOException e, HostPort target, Duration timeout) {
        String why;
        if (e instanceof DialException d) {
            if (d.reason() != DialException.Reason.NEEDS_PROXY) {
                return d; // names the proxy and the target itself
            }
            why = "a Tor/I2P address needs a proxy (use --proxy HOST:PORT)";
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
