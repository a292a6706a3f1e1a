package org.btcpeer.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;
import java.util.Optional;

import org.btcpeer.transport.v1.V1FrameDecoder;
import org.btcpeer.transport.v1.V1FrameEncoder;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;

/**
 * A connected socket whose transport has been negotiated: a {@link MessageReader} for the one
 * reader thread and a {@link MessageWriter} for the one writer thread, which share no state, plus
 * what was negotiated (v1 or v2, and the v2 session id).
 *
 * <p>The transport does not own the connection's lifecycle policy: whoever holds this object
 * (normally a peer) closes it.
 */
public final class TransportConnection implements Closeable {

    private final Closeable channel;
    private final InetSocketAddress remoteAddress;
    private final Socket socket;
    private final TransportVersion version;
    private final ByteString sessionId;
    private final MessageReader reader;
    private final MessageWriter writer;

    /**
     * Assembles a negotiated connection.
     *
     * @param socket    the connected socket
     * @param version   the negotiated transport
     * @param sessionId the 32-byte v2 session id, or null for v1
     * @param reader    the receive half
     * @param writer    the send half
     */
    public TransportConnection(Socket socket, TransportVersion version, ByteString sessionId,
                               MessageReader reader, MessageWriter writer) {
        this(socket, (InetSocketAddress) socket.getRemoteSocketAddress(), socket, version, sessionId, reader, writer);
    }

    /**
     * Assembles a negotiated connection over any byte channel (an in-memory pipe in tests, a
     * tunnel in a proxy).
     *
     * @param channel       closing it must end both the reader and the writer
     * @param remoteAddress the remote address
     * @param version       the negotiated transport
     * @param sessionId     the 32-byte v2 session id, or null for v1
     * @param reader        the receive half
     * @param writer        the send half
     */
    public TransportConnection(Closeable channel, InetSocketAddress remoteAddress, TransportVersion version,
                               ByteString sessionId, MessageReader reader, MessageWriter writer) {
        this(channel, remoteAddress, null, version, sessionId, reader, writer);
    }

    private TransportConnection(Closeable channel, InetSocketAddress remoteAddress, Socket socket,
                                TransportVersion version, ByteString sessionId, MessageReader reader,
                                MessageWriter writer) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
        this.socket = socket;
        this.version = Objects.requireNonNull(version, "version");
        if ((version == TransportVersion.V2) != (sessionId != null)) {
            throw new IllegalArgumentException("a session id exists exactly for v2 connections");
        }
        this.sessionId = sessionId;
        this.reader = Objects.requireNonNull(reader, "reader");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /**
     * A plain v1 connection on {@code socket}, with no handshake at the transport level.
     *
     * @param socket  a connected socket
     * @param network the network whose magic frames the messages
     * @return the connection
     * @throws IOException if the socket's streams cannot be obtained
     */
    public static TransportConnection v1(Socket socket, NetworkParameters network) throws IOException {
        return new TransportConnection(socket, TransportVersion.V1, null,
                new MessageReader(socket.getInputStream(), new V1FrameDecoder(network.magic())),
                new MessageWriter(socket.getOutputStream(), new V1FrameEncoder(network.magic())));
    }

    /** The negotiated transport. */
    public TransportVersion version() {
        return version;
    }

    /** The v2 session id as lowercase hex (as Core's getpeerinfo {@code session_id}), empty for v1. */
    public Optional<String> sessionIdHex() {
        return Optional.ofNullable(sessionId).map(ByteString::hex);
    }

    /** The receive half, for the reader thread only. */
    public MessageReader reader() {
        return reader;
    }

    /** The send half, for the writer thread only. */
    public MessageWriter writer() {
        return writer;
    }

    /** The underlying socket, when the connection runs over one. */
    public Optional<Socket> socket() {
        return Optional.ofNullable(socket);
    }

    /** The remote address. */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Closes the channel; a blocked reader or writer fails with an I/O error. Idempotent. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
