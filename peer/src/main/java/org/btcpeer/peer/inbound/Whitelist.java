package org.btcpeer.peer.inbound;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * Permissions granted to inbound peers by subnet (Core's {@code -whitelist}). A peer in several
 * listed subnets gets the union of their permissions, as in Core's {@code AddWhitelistPermissionFlags}.
 * Entries apply to inbound connections only (Core's default direction, {@code in}).
 *
 * <p>{@link #parseEntry} takes Core's syntax, {@code [PERM,PERM,...@]SUBNET}, and also
 * {@code SUBNET=PERM,...}; an entry without permissions grants {@link Permissions#IMPLICIT}
 * (Core's default: {@code noban}, {@code relay}, {@code mempool}, {@code download}).
 *
 * @param entries the entries, in the order given
 */
public record Whitelist(List<Entry> entries) {

    /** No entry: every peer gets {@link Permissions#NONE}. */
    public static final Whitelist EMPTY = new Whitelist(List.of());

    /**
     * One subnet and what it grants.
     *
     * @param subnet      the subnet
     * @param permissions the permissions of its peers
     */
    public record Entry(Subnet subnet, Permissions permissions) {

        /**
         * Validates the fields.
         *
         * @param subnet      the subnet
         * @param permissions the permissions
         */
        public Entry {
            Objects.requireNonNull(subnet, "subnet");
            Objects.requireNonNull(permissions, "permissions");
        }

        /** The entry in Core's syntax, {@code perm,perm@SUBNET}. */
        @Override
        public String toString() {
            return permissions + "@" + subnet;
        }
    }

    /**
     * Freezes the entries.
     *
     * @param entries the entries
     */
    public Whitelist {
        entries = List.copyOf(entries);
    }

    /**
     * Parses each text with {@link #parseEntry}.
     *
     * @param texts the entries, e.g. from repeated {@code --whitelist} options
     * @return the whitelist
     * @throws IllegalArgumentException naming the first entry that does not parse
     */
    public static Whitelist parse(Collection<String> texts) {
        List<Entry> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(parseEntry(t));
        }
        return new Whitelist(out);
    }

    /**
     * Parses {@code perm,perm@SUBNET} (Core), {@code SUBNET=perm,perm} (btcpeer) or a bare
     * {@code SUBNET} (the implicit permissions). Permission names are Core's ({@link Permission#coreName()});
     * Core's {@code in} is accepted (the only direction here), {@code out} and {@code bloomfilter} are not.
     *
     * @param text the entry
     * @return the entry
     * @throws IllegalArgumentException with the entry and the offending part
     */
    public static Entry parseEntry(String text) {
        Objects.requireNonNull(text, "text");
        int at = text.indexOf('@');
        int eq = text.indexOf('=');
        if (at >= 0 && eq >= 0) {
            throw new IllegalArgumentException("whitelist entry '" + text + "': use either PERMS@SUBNET or SUBNET=PERMS");
        }
        String subnet = at >= 0 ? text.substring(at + 1) : eq >= 0 ? text.substring(0, eq) : text;
        String perms = at >= 0 ? text.substring(0, at) : eq >= 0 ? text.substring(eq + 1) : null;
        Subnet s;
        try {
            s = Subnet.parse(subnet.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("whitelist entry '" + text + "': " + e.getMessage());
        }
        return new Entry(s, perms == null ? Permissions.IMPLICIT : permissions(text, perms));
    }

    private static Permissions permissions(String text, String list) {
        EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
        boolean any = false;
        for (String name : list.split(",", -1)) {
            String n = name.strip();
            if (n.equals("in")) {
                any = true;
                continue;
            }
            Permission p = Permission.byCoreName(n).orElseThrow(() -> new IllegalArgumentException("whitelist entry '"
                    + text + "': unknown permission '" + n + "' (known: noban, relay, forcerelay, download, addr, mempool, in)"));
            set.add(p);
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("whitelist entry '" + text + "': no permission given");
        }
        return set.isEmpty() ? Permissions.IMPLICIT : new Permissions(set);
    }

    /**
     * The permissions of a peer at {@code address}.
     *
     * @param address the peer's IP address
     * @return the union of the matching entries' permissions; {@link Permissions#NONE} if none match
     */
    public Permissions permissionsOf(InetAddress address) {
        Permissions p = Permissions.NONE;
        for (Entry e : entries) {
            if (e.subnet().contains(address)) {
                p = p.with(e.permissions());
            }
        }
        return p;
    }
}
