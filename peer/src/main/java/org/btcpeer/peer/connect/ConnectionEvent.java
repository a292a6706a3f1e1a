package org.btcpeer.peer.connect;

import java.time.Instant;
import java.util.Objects;

import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerDisconnect;
import org.btcpeer.transport.dial.DialTarget;
import org.btcpeer.wire.message.Message;

/**
 * What a {@link ConnectionManager} (and an {@link EventLoopHandle}) reports. A peer gets
 * {@link Connected} once its version handshake completed and then exactly one {@link Disconnected};
 * an outbound attempt that ends before its handshake completed is an {@link AddressFailed} instead.
 */
public sealed interface ConnectionEvent {

    /**
     * A peer completed its version handshake.
     *
     * @param peer the peer
     * @param type the connection type
     */
    record Connected(Peer peer, ConnectionType type) implements ConnectionEvent {

        /**
         * Validates the fields.
         *
         * @param peer peer
         * @param type type
         */
        public Connected {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * A connected peer went away.
     *
     * @param peer       the peer
     * @param type       the connection type
     * @param disconnect the typed reason and detail
     */
    record Disconnected(Peer peer, ConnectionType type, PeerDisconnect disconnect) implements ConnectionEvent {

        /**
         * Validates the fields.
         *
         * @param peer       peer
         * @param type       type
         * @param disconnect disconnect
         */
        public Disconnected {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(disconnect, "disconnect");
        }
    }

    /**
     * An outbound attempt failed: the dial, the transport handshake or the version handshake.
     *
     * @param target the target
     * @param type   the connection type
     * @param reason one line: what failed and why
     * @param cause  the exception, or null when the peer disconnected during its handshake
     */
    record AddressFailed(DialTarget target, ConnectionType type, String reason, Throwable cause) implements ConnectionEvent {

        /**
         * Validates the fields.
         *
         * @param target target
         * @param type   type
         * @param reason reason
         * @param cause  cause, may be null
         */
        public AddressFailed {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A message from a peer (event-loop handle only). It always follows the peer's
     * {@link Connected}: the handshake's own messages (version, verack, wtxidrelay, sendaddrv2) are
     * not reported; their outcome is in {@link Peer#remoteVersion()} and {@link Peer#features()}.
     *
     * @param peerId     the peer's id
     * @param message    the message
     * @param wireBytes  its size on the wire (v1 header and payload, or the whole v2 packet)
     * @param receivedAt when it was read
     */
    record MessageReceived(long peerId, Message message, int wireBytes, Instant receivedAt) implements ConnectionEvent {

        /**
         * Validates the fields.
         *
         * @param peerId     id
         * @param message    message
         * @param wireBytes  bytes on the wire
         * @param receivedAt time
         */
        public MessageReceived {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(receivedAt, "receivedAt");
        }
    }

    /**
     * A send command was not carried out (event-loop handle only): the peer's send queue was full,
     * the peer is unknown or gone, or the message could not be encoded.
     *
     * @param peerId  the peer's id
     * @param command the message's command
     * @param reason  why
     */
    record SendRejected(long peerId, String command, String reason) implements ConnectionEvent {

        /**
         * Validates the fields.
         *
         * @param peerId  id
         * @param command command
         * @param reason  reason
         */
        public SendRejected {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The event loop stopped after a shutdown command; no events follow (event-loop handle only). */
    record Stopped() implements ConnectionEvent {
    }
}
