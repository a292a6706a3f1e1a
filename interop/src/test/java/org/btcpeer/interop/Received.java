package org.btcpeer.interop;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.btcpeer.peer.PeerListeners;
import org.btcpeer.wire.message.Message;

/**
 * Every message one of our peers received, in order, for assertions: {@link #await} polls with a
 * bound, {@link #all} lists what arrived so far.
 */
final class Received {

    private final List<Message> messages = new CopyOnWriteArrayList<>();

    /**
     * Adds the recording listener to a listener set.
     *
     * @param listeners the builder
     * @return the builder
     */
    PeerListeners.Builder register(PeerListeners.Builder listeners) {
        return listeners.onAny((peer, m) -> messages.add(m));
    }

    /**
     * The received messages of a type.
     *
     * @param type the message type
     * @param <T>  the type
     * @return them, in arrival order
     */
    <T extends Message> List<T> all(Class<T> type) {
        return messages.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * Waits for the first received message of a type that matches.
     *
     * @param type  the type
     * @param match the condition
     * @param limit the bound
     * @param <T>   the type
     * @return the message
     */
    <T extends Message> T await(Class<T> type, Predicate<T> match, Duration limit) {
        return Await.value(type.getSimpleName() + " matching the test's condition", limit,
                () -> all(type).stream().filter(match).findFirst());
    }

    /**
     * Waits for the first received message of a type.
     *
     * @param type the type
     * @param <T>  the type
     * @return the message
     */
    <T extends Message> T await(Class<T> type) {
        return await(type, m -> true, Await.DEFAULT);
    }

    /**
     * The first message of a type that matches, if one arrived.
     *
     * @param type  the type
     * @param match the condition
     * @param <T>   the type
     * @return it, or empty
     */
    <T extends Message> Optional<T> first(Class<T> type, Predicate<T> match) {
        return all(type).stream().filter(match).findFirst();
    }
}
