package org.btcpeer.peer.addr;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.ServiceFlags;

/**
 * What the address book knows about one address: an immutable snapshot.
 *
 * @param address     the address
 * @param services    the services last advertised for it (by gossip, or by the node's own version message)
 * @param lastSeen    the gossip timestamp (Core's {@code nTime}), or when we last connected to it
 * @param source      where we first learned it
 * @param sourcePeer  the peer that told us, for {@link AddressSource#PEER}
 * @param lastAttempt when we last tried to connect
 * @param lastSuccess when a connection last completed its handshake; present means "tried" (Core's tried table)
 * @param attempts    failed attempts since the last success (Core's {@code nAttempts})
 */
public record KnownAddress(NetAddress address, ServiceFlags services, Instant lastSeen, AddressSource source,
                           Optional<NetAddress> sourcePeer, Optional<Instant> lastAttempt,
                           Optional<Instant> lastSuccess, int attempts) {

    /**
     * Validates the fields.
     *
     * @param address     address
     * @param services    services
     * @param lastSeen    last seen
     * @param source      source
     * @param sourcePeer  source peer
     * @param lastAttempt last attempt
     * @param lastSuccess last success
     * @param attempts    failed attempts, not negative
     */
    public KnownAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourcePeer, "sourcePeer");
        Objects.requireNonNull(lastAttempt, "lastAttempt");
        Objects.requireNonNull(lastSuccess, "lastSuccess");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
    }

    /** Whether a connection to it ever succeeded (Core keeps these in its "tried" table). */
    public boolean tried() {
        return lastSuccess.isPresent();
    }

    /** The entry as it goes into an addr/addrv2 message. */
    public AddressRecord toRecord() {
        long t = Math.max(0, Math.min(0xffffffffL, lastSeen.getEpochSecond()));
        return new AddressRecord(t, services, address);
    }
}
