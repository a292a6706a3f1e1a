package org.btcpeer.peer.addr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

import org.btcpeer.peer.TimeSource;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.NetAddress;

/**
 * One connection's address exchange with the {@link AddressBook}, with Core's per-connection rules
 * ({@code ProcessMessage} ADDR/ADDRV2 and GETADDR):
 *
 * <ul>
 *   <li>addr/addrv2 received: the message is <b>shuffled</b> first, then rate-limited by an
 *       {@link AddrTokenBucket} (0.1 per second, plus 1,000 after we sent getaddr), so the sender
 *       cannot choose which of its addresses survive the limit; what is left goes into the book
 *       with the peer as source;</li>
 *   <li>which of those may be relayed to other peers ({@link Received#toRelay()}): only from a
 *       message of at most {@value #MAX_ADDR_TO_RELAY} addresses that is not the answer to our
 *       getaddr, and only addresses that are fresh (timestamp within {@link #RELAY_FRESHNESS} of now,
 *       not in the future) and routable; hand them to an {@link AddrRelay};</li>
 *   <li>getaddr received: answered only from inbound connections ("Ignoring getaddr from outbound
 *       connection") and only once per connection ({@code m_getaddr_recvd}), from the
 *       {@link AddrResponseCache} entry of the connection's key.</li>
 * </ul>
 */
public final class AddrExchange {

    /** Core relays addresses only from addr messages of at most this many entries ({@code vAddr.size() <= 10}). */
    public static final int MAX_ADDR_TO_RELAY = 10;
    /** Core relays an address only if its timestamp is less than this old ({@code current_a_time - 10min}). */
    public static final Duration RELAY_FRESHNESS = Duration.ofMinutes(10);

    /**
     * What one received addr/addrv2 gave.
     *
     * @param processed addresses processed (the rest fell to the rate limit)
     * @param added     addresses new to the book
     * @param toRelay   processed addresses that qualify for relay to other peers
     */
    public record Received(int processed, int added, List<AddressRecord> toRelay) {
        /**
         * Copies the list.
         *
         * @param processed processed count
         * @param added     added count
         * @param toRelay   relay candidates
         */
        public Received {
            toRelay = List.copyOf(toRelay);
        }
    }

    private final AddressBook book;
    private final NetAddress peer;
    private final boolean inbound;
    private final TimeSource time;
    private final RandomGenerator random;
    private final AddrResponseCache responses;
    private final AddrResponseCache.Key responseKey;
    private final AddrTokenBucket bucket;
    private final boolean addrPermission;
    private final AtomicBoolean getAddrAnswered = new AtomicBoolean();
    private final AtomicBoolean getAddrPending = new AtomicBoolean(); // Core's m_getaddr_sent

    /**
     * The exchange for one connection.
     *
     * @param book        the address book
     * @param peer        the peer's address (the source of what it sends)
     * @param inbound     whether the peer connected to us
     * @param time        the clock of the rate limit and of freshness
     * @param random      shuffles received messages
     * @param responses   the node's getaddr answers
     * @param responseKey this connection's key into {@code responses}
     */
    public AddrExchange(AddressBook book, NetAddress peer, boolean inbound, TimeSource time, RandomGenerator random,
                        AddrResponseCache responses, AddrResponseCache.Key responseKey) {
        this(book, peer, inbound, time, random, responses, responseKey, false);
    }

    /**
     * The exchange for one connection of a peer that may have Core's {@code addr} permission: its
     * getaddr is answered with a fresh sample of the book instead of the cached answer, and its addr
     * messages are not rate-limited ({@code rate_limited = !HasPermission(Addr)} in Core).
     *
     * @param book           the address book
     * @param peer           the peer's address
     * @param inbound        whether the peer connected to us
     * @param time           the clock
     * @param random         shuffles received messages
     * @param responses      the node's cached getaddr answers
     * @param responseKey    this connection's key into {@code responses}
     * @param addrPermission whether the peer has the {@code addr} permission
     */
    public AddrExchange(AddressBook book, NetAddress peer, boolean inbound, TimeSource time, RandomGenerator random,
                        AddrResponseCache responses, AddrResponseCache.Key responseKey, boolean addrPermission) {
        this.addrPermission = addrPermission;
        this.book = Objects.requireNonNull(book, "book");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.inbound = inbound;
        this.time = Objects.requireNonNull(time, "time");
        this.random = Objects.requireNonNull(random, "random");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.responseKey = Objects.requireNonNull(responseKey, "responseKey");
        this.bucket = new AddrTokenBucket(time);
    }

    /** We sent the peer a getaddr: credit the rate limit so its answer is processed in full, and do not relay the answer. */
    public void getAddrSent() {
        getAddrPending.set(true);
        bucket.creditGetAddr();
    }

    /**
     * Processes a received addr or addrv2.
     *
     * @param records the addresses, in message order
     * @return what was processed, added and may be relayed
     */
    public Received onAddresses(List<AddressRecord> records) {
        List<AddressRecord> shuffled = new ArrayList<>(records);
        synchronized (random) { // Core: Shuffle(vAddr) before the token bucket loop
            for (int i = shuffled.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                AddressRecord t = shuffled.get(i);
                shuffled.set(i, shuffled.get(j));
                shuffled.set(j, t);
            }
        }
        int allowed = addrPermission ? shuffled.size() : bucket.take(shuffled.size());
        List<AddressRecord> kept = shuffled.subList(0, allowed);
        boolean relayMessage = records.size() <= MAX_ADDR_TO_RELAY && !getAddrPending.get();
        if (records.size() < AddressBook.MAX_ADDR_TO_SEND) {
            getAddrPending.set(false); // Core: a message shorter than a full answer ends the wait
        }
        List<AddressRecord> toRelay = new ArrayList<>();
        if (relayMessage) {
            long now = time.now().getEpochSecond();
            for (AddressRecord r : kept) {
                if (r.time() > now - RELAY_FRESHNESS.toSeconds() && r.time() <= now + RELAY_FRESHNESS.toSeconds()
                        && Routability.isRoutable(r.address())) {
                    toRelay.add(r);
                }
            }
        }
        int added = allowed == 0 ? 0 : book.addFromPeer(kept, peer);
        return new Received(allowed, added, toRelay);
    }

    /**
     * The answer to a received getaddr.
     *
     * @return the addresses to push, or empty if this connection gets no answer (outbound, or already answered)
     */
    public Optional<List<AddressRecord>> onGetAddr() {
        if (!inbound || !getAddrAnswered.compareAndSet(false, true)) {
            return Optional.empty();
        }
        return Optional.of(addrPermission ? book.getAddrAnswer() : responses.answer(responseKey));
    }

    /** Addresses dropped by the rate limit on this connection. */
    public long rateLimitedCount() {
        return bucket.rateLimitedCount();
    }
}
