package org.btcpeer.peer.inbound;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * One of the peer permissions of Core's {@code NetPermissionFlags} that btcpeer implements, granted
 * per subnet by a {@link Whitelist}. What each changes is listed in docs/limits.md.
 */
public enum Permission {
    /** Never banned, discouraged or evicted; implies {@link #DOWNLOAD} (Core: {@code NoBan}). */
    NOBAN,
    /** Transactions accepted even when we asked for none ({@code relay=0}) (Core: {@code Relay}). */
    RELAY,
    /** Its transactions relayed even when already known; implies {@link #RELAY} (Core: {@code ForceRelay}). */
    FORCERELAY,
    /** Served past upload limits (Core: {@code Download}; btcpeer has no upload limit yet). */
    DOWNLOAD,
    /** getaddr answered with a fresh sample, not the cached one, and addr not rate-limited (Core: {@code Addr}). */
    ADDR,
    /** The {@code mempool} message allowed without {@code NODE_BLOOM} (Core: {@code Mempool}). */
    MEMPOOL;

    /** The name in Core's {@code -whitelist} syntax, e.g. {@code noban}. */
    public String coreName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The permission named {@code name} in Core's syntax.
     *
     * @param name e.g. {@code forcerelay}
     * @return the permission, or empty if btcpeer does not know it
     */
    public static Optional<Permission> byCoreName(String name) {
        return Arrays.stream(values()).filter(p -> p.coreName().equals(name)).findFirst();
    }
}
