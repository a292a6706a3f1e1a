package org.btcpeer.transport;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.btcpeer.transport.v2.V2DecoyPolicy;
import org.btcpeer.transport.v2.KeyExchangeConfig;
import org.btcpeer.transport.v2.V2GarbagePolicy;
import org.btcpeer.transport.v2.V2KeyExchange;
import org.btcpeer.wire.NetworkParameters;

/**
 * How {@link TransportHandshake} negotiates a connection. Immutable; build with {@link #builder}.
 *
 * @param network          the network (its magic frames v1 messages and enters the v2 key derivation)
 * @param policy           which transports are allowed; default {@link TransportPolicy#V2_PREFERRED}
 *                         (Core's {@code DEFAULT_V2_TRANSPORT})
 * @param handshakeTimeout how long the transport handshake may take; default
 *                         {@value #DEFAULT_HANDSHAKE_TIMEOUT_SECONDS} s (Core's
 *                         {@code DEFAULT_PEER_CONNECT_TIMEOUT})
 * @param random           randomness for v2 keys, garbage and decoys; default one shared
 *                         {@link SecureRandom}; a seeded generator in tests only
 * @param garbagePolicy    v2 garbage length; default {@link V2GarbagePolicy#RANDOM} (0..4095, like Core)
 * @param decoyPolicy      v2 decoy packets; default {@link V2DecoyPolicy#NONE} (Core never sends decoys)
 * @param clock            the clock the handshake deadline is measured with; default the system clock
 * @param keyExchange      the secp256k1 provider of v2 handshakes; default
 *                         {@link V2KeyExchange#defaultProvider()} (libsecp256k1 where it loads, else
 *                         Bouncy Castle; system properties {@value KeyExchangeConfig#MODE_PROPERTY} and
 *                         {@value KeyExchangeConfig#LIBRARY_PROPERTY})
 */
public record TransportConfig(NetworkParameters network, TransportPolicy policy, Duration handshakeTimeout,
                              RandomGenerator random, V2GarbagePolicy garbagePolicy, V2DecoyPolicy decoyPolicy,
                              InstantSource clock, V2KeyExchange keyExchange) {

    /** Core's {@code DEFAULT_PEER_CONNECT_TIMEOUT} (60 s): the default handshake deadline, in seconds. */
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 60;

    private static final RandomGenerator DEFAULT_RANDOM = new SecureRandom();

    /**
     * Validates the fields.
     *
     * @param network          the network
     * @param policy           the transport policy
     * @param handshakeTimeout a positive duration
     * @param random           the randomness
     * @param garbagePolicy    the v2 garbage policy
     * @param decoyPolicy      the v2 decoy policy
     * @param clock            the clock
     * @param keyExchange      the secp256k1 provider
     */
    public TransportConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(garbagePolicy, "garbagePolicy");
        Objects.requireNonNull(decoyPolicy, "decoyPolicy");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(keyExchange, "keyExchange");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
    }

    /**
     * A builder with the documented defaults.
     *
     * @param network the network
     * @return a builder
     */
    public static Builder builder(NetworkParameters network) {
        return new Builder(network);
    }

    /**
     * The defaults for {@code network}.
     *
     * @param network the network
     * @return the configuration
     */
    public static TransportConfig defaults(NetworkParameters network) {
        return builder(network).build();
    }

    /**
     * A builder holding this configuration's values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder(network).policy(policy).handshakeTimeout(handshakeTimeout).random(random)
                .garbagePolicy(garbagePolicy).decoyPolicy(decoyPolicy).clock(clock).keyExchange(keyExchange);
    }

    /**
     * This configuration with another policy.
     *
     * @param newPolicy the policy
     * @return the configuration
     */
    public TransportConfig withPolicy(TransportPolicy newPolicy) {
        return toBuilder().policy(newPolicy).build();
    }

    /** Builds a {@link TransportConfig}; every setter has a documented default. */
    public static final class Builder {
        private final NetworkParameters network;
        private TransportPolicy policy = TransportPolicy.V2_PREFERRED;
        private Duration handshakeTimeout = Duration.ofSeconds(DEFAULT_HANDSHAKE_TIMEOUT_SECONDS);
        private RandomGenerator random = DEFAULT_RANDOM;
        private V2GarbagePolicy garbagePolicy = V2GarbagePolicy.RANDOM;
        private V2DecoyPolicy decoyPolicy = V2DecoyPolicy.NONE;
        private InstantSource clock = InstantSource.system();
        private V2KeyExchange keyExchange;

        private Builder(NetworkParameters network) {
            this.network = Objects.requireNonNull(network, "network");
        }

        /**
         * The transport policy; default {@link TransportPolicy#V2_PREFERRED}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(TransportPolicy policy) {
            this.policy = policy;
            return this;
        }

        /**
         * The handshake deadline; default 60 s.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * The randomness; default a shared {@link SecureRandom}.
         *
         * @param random the randomness
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        /**
         * The v2 garbage length policy; default {@link V2GarbagePolicy#RANDOM}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder garbagePolicy(V2GarbagePolicy policy) {
            this.garbagePolicy = policy;
            return this;
        }

        /**
         * The v2 decoy policy; default {@link V2DecoyPolicy#NONE}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder decoyPolicy(V2DecoyPolicy policy) {
            this.decoyPolicy = policy;
            return this;
        }

        /**
         * The clock for the handshake deadline; default {@link InstantSource#system()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = clock;
            return this;
        }

        /**
         * The secp256k1 provider of v2 handshakes; default {@link V2KeyExchange#defaultProvider()}.
         *
         * @param keyExchange the provider, e.g. {@code V2KeyExchange.select(config)}
         * @return this builder
         */
        public Builder keyExchange(V2KeyExchange keyExchange) {
            this.keyExchange = keyExchange;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public TransportConfig build() {
            return new TransportConfig(network, policy, handshakeTimeout, random, garbagePolicy, decoyPolicy, clock,
                    keyExchange != null ? keyExchange : V2KeyExchange.defaultProvider());
        }
    }
}
