package org.btcpeer.peer.connect;

import java.util.Objects;

import org.btcpeer.transport.dial.DialTarget;
import org.btcpeer.wire.message.Message;

/** A command for an {@link EventLoopHandle}; its outcome comes back as a {@link ConnectionEvent}. */
public sealed interface LoopCommand {

    /**
     * Connect once to a target (a manual connection): {@link ConnectionEvent.Connected} or
     * {@link ConnectionEvent.AddressFailed} follows.
     *
     * @param target the peer
     */
    record Connect(DialTarget target) implements LoopCommand {

        /**
         * Validates the field.
         *
         * @param target target
         */
        public Connect {
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * Disconnect a peer: {@link ConnectionEvent.Disconnected} follows.
     *
     * @param peerId the peer's id
     */
    record Disconnect(long peerId) implements LoopCommand {
    }

    /**
     * Send a message to a peer: nothing follows on success, {@link ConnectionEvent.SendRejected} if
     * the peer's send queue is full or the peer is unknown.
     *
     * @param peerId  the peer's id
     * @param message the message
     */
    record Send(long peerId, Message message) implements LoopCommand {

        /**
         * Validates the field.
         *
         * @param peerId  id
         * @param message message
         */
        public Send {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Shut down: every peer is disconnected, then {@link ConnectionEvent.Stopped} is the last event. */
    record Shutdown() implements LoopCommand {
    }
}
