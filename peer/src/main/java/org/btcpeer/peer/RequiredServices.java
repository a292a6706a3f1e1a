package org.btcpeer.peer;

import org.btcpeer.wire.ServiceFlags;

/**
 * The services an outbound peer must offer, else it is disconnected with
 * {@link DisconnectReason#MISSING_SERVICES} (Core's {@code HasAllDesirableServiceFlags}, checked on
 * receipt of version for the connections Core expects services from). Inbound peers are never checked.
 *
 * @param anyOf at least one of these bits must be set (0 for no such rule)
 * @param allOf every one of these bits must be set
 */
public record RequiredServices(long anyOf, long allOf) {

    /** No requirement: any services are fine (crawlers, feelers, manual connections). */
    public static final RequiredServices NONE = new RequiredServices(0, 0);

    /**
     * Core's desirable services ({@code GetDesirableServiceFlags}): {@code NODE_NETWORK} or
     * {@code NODE_NETWORK_LIMITED}, plus {@code NODE_WITNESS}. Core accepts a limited peer only
     * when its own tip is recent; the application knows whether it is, so the default accepts both
     * and {@link #FULL_NODE} asks for a full archive.
     */
    public static final RequiredServices CORE_DESIRABLE = new RequiredServices(
            ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_NETWORK_LIMITED, ServiceFlags.NODE_WITNESS);

    /** {@code NODE_NETWORK | NODE_WITNESS}: what Core wants while far behind the tip (initial block download). */
    public static final RequiredServices FULL_NODE = new RequiredServices(0,
            ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS);

    /**
     * What {@code offered} lacks, for the disconnect detail; empty when it satisfies the requirement.
     *
     * @param offered the services in the peer's version
     * @return a description of what is missing, or empty
     */
    public java.util.Optional<String> missing(ServiceFlags offered) {
        StringBuilder why = new StringBuilder();
        if (anyOf != 0 && (offered.bits() & anyOf) == 0) {
            why.append("one of ").append(ServiceFlags.of(anyOf).names());
        }
        long lacking = allOf & ~offered.bits();
        if (lacking != 0) {
            if (!why.isEmpty()) {
                why.append(" and ");
            }
            why.append(ServiceFlags.of(lacking).names());
        }
        return why.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of("peer offers " + offered.names() + ", missing " + why);
    }
}
