package org.btcpeer.wire;

import java.util.Optional;

/**
 * BIP-155 network identifiers and their exact address lengths. TorV2 is listed because it can be
 * received, but like Core we skip such entries (Tor v2 no longer exists).
 */
public enum NetworkId {
    /** IPv4, 4 bytes. */
    IPV4(1, 4),
    /** IPv6, 16 bytes. */
    IPV6(2, 16),
    /** Tor v2 onion service, 10 bytes; obsolete, read and skipped. */
    TORV2(3, 10),
    /** Tor v3 onion service: the 32-byte ed25519 public key. */
    TORV3(4, 32),
    /** I2P: the 32-byte SHA-256 of the destination. */
    I2P(5, 32),
    /** CJDNS: 16 bytes, an IPv6 address in fc00::/8. */
    CJDNS(6, 16);

    /** Core's {@code MAX_ADDRV2_SIZE}: a longer address fails the whole addrv2 message. */
    public static final int MAX_ADDRV2_SIZE = 512;

    private static final NetworkId[] ALL = values(); // values() copies its array on every call

    private final int id;
    private final int addressLength;

    NetworkId(int id, int addressLength) {
        this.id = id;
        this.addressLength = addressLength;
    }

    /** The BIP-155 network id byte. */
    public int id() {
        return id;
    }

    /** The exact address length BIP-155 requires for this network. */
    public int addressLength() {
        return addressLength;
    }

    /** Whether the legacy (pre-BIP-155) 16-byte address form can carry this network (Core's {@code IsAddrV1Compatible}). */
    public boolean isLegacyEncodable() {
        return this == IPV4 || this == IPV6;
    }

    /**
     * The network with BIP-155 id {@code id}.
     *
     * @param id the id byte
     * @return the network, or empty for an id this library does not know
     */
    public static Optional<NetworkId> byId(int id) {
        for (NetworkId n : ALL) {
            if (n.id == id) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
