package org.btcpeer.peer.addr;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

import org.btcpeer.peer.TimeSource;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkId;

/**
 * The answers to getaddr, one per local listening socket and network, as Core's
 * {@code CConnman::GetAddresses(CNode& requestor, ...)} with {@code m_addr_response_caches}: an
 * answer ({@link AddressBook#getAddrAnswer()}: a random 23%, at most 1,000) is drawn once and
 * served to every requester on the same key until it expires, {@value #LIFETIME_HOURS} h plus a
 * uniform random part of up to {@value #JITTER_HOURS} h later. Reconnecting, even from many
 * addresses, therefore shows the same sample instead of a fresh one each time: the address book
 * cannot be scraped, and a node reachable on several networks or sockets cannot be linked by
 * comparing answers.
 *
 * <p>Bounded: at most {@value #MAX_KEYS} keys (Core keeps one per key it ever saw; keys are few,
 * local sockets times networks). A new key beyond that replaces the entry that expires first.
 */
public final class AddrResponseCache {

    /** The fixed part of an answer's lifetime (Core: 21 h). */
    public static final int LIFETIME_HOURS = 21;
    /** The random part added to each answer's lifetime, uniform in [0, 6 h) (Core). */
    public static final int JITTER_HOURS = 6;
    /** Keys kept at most. */
    public static final int MAX_KEYS = 64;

    /**
     * Which cached answer a requester gets: Core hashes the network the peer connected through and
     * the local socket (address and port) it connected to.
     *
     * @param network     the requester's network
     * @param localSocket the local address and port the connection was accepted on
     *                    ({@link NetAddress#UNSPECIFIED} when not known, e.g. over a pipe)
     */
    public record Key(NetworkId network, NetAddress localSocket) {
        /**
         * Validates the fields.
         *
         * @param network     not null
         * @param localSocket not null
         */
        public Key {
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(localSocket, "localSocket");
        }

        /**
         * The key of a connection.
         *
         * @param peer        the requester's address
         * @param localSocket the local end of the connection, if known
         * @return the key
         */
        public static Key of(NetAddress peer, Optional<InetSocketAddress> localSocket) {
            return new Key(peer.network(), localSocket.filter(a -> !a.isUnresolved()).map(NetAddress::of)
                    .orElse(NetAddress.UNSPECIFIED));
        }
    }

    private record Entry(List<AddressRecord> answer, long expiresNanos) {
    }

    private final AddressBook book;
    private final TimeSource time;
    private final RandomGenerator random;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Key, Entry> entries = new HashMap<>();

    /**
     * An empty cache over a book.
     *
     * @param book   where answers are drawn from
     * @param time   the clock
     * @param random the lifetimes' random part
     */
    public AddrResponseCache(AddressBook book, TimeSource time, RandomGenerator random) {
        this.book = Objects.requireNonNull(book, "book");
        this.time = Objects.requireNonNull(time, "time");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The answer for {@code key}: the cached one while it lives, else a fresh draw from the book.
     *
     * @param key the requester's key
     * @return the addresses, immutable
     */
    public List<AddressRecord> answer(Key key) {
        long now = time.nanoTime();
        lock.lock();
        try {
            Entry e = entries.get(key);
            if (e != null && now - e.expiresNanos < 0) {
                return e.answer;
            }
            if (e == null && entries.size() >= MAX_KEYS) {
                Key first = null;
                for (Map.Entry<Key, Entry> m : entries.entrySet()) {
                    if (first == null || m.getValue().expiresNanos - entries.get(first).expiresNanos < 0) {
                        first = m.getKey();
                    }
                }
                entries.remove(first);
            }
            long jitter;
            synchronized (random) {
                jitter = random.nextLong(Duration.ofHours(JITTER_HOURS).toNanos());
            }
            Entry fresh = new Entry(List.copyOf(book.getAddrAnswer()),
                    now + Duration.ofHours(LIFETIME_HOURS).toNanos() + jitter);
            entries.put(key, fresh);
            return fresh.answer;
        } finally {
            lock.unlock();
        }
    }

    /** Keys cached now. */
    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }
}
