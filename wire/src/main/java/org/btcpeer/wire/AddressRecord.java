package org.btcpeer.wire;

/**
 * One entry of an addr or addrv2 message: when the address was last seen, what it serves and
 * where it is.
 *
 * <pre>
 * addr:    [4 time][8 services][16 address][2 port BE]                      (30 bytes)
 * addrv2:  [4 time][CompactSize services][1 net id][CompactSize len][len address][2 port BE]
 * </pre>
 *
 * @param time     seconds since the Unix epoch, unsigned 32-bit
 * @param services the services advertised for the address
 * @param address  the address
 */
public record AddressRecord(long time, ServiceFlags services, NetAddress address) {

    /** Size of one legacy entry on the wire. */
    public static final int LEGACY_SIZE = 30;

    /** Smallest possible addrv2 entry: time, 1-byte services, id, 1-byte length, 0 bytes, port. */
    public static final int MIN_V2_SIZE = 4 + 1 + 1 + 1 + 2;

    /**
     * Validates the time range.
     *
     * @param time     unsigned 32-bit seconds
     * @param services services
     * @param address  address
     */
    public AddressRecord {
        if (time < 0 || time > 0xffffffffL) {
            throw new IllegalArgumentException("time must be an unsigned 32-bit value: " + time);
        }
        java.util.Objects.requireNonNull(services, "services");
        java.util.Objects.requireNonNull(address, "address");
    }
}
