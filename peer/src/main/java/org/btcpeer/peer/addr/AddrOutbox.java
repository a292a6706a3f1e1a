package org.btcpeer.peer.addr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

import org.btcpeer.peer.TimeSource;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.ServiceFlags;

/**
 * The addresses waiting to be sent to one peer, and when, as Core's {@code m_addrs_to_send} with
 * {@code PushAddress} and {@code MaybeSendAddr}:
 *
 * <ul>
 *   <li>{@link #push}: queued if the peer can decode it (addrv2, or an IPv4/IPv6 address); at most
 *       {@value #MAX_ADDR_TO_SEND}, after which a new one replaces a random queued one;</li>
 *   <li>{@link #poll}: the queue goes out when a Poisson timer averaging
 *       {@link #AVG_ADDRESS_BROADCAST_INTERVAL} fires (the first time at once);</li>
 *   <li>self-advertisement: with a local address, it is queued (fresh timestamp, our services) at
 *       the first poll, then on a Poisson timer averaging {@link #AVG_LOCAL_ADDRESS_BROADCAST_INTERVAL};
 *       {@link Batch#forgetKnown()} then names it so the peer's known-address filter lets it through
 *       again (Core resets the whole filter).</li>
 * </ul>
 *
 * The peer's known-address filter is applied when the batch is pushed
 * ({@link org.btcpeer.peer.Peer#pushAddresses}). Sans-I/O: whoever owns the timer calls {@link #poll}
 * at or after {@link #nextDue()}.
 */
public final class AddrOutbox {

    /** Core's {@code AVG_ADDRESS_BROADCAST_INTERVAL}. */
    public static final Duration AVG_ADDRESS_BROADCAST_INTERVAL = Duration.ofSeconds(30);
    /** Core's {@code AVG_LOCAL_ADDRESS_BROADCAST_INTERVAL}. */
    public static final Duration AVG_LOCAL_ADDRESS_BROADCAST_INTERVAL = Duration.ofHours(24);
    /** Core's {@code MAX_ADDR_TO_SEND}: the queue's bound. */
    public static final int MAX_ADDR_TO_SEND = 1000;

    /**
     * What to send now.
     *
     * @param addresses   the addresses (empty: nothing to send)
     * @param forgetKnown our own address, to be removed from the peer's known set before pushing
     */
    public record Batch(List<AddressRecord> addresses, Optional<NetAddress> forgetKnown) {
        /** Nothing to send. */
        public static final Batch EMPTY = new Batch(List.of(), Optional.empty());

        /**
         * Copies the list.
         *
         * @param addresses   addresses
         * @param forgetKnown own address
         */
        public Batch {
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(forgetKnown, "forgetKnown");
        }
    }

    private final TimeSource time;
    private final RandomGenerator random;
    private final BooleanSupplier wantsAddrV2;
    private final Optional<NetAddress> local;
    private final ServiceFlags localServices;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<AddressRecord> queue = new ArrayList<>();
    private boolean addrDue = true;   // Core's m_next_addr_send = 0
    private long nextAddrSend;
    private boolean localDue = true;  // Core's m_next_local_addr_send = 0
    private long nextLocalSend;
    private boolean localPending;

    /**
     * An empty outbox.
     *
     * @param time          the clock
     * @param random        the Poisson timers and random replacement
     * @param wantsAddrV2   whether the peer sent sendaddrv2 (it may then take Tor, I2P, CJDNS addresses)
     * @param local         our own address to advertise, if we listen and it is routable
     * @param localServices the services advertised with it
     */
    public AddrOutbox(TimeSource time, RandomGenerator random, BooleanSupplier wantsAddrV2, Optional<NetAddress> local,
                      ServiceFlags localServices) {
        this.time = Objects.requireNonNull(time, "time");
        this.random = Objects.requireNonNull(random, "random");
        this.wantsAddrV2 = Objects.requireNonNull(wantsAddrV2, "wantsAddrV2");
        this.local = Objects.requireNonNull(local, "local");
        this.localServices = Objects.requireNonNull(localServices, "localServices");
    }

    /**
     * Whether the peer can decode {@code address} (Core's {@code IsAddrCompatible}).
     *
     * @param address the address
     * @return true for addrv2 peers, and for IPv4/IPv6 addresses
     */
    public boolean accepts(NetAddress address) {
        return wantsAddrV2.getAsBoolean() || address.network().isLegacyEncodable();
    }

    /**
     * Queues an address (Core's {@code PushAddress}).
     *
     * @param record the address
     */
    public void push(AddressRecord record) {
        if (!accepts(record.address())) {
            return;
        }
        lock.lock();
        try {
            if (queue.size() >= MAX_ADDR_TO_SEND) {
                queue.set(nextInt(queue.size()), record);
            } else {
                queue.add(record);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes what is due now (Core's {@code MaybeSendAddr}).
     *
     * @return the batch to push; {@link Batch#EMPTY} if the timer has not fired or nothing is queued
     */
    public Batch poll() {
        long now = time.nanoTime();
        lock.lock();
        try {
            if (local.isPresent() && (localDue || now - nextLocalSend > 0)) {
                localDue = false;
                localPending = true;
                AddressRecord self = new AddressRecord(time.now().getEpochSecond(), localServices, local.get());
                if (queue.size() >= MAX_ADDR_TO_SEND) {
                    queue.set(nextInt(queue.size()), self);
                } else {
                    queue.add(self);
                }
                nextLocalSend = now + exponential(AVG_LOCAL_ADDRESS_BROADCAST_INTERVAL);
            }
            if (!addrDue && now - nextAddrSend <= 0) {
                return Batch.EMPTY;
            }
            addrDue = false;
            nextAddrSend = now + exponential(AVG_ADDRESS_BROADCAST_INTERVAL);
            if (queue.isEmpty()) {
                return Batch.EMPTY;
            }
            Optional<NetAddress> forget = localPending ? local : Optional.empty();
            localPending = false;
            Batch b = new Batch(queue, forget);
            queue.clear();
            return b;
        } finally {
            lock.unlock();
        }
    }

    /** When {@link #poll} may have something next (nanos; {@code Long.MAX_VALUE} if nothing can come); a caller may poll more often. */
    public long nextDue() {
        lock.lock();
        try {
            long now = time.nanoTime();
            long addr = addrDue ? now : Math.max(now, nextAddrSend + 1);
            if (!queue.isEmpty()) {
                return addr;
            }
            if (local.isEmpty()) {
                return Long.MAX_VALUE;
            }
            return Math.max(addr, localDue ? now : nextLocalSend + 1); // our address is queued, then sent
        } finally {
            lock.unlock();
        }
    }

    /** Addresses queued now. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private long exponential(Duration mean) {
        double u;
        synchronized (random) {
            u = random.nextDouble();
        }
        return (long) (-Math.log1p(-u) * mean.toNanos());
    }

    private int nextInt(int bound) {
        synchronized (random) {
            return random.nextInt(bound);
        }
    }
}
