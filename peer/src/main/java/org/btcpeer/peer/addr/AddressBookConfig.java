package org.btcpeer.peer.addr;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.btcpeer.peer.TimeSource;

/**
 * How an {@link AddressBook} behaves. Immutable; build with {@link #builder()}.
 *
 * @param capacity         addresses kept at most; default {@value #DEFAULT_CAPACITY} (Core's tried
 *                         table size, {@code ADDRMAN_TRIED_BUCKET_COUNT} 256 × {@code ADDRMAN_BUCKET_SIZE} 64)
 * @param allowNonRoutable keep loopback, private and other non-routable addresses; default false
 *                         (Core keeps only {@code IsRoutable()} ones); true for local test networks
 * @param time             the clock for timestamps, recency and the rate limit; default the system clock
 * @param random           randomness for selection, eviction and getaddr answers; default a {@link SecureRandom}
 */
public record AddressBookConfig(int capacity, boolean allowNonRoutable, TimeSource time, RandomGenerator random) {

    /** Default capacity: 16,384 addresses. */
    public static final int DEFAULT_CAPACITY = 16_384;

    /**
     * Validates the fields.
     *
     * @param capacity         at least 1
     * @param allowNonRoutable whether non-routable addresses are kept
     * @param time             the clock
     * @param random           the randomness
     */
    public AddressBookConfig {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(random, "random");
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static AddressBookConfig defaults() {
        return builder().build();
    }

    /** Builds an {@link AddressBookConfig}. */
    public static final class Builder {
        private int capacity = DEFAULT_CAPACITY;
        private boolean allowNonRoutable;
        private TimeSource time = TimeSource.system();
        private RandomGenerator random = new SecureRandom();

        private Builder() {
        }

        /**
         * Sets how many addresses the book keeps at most. Default: 16,384.
         *
         * @param v addresses kept at most
         * @return this builder
         */
        public Builder capacity(int v) { capacity = v; return this; }

        /**
         * Whether to keep non-routable addresses (loopback, private). Default: false.
         *
         * @param v keep non-routable addresses (loopback, private)
         * @return this builder
         */
        public Builder allowNonRoutable(boolean v) { allowNonRoutable = v; return this; }

        /**
         * Sets the clock. Default: the system clock.
         *
         * @param v the clock
         * @return this builder
         */
        public Builder time(TimeSource v) { time = v; return this; }

        /**
         * Sets the randomness. Default: a SecureRandom.
         *
         * @param v the randomness
         * @return this builder
         */
        public Builder random(RandomGenerator v) { random = v; return this; }

        /** Builds the configuration. */
        public AddressBookConfig build() {
            return new AddressBookConfig(capacity, allowNonRoutable, time, random);
        }
    }
}
