package org.btcpeer.peer;

import org.btcpeer.wire.message.Message;

/**
 * Receives one kind of message from a peer. Listeners run one after another on the peer's reader
 * thread, in registration order, never while a lock is held.
 *
 * <p>A listener must not block for long: while it runs, the peer reads nothing. In particular it
 * must not wait for this peer's own send futures ({@code peer.send(m).join()}): the answer it
 * waits for can only arrive after it returns. Hand long work to another thread. An exception thrown
 * by a listener is logged and does not end the peer.
 *
 * @param <M> the message type
 */
@FunctionalInterface
public interface MessageListener<M extends Message> {

    /**
     * Called for each received message of the registered type.
     *
     * @param peer    the peer it came from
     * @param message the message
     */
    void onMessage(Peer peer, M message);
}
