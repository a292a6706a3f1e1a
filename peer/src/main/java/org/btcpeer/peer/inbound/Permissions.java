package org.btcpeer.peer.inbound;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The permissions of one peer, with Core's implications applied ({@code forcerelay} implies
 * {@code relay}, {@code noban} implies {@code download}, as in Core v30's {@code NetPermissionFlags}).
 *
 * @param granted the permissions, implications included; unmodifiable
 */
public record Permissions(Set<Permission> granted) {

    /** No permission: an ordinary peer. */
    public static final Permissions NONE = new Permissions(Set.of());

    /**
     * What a whitelist entry without explicit permissions grants (Core's {@code Implicit} flag as
     * resolved in {@code CConnman::Init} with its defaults {@code -whitelistrelay=1},
     * {@code -whitelistforcerelay=0}): {@code noban}, {@code relay}, {@code mempool} and so
     * {@code download}.
     */
    public static final Permissions IMPLICIT = of(Permission.NOBAN, Permission.RELAY, Permission.MEMPOOL);

    /**
     * Applies the implications and freezes the set.
     *
     * @param granted the permissions
     */
    public Permissions {
        EnumSet<Permission> all = granted.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(granted);
        if (all.contains(Permission.FORCERELAY)) {
            all.add(Permission.RELAY);
        }
        if (all.contains(Permission.NOBAN)) {
            all.add(Permission.DOWNLOAD);
        }
        granted = Set.copyOf(all);
    }

    /**
     * Permissions from a list.
     *
     * @param permissions the permissions
     * @return them, with the implications
     */
    public static Permissions of(Permission... permissions) {
        return new Permissions(Set.of(permissions));
    }

    /**
     * Whether {@code p} is granted.
     *
     * @param p the permission
     * @return true if granted (directly or implied)
     */
    public boolean has(Permission p) {
        return granted.contains(p);
    }

    /**
     * These permissions and {@code other}'s (a peer in several whitelisted subnets gets all, as in Core).
     *
     * @param other more permissions
     * @return the union
     */
    public Permissions with(Permissions other) {
        EnumSet<Permission> all = EnumSet.noneOf(Permission.class);
        all.addAll(granted);
        all.addAll(other.granted);
        return new Permissions(all);
    }

    /** Core's names, comma-separated in declaration order, e.g. {@code noban,download}; empty for none. */
    @Override
    public String toString() {
        return EnumSet.copyOf(granted.isEmpty() ? EnumSet.noneOf(Permission.class) : granted).stream()
                .map(Permission::coreName).collect(Collectors.joining(","));
    }
}
