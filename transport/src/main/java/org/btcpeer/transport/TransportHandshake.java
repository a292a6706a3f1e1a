package org.btcpeer.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.btcpeer.transport.TransportException.Reason;
import org.btcpeer.transport.v1.V1FrameDecoder;
import org.btcpeer.transport.v1.V1FrameEncoder;
import org.btcpeer.transport.v2.V2Handshake;
import org.btcpeer.transport.v2.V2Session;
import org.btcpeer.wire.ByteString;

/**
 * Negotiates the transport of a connected socket, blocking: the thin I/O adapter around
 * {@link V2Handshake}. It writes what the state machine produces, reads with socket timeouts taken
 * from the time left before the deadline, and builds a {@link TransportConnection}.
 *
 * <p>Policies ({@link TransportPolicy}), as Bitcoin Core:
 * <ul>
 *   <li>{@code V1_ONLY}: no handshake at the transport level; a v1 connection at once.
 *   <li>{@code V2_PREFERRED}: the initiator runs v2; a responder detects v1 from the first 16 bytes.
 *       {@link #connect} retries once as v1 when the attempt ended the way Core's
 *       {@code ShouldReconnectV1()} describes.
 *   <li>{@code V2_REQUIRED}: v2 only; a v1 peer is refused with {@link Reason#POLICY_MISMATCH}.
 * </ul>
 *
 * <p>{@link #initiate} and {@link #accept} never close the socket they are given; on failure the
 * caller closes it (its stream is unusable). Any I/O error during the handshake, including the peer
 * closing or resetting the connection, becomes {@link Reason#CONNECTION_CLOSED}; the deadline
 * becomes {@link Reason#HANDSHAKE_TIMEOUT}. Both carry Core's v1-retry hint. Writes are not bounded
 * by the deadline: the handshake writes at most a few KB, which fit in the socket's send buffer.
 */
public final class TransportHandshake {

    private TransportHandshake() {
    }

    /**
     * Negotiates as the side that opened the connection.
     *
     * @param socket a connected socket
     * @param config the configuration
     * @return the negotiated connection, v1 if the policy is {@link TransportPolicy#V1_ONLY}, else v2
     * @throws TransportException if the v2 handshake fails
     * @throws IOException        if the socket's streams cannot be obtained
     */
    public static TransportConnection initiate(Socket socket, TransportConfig config) throws IOException, TransportException {
        if (config.policy() == TransportPolicy.V1_ONLY) {
            return TransportConnection.v1(socket, config.network());
        }
        return negotiate(socket, config, builder(V2Handshake.initiator(config.network().magic()), config).build());
    }

    /**
     * Negotiates as the side that accepted the connection.
     *
     * @param socket an accepted socket
     * @param config the configuration
     * @return the negotiated connection: v1 for {@link TransportPolicy#V1_ONLY} or a detected v1 peer, else v2
     * @throws TransportException if the handshake fails, or the peer speaks v1 and the policy is
     *                            {@link TransportPolicy#V2_REQUIRED} ({@link Reason#POLICY_MISMATCH})
     * @throws IOException        if the socket's streams cannot be obtained
     */
    public static TransportConnection accept(Socket socket, TransportConfig config) throws IOException, TransportException {
        if (config.policy() == TransportPolicy.V1_ONLY) {
            return TransportConnection.v1(socket, config.network());
        }
        V2Handshake handshake = builder(V2Handshake.responder(config.network().magic()), config)
                .allowV1(config.policy() == TransportPolicy.V2_PREFERRED)
                .build();
        return negotiate(socket, config, handshake);
    }

    /**
     * Opens a connection and negotiates as the initiator, with Core's v1 fallback: when a v2 attempt
     * fails with {@link TransportException#suggestsV1Retry()} (we sent our key and the peer went away
     * before sending a single byte), the first socket is closed and the peer is dialled once more, as
     * v1.
     *
     * <p>As in Core, v2 is attempted only if the peer advertises {@code NODE_P2P_V2} (or the policy is
     * {@link TransportPolicy#V2_REQUIRED}); otherwise the connection is v1 from the start. With
     * {@code V2_REQUIRED} there is no retry: a failure that suggests one becomes
     * {@link Reason#POLICY_MISMATCH} (still with the retry hint set).
     *
     * @param opener           dials the peer (called at most twice)
     * @param config           the configuration
     * @param peerAdvertisesV2 whether the peer's service flags include {@code NODE_P2P_V2}
     * @return the negotiated connection
     * @throws TransportException if negotiation fails (the sockets opened here are closed)
     * @throws IOException        if dialling fails
     */
    public static TransportConnection connect(SocketOpener opener, TransportConfig config, boolean peerAdvertisesV2)
            throws IOException, TransportException {
        Objects.requireNonNull(opener, "opener");
        TransportPolicy policy = config.policy();
        if (policy == TransportPolicy.V1_ONLY || (policy == TransportPolicy.V2_PREFERRED && !peerAdvertisesV2)) {
            return initiateOrClose(opener.open(), config.withPolicy(TransportPolicy.V1_ONLY));
        }
        try {
            return initiateOrClose(opener.open(), config);
        } catch (TransportException e) {
            if (!e.suggestsV1Retry()) {
                throw e;
            }
            if (policy == TransportPolicy.V2_REQUIRED) {
                throw new TransportException(Reason.POLICY_MISMATCH,
                        "the peer closed before answering our v2 key, as a v1-only peer does; V2_REQUIRED forbids the v1 retry",
                        true, e);
            }
            return initiateOrClose(opener.open(), config.withPolicy(TransportPolicy.V1_ONLY));
        }
    }

