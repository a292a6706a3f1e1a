package org.btcpeer.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The 64-bit service bit field a node advertises in version and addr messages. Unknown bits are
 * preserved exactly; {@link #names()} names the known ones (Core's {@code ServiceFlags}).
 *
 * @param bits the raw 64-bit field
 */
public record ServiceFlags(long bits) {

    /** No services. */
    public static final ServiceFlags NONE = new ServiceFlags(0);

    /** {@code NODE_NETWORK} (bit 0): serves the full block chain. */
    public static final long NODE_NETWORK = 1L;
    /** {@code NODE_GETUTXO} (bit 1, BIP-64, obsolete). */
    public static final long NODE_GETUTXO = 1L << 1;
    /** {@code NODE_BLOOM} (bit 2, BIP-111): serves BIP-37 bloom-filtered connections. */
    public static final long NODE_BLOOM = 1L << 2;
    /** {@code NODE_WITNESS} (bit 3, BIP-144): serves witness data. */
    public static final long NODE_WITNESS = 1L << 3;
    /** {@code NODE_XTHIN} (bit 4, never used by Core, reserved). */
    public static final long NODE_XTHIN = 1L << 4;
    /** {@code NODE_COMPACT_FILTERS} (bit 6, BIP-157): serves compact block filters. */
    public static final long NODE_COMPACT_FILTERS = 1L << 6;
    /** {@code NODE_NETWORK_LIMITED} (bit 10, BIP-159): serves the last 288 blocks. */
    public static final long NODE_NETWORK_LIMITED = 1L << 10;
    /** {@code NODE_P2P_V2} (bit 11, BIP-324): accepts v2 encrypted transport. */
    public static final long NODE_P2P_V2 = 1L << 11;

    private static final long[] KNOWN_BITS = {NODE_NETWORK, NODE_GETUTXO, NODE_BLOOM, NODE_WITNESS,
            NODE_XTHIN, NODE_COMPACT_FILTERS, NODE_NETWORK_LIMITED, NODE_P2P_V2};
    private static final String[] KNOWN_NAMES = {"NETWORK", "GETUTXO", "BLOOM", "WITNESS",
            "XTHIN", "COMPACT_FILTERS", "NETWORK_LIMITED", "P2P_V2"};

    /**
     * Service flags from bit constants of this class, or-ed together.
     *
     * @param bits for example {@code NODE_NETWORK | NODE_WITNESS}
     * @return the flags
     */
    public static ServiceFlags of(long bits) {
        return bits == 0 ? NONE : new ServiceFlags(bits);
    }

    /**
     * Whether every bit of {@code flags} is set.
     *
     * @param flags one or more bit constants
     * @return true if all are present
     */
    public boolean has(long flags) {
        return (bits & flags) == flags;
    }

    /**
     * These flags with {@code flags} added.
     *
     * @param flags bits to set
     * @return the combined flags
     */
    public ServiceFlags with(long flags) {
        return of(bits | flags);
    }

    /**
     * These flags with {@code flags} removed.
     *
     * @param flags bits to clear
     * @return the remaining flags
     */
    public ServiceFlags without(long flags) {
        return of(bits & ~flags);
    }

    /** Names of the set bits as Core's getpeerinfo shows them ({@code NETWORK}, ...), unknown bits as {@code UNKNOWN[bit]}. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        long rest = bits;
        for (int i = 0; i < KNOWN_BITS.length; i++) {
            if ((bits & KNOWN_BITS[i]) != 0) {
                out.add(KNOWN_NAMES[i]);
                rest &= ~KNOWN_BITS[i];
            }
        }
        while (rest != 0) {
            int bit = Long.numberOfTrailingZeros(rest);
            out.add("UNKNOWN[" + bit + "]");
            rest &= rest - 1;
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(bits) + names();
    }
}
