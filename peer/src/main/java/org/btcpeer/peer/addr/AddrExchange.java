package org.btcpeer.peer.addr;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.btcpeer.peer.TimeSource;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.NetAddress;

/**
 * One connection's address exchange with the {@link AddressBook}, with Core's per-connection rules:
 *
 * <ul>
 *   <li>addr/addrv2 received: rate-limited by an {@link AddrTokenBucket} (0.1 per second, plus
 *       1,000 after we sent getaddr), then added to the book with the peer as source;</li>
 *   <li>getaddr received: answered only from inbound connections ("Ignoring getaddr from outbound
 *       connection") and only once per connection ({@code m_getaddr_recvd}), with
 *       {@link AddressBook#getAddrAnswer()}.</li>
 * </ul>
 */
public final class AddrExchange {

    private final AddressBook book;
    private final NetAddress peer;
    private final boolean inbound;
    private final AddrTokenBucket bucket;
    private final AtomicBoolean getAddrAnswered = new AtomicBoolean();

    /**
     * The exchange for one connection.
     *
     * @param book    the address book
     * @param peer    the peer's address (the source of what it sends)
     * @param inbound whether the peer connected to us
     * @param time    the clock of the rate limit
     */
    public AddrExchange(AddressBook book, NetAddress peer, boolean inbound, TimeSource time) {
        this.book = Objects.requireNonNull(book, "book");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.inbound = inbound;
        this.bucket = new AddrTokenBucket(time);
    }

    /** We sent the peer a getaddr: credit the rate limit so its answer is processed in full. */
    public void getAddrSent() {
        bucket.creditGetAddr();
    }

    /**
     * Processes a received addr or addrv2.
     *
     * @param records the addresses
     * @return how many were new to the book
     */
    public int onAddresses(List<AddressRecord> records) {
        int allowed = bucket.take(records.size());
        return allowed == 0 ? 0 : book.addFromPeer(records.subList(0, allowed), peer);
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
        return Optional.of(book.getAddrAnswer());
    }

    /** Addresses dropped by the rate limit on this connection. */
    public long rateLimitedCount() {
        return bucket.rateLimitedCount();
    }
}
