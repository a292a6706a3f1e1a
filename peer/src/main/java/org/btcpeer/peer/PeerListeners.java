package org.btcpeer.peer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.btcpeer.wire.message.Message;

/**
 * The listeners of a peer, fixed when the peer is configured: per message type, catch-alls that
 * see every delivered message, and the version check. Immutable once built.
 */
public final class PeerListeners {

    /** No listeners, accept every version. */
    public static final PeerListeners NONE = builder().build();

    private final Map<Class<? extends Message>, List<MessageListener<Message>>> byType;
    private final List<MessageListener<Message>> any;
    private final VersionCheck versionCheck;

    private PeerListeners(Builder b) {
        Map<Class<? extends Message>, List<MessageListener<Message>>> m = new HashMap<>();
        b.byType.forEach((k, v) -> m.put(k, List.copyOf(v)));
        this.byType = Map.copyOf(m);
        this.any = List.copyOf(b.any);
        this.versionCheck = b.versionCheck;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The version check. */
    public VersionCheck versionCheck() {
        return versionCheck;
    }

    List<MessageListener<Message>> forType(Class<? extends Message> type) {
        return byType.getOrDefault(type, List.of());
    }

    List<MessageListener<Message>> forAny() {
        return any;
    }

    /** Builds {@link PeerListeners}. */
    public static final class Builder {
        private final Map<Class<? extends Message>, List<MessageListener<Message>>> byType = new HashMap<>();
        private final List<MessageListener<Message>> any = new ArrayList<>();
        private VersionCheck versionCheck = VersionCheck.ACCEPT_ALL;

        private Builder() {
        }

        /**
         * Adds a listener for one message type (use {@code RawMessage.class} for unknown commands).
         *
         * @param type     the message record type
         * @param listener the listener
         * @param <M>      the type
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public <M extends Message> Builder on(Class<M> type, MessageListener<? super M> listener) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(listener, "listener");
            byType.computeIfAbsent(type, k -> new ArrayList<>()).add((MessageListener<Message>) listener);
            return this;
        }

        /**
         * Adds a listener that sees every delivered message, after the type-specific ones.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder onAny(MessageListener<Message> listener) {
            any.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Adds every listener of {@code other} (per type and catch-all, in their order) after the
         * ones already added, and takes its version check if it has one. Lets a component such as
         * the connection manager put its own listeners next to the application's.
         *
         * @param other listeners to include
         * @return this builder
         */
        public Builder include(PeerListeners other) {
            Objects.requireNonNull(other, "other");
            other.byType.forEach((type, list) -> byType.computeIfAbsent(type, k -> new ArrayList<>()).addAll(list));
            any.addAll(other.any);
            if (other.versionCheck != VersionCheck.ACCEPT_ALL) {
                versionCheck = other.versionCheck;
            }
            return this;
        }

        /**
         * Sets the version check (default: accept all).
         *
         * @param check the check
         * @return this builder
         */
        public Builder versionCheck(VersionCheck check) {
            this.versionCheck = Objects.requireNonNull(check, "check");
            return this;
        }

        /** Builds the immutable listener set. */
        public PeerListeners build() {
            return new PeerListeners(this);
        }
    }
}
