package org.btcpeer.peer.inbound;

import java.util.Objects;

import org.btcpeer.wire.NetworkId;

/**
 * What eviction knows about one connected inbound peer (Core's {@code NodeEvictionCandidate}).
 * Times are on one monotonic clock in nanoseconds; {@link #NEVER} marks a block or transaction
 * time that never happened and {@link #NO_PING} a ping never measured, which sort as Core's
 * defaults do (least worth protecting).
 *
 * @param id               the peer id, returned by {@link EvictionSelector#select}
 * @param connectedNanos   when the connection was accepted
 * @param minPingNanos     the smallest ping round trip, or {@link #NO_PING}
 * @param lastBlockNanos   when the peer last sent a block new to us, or {@link #NEVER}
 * @param lastTxNanos      when the peer last sent a transaction new to us, or {@link #NEVER}
 * @param relevantServices the peer offers the services we want from a block source (Core's {@code fRelevantServices})
 * @param relayTxs         the peer asked for transaction relay (its version's relay flag, Core's {@code m_relay_txs})
 * @param bloomFilter      the peer loaded a BIP-37 filter (Core's {@code fBloomFilter})
 * @param keyedNetGroup    the peer's network group hashed with a secret key ({@link KeyedNetGroups})
 * @param preferEvict      evict this one before the others left after protection (discouraged peers, Core's {@code prefer_evict})
 * @param local            the peer is on a loopback address (Core's {@code m_is_local})
 * @param network          the peer's network
 */
public record EvictionCandidate(long id, long connectedNanos, long minPingNanos, long lastBlockNanos, long lastTxNanos,
                                boolean relevantServices, boolean relayTxs, boolean bloomFilter, long keyedNetGroup,
                                boolean preferEvict, boolean local, NetworkId network) {

    /** A block or transaction time that never happened (Core's {@code 0s}). */
    public static final long NEVER = Long.MIN_VALUE;

    /** A ping never measured (Core's {@code std::chrono::microseconds::max()}). */
    public static final long NO_PING = Long.MAX_VALUE;

    /**
     * Validates the fields.
     *
     * @param id               the peer id
     * @param connectedNanos   connect time
     * @param minPingNanos     minimum ping
     * @param lastBlockNanos   last novel block
     * @param lastTxNanos      last novel transaction
     * @param relevantServices relevant services
     * @param relayTxs         tx relay
     * @param bloomFilter      bloom filter loaded
     * @param keyedNetGroup    keyed group
     * @param preferEvict      prefer to evict
     * @param local            loopback
     * @param network          non-null network
     */
    public EvictionCandidate {
        Objects.requireNonNull(network, "network");
    }

    /**
     * A candidate that has done nothing yet but connect: Core's defaults in {@code AddCandidate}.
     *
     * @param id             the peer id
     * @param connectedNanos when it connected
     * @param keyedNetGroup  its keyed network group
     * @param network        its network
     * @return the candidate
     */
    public static EvictionCandidate fresh(long id, long connectedNanos, long keyedNetGroup, NetworkId network) {
        return new EvictionCandidate(id, connectedNanos, NO_PING, NEVER, NEVER, false, false, false, keyedNetGroup,
                false, false, network);
    }
}
