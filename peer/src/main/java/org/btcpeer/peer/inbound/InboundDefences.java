package org.btcpeer.peer.inbound;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;

/**
 * What a node checks every peer address against, shared by its acceptor and its outbound dialing:
 * the discouraged addresses, the manual bans and the whitelist (Core's {@code BanMan} and
 * {@code -whitelist}). Inbound, a banned address is refused and a discouraged one admitted only
 * while slots are free; outbound, neither is dialled automatically (manual connections are).
 * Peers with {@link Permission#NOBAN} skip both checks and are never evicted or discouraged.
 *
 * @param discouragement the discouraged addresses
 * @param bans           the manual bans
 * @param whitelist      the permissions by subnet
 */
public record InboundDefences(Discouragement discouragement, BanList bans, Whitelist whitelist) {

    /**
     * Validates the fields.
     *
     * @param discouragement discouraged addresses
     * @param bans           bans
     * @param whitelist      whitelist
     */
    public InboundDefences {
        Objects.requireNonNull(discouragement, "discouragement");
        Objects.requireNonNull(bans, "bans");
        Objects.requireNonNull(whitelist, "whitelist");
    }

    /**
     * Core's defaults: an empty discouragement filter (loopback exempt), bans in memory, no whitelist.
     *
     * @param clock the clock ban expiries are compared with
     * @return fresh defences
     */
    public static InboundDefences standard(InstantSource clock) {
        return new InboundDefences(new Discouragement(false, new SecureRandom()), BanList.inMemory(clock), Whitelist.EMPTY);
    }

    /**
     * The same, with another whitelist.
     *
     * @param w the whitelist
     * @return a copy sharing the discouragement set and bans
     */
    public InboundDefences withWhitelist(Whitelist w) {
        return new InboundDefences(discouragement, bans, w);
    }
}