    private static TransportConnection initiateOrClose(Socket socket, TransportConfig config)
            throws IOException, TransportException {
        try {
            return initiate(socket, config);
        } catch (IOException | TransportException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    private static V2Handshake.Builder builder(V2Handshake.Builder b, TransportConfig config) {
        return b.random(config.random()).garbagePolicy(config.garbagePolicy()).decoyPolicy(config.decoyPolicy())
                .keyExchange(config.keyExchange());
    }

    private static TransportConnection negotiate(Socket socket, TransportConfig config, V2Handshake handshake)
            throws IOException, TransportException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        Instant deadline = config.clock().instant().plus(config.handshakeTimeout());
        int savedTimeout = socket.getSoTimeout();
        ByteBuffer buffer = ByteBuffer.allocate(MessageReader.BUFFER_SIZE).limit(0);
        try {
            send(handshake, out);
            while (!handshake.isComplete() && !handshake.detectedV1()) {
                if (!buffer.hasRemaining()) {
                    long remaining = Duration.between(config.clock().instant(), deadline).toMillis();
                    if (remaining <= 0) {
                        throw timeout(handshake, config, null);
                    }
                    socket.setSoTimeout((int) Math.min(remaining, Integer.MAX_VALUE));
                    int n = in.read(buffer.array(), 0, buffer.capacity());
                    if (n < 0) {
                        buffer.limit(0);
                        throw closed(handshake, "the peer closed the connection", null);
                    }
                    buffer.position(0).limit(n);
                }
                handshake.receive(buffer);
                send(handshake, out);
            }
        } catch (SocketTimeoutException e) {
            throw timeout(handshake, config, e);
        } catch (IOException e) {
            throw closed(handshake, "I/O error: " + e.getMessage(), e);
        } finally {
            restoreTimeout(socket, savedTimeout);
        }
        if (handshake.detectedV1()) {
            V1FrameDecoder decoder = V1FrameDecoder.withPrefix(config.network().magic(), handshake.v1Prefix());
            return new TransportConnection(socket, TransportVersion.V1, null,
                    new MessageReader(in, decoder, buffer),
                    new MessageWriter(out, new V1FrameEncoder(config.network().magic())));
        }
        V2Session session = handshake.session();
        return new TransportConnection(socket, TransportVersion.V2, session.sessionId(),
                new MessageReader(in, session.decoder(), buffer),
                new MessageWriter(out, session.encoder()));
    }

    private static void send(V2Handshake handshake, OutputStream out) throws IOException {
        if (handshake.hasOutput()) {
            ByteString bytes = handshake.takeOutput();
            bytes.writeTo(out);
            out.flush();
        }
    }

    private static TransportException timeout(V2Handshake handshake, TransportConfig config, Exception cause) {
        return new TransportException(Reason.HANDSHAKE_TIMEOUT, "v2 handshake not complete after "
                + config.handshakeTimeout().toMillis() + " ms, in state " + handshake.state()
                + " having received " + handshake.bytesReceived() + " bytes", handshake.shouldReconnectV1(), cause);
    }

    private static TransportException closed(V2Handshake handshake, String what, Exception cause) {
        return new TransportException(Reason.CONNECTION_CLOSED, what + " during the v2 handshake, in state "
                + handshake.state() + " having received " + handshake.bytesReceived() + " bytes",
                handshake.shouldReconnectV1(), cause);
    }

    private static void restoreTimeout(Socket socket, int timeout) {
        try {
            if (!socket.isClosed()) {
                socket.setSoTimeout(timeout);
            }
        } catch (IOException ignored) {
            // the socket is broken; the caller closes it
        }
    }
}
