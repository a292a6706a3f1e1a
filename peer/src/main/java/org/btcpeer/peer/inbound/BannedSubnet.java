package org.btcpeer.peer.inbound;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One manual ban: a {@link Subnet} and when it expires (Core's {@code CBanEntry} keyed by
 * {@code CSubNet}).
 *
 * @param range the banned subnet (a single address is a /32 or /128)
 * @param until when the ban ends
 */
public record BannedSubnet(Subnet range, Instant until) {

    /**
     * Validates the fields.
     *
     * @param range the subnet
     * @param until the expiry
     */
    public BannedSubnet {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(until, "until");
    }

    /**
     * Parses {@code ADDRESS} or {@code ADDRESS/PREFIX} ({@link Subnet#parse}).
     *
     * @param text  the subnet text
     * @param until the expiry
     * @return the ban
     * @throws IllegalArgumentException if it is not a numeric address or the prefix is out of range
     */
    public static BannedSubnet parse(String text, Instant until) {
        return new BannedSubnet(Subnet.parse(text), until);
    }

    /**
     * Whether {@code address} is in the banned subnet.
     *
     * @param address the address
     * @return true if covered
     */
    public boolean contains(InetAddress address) {
        return range.contains(address);
    }

    /** The subnet as {@code ADDRESS/PREFIX}, the key of {@link BanList#unban}. */
    public String subnet() {
        return range.toString();
    }
}
