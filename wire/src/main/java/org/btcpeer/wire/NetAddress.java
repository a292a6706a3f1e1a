package org.btcpeer.wire;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import static org.btcpeer.wire.WireException.Rule;

/**
 * Where a peer can be reached: a network (BIP-155), its address bytes and a port.
 *
 * <p>Two wire forms exist. The legacy form (version and addr messages) is 16 bytes, IPv4 as an
 * IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), then the port big-endian; it can carry only
 * IPv4 and IPv6. The BIP-155 form (addrv2) is the network id, a CompactSize length, the address
 * bytes and the port, and carries Tor v3, I2P and CJDNS too.
 *
 * <pre>
 * legacy:  [16 address][2 port BE]
 * addrv2:  [1 network id][CompactSize len][len address][2 port BE]
 * </pre>
 *
 * @param network the network
 * @param address exactly {@code network.addressLength()} bytes
 * @param port    0 to 65535
 */
public record NetAddress(NetworkId network, ByteString address, int port) {

    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};
    /** OnionCat prefix of Tor v2 in IPv6 (fd87:d87e:eb43::/48); Core treats it as invalid in addrv2. */
    private static final byte[] TORV2_IN_IPV6_PREFIX = {(byte) 0xfd, (byte) 0x87, (byte) 0xd8, 0x7e, (byte) 0xeb, 0x43};
    /** Core's internal-address prefix (fd6b:88c0:8724::/48); invalid on the wire. */
    private static final byte[] INTERNAL_IN_IPV6_PREFIX = {(byte) 0xfd, 0x6b, (byte) 0x88, (byte) 0xc0, (byte) 0x87, 0x24};

    /** The unspecified IPv6 address {@code [::]:0}, which Core sends when it must not reveal an address. */
    public static final NetAddress UNSPECIFIED = new NetAddress(NetworkId.IPV6, ByteString.wrap(new byte[16]), 0);

    /**
     * Validates the address length and port.
     *
     * @param network the network
     * @param address the address bytes
     * @param port    the port
     */
    public NetAddress {
        if (address.size() != network.addressLength()) {
            throw new IllegalArgumentException(network + " address must have " + network.addressLength()
                    + " bytes, got " + address.size());
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        address = address.compact();
    }

    /**
     * The address of a resolved socket address (IPv4 or IPv6).
     *
     * @param socketAddress a resolved address
     * @return the net address
     */
    public static NetAddress of(InetSocketAddress socketAddress) {
        if (socketAddress.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + socketAddress);
        }
        byte[] ip = socketAddress.getAddress().getAddress();
        return new NetAddress(ip.length == 4 ? NetworkId.IPV4 : NetworkId.IPV6, ByteString.wrap(ip), socketAddress.getPort());
    }

    /** The socket address for IPv4, IPv6 and CJDNS; empty for overlay networks (Tor, I2P), which need a proxy. */
    public Optional<InetSocketAddress> toInetSocketAddress() {
        if (network != NetworkId.IPV4 && network != NetworkId.IPV6 && network != NetworkId.CJDNS) {
            return Optional.empty();
        }
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByAddress(address.toByteArray()), port));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Reads the legacy 18-byte form (16 address bytes, port big-endian). An IPv4-mapped address
     * becomes {@link NetworkId#IPV4}; anything else is {@link NetworkId#IPV6}.
     *
     * @param r the reader
     * @return the address
     * @throws WireException if truncated
     */
    public static NetAddress readLegacy(WireReader r) throws WireException {
        ByteString ip = r.readBytes(16, "address");
        int port = r.readUInt16Be("port");
        if (hasPrefix(ip, IPV4_MAPPED_PREFIX)) {
            return new NetAddress(NetworkId.IPV4, ip.slice(12, 16), port);
        }
        return new NetAddress(NetworkId.IPV6, ip, port);
    }

    /**
     * Writes the legacy 18-byte form.
     *
     * @param w the writer
     * @throws IllegalStateException if the network cannot be written in legacy form (check
     *                               {@link NetworkId#isLegacyEncodable()} first)
     */
    public void writeLegacy(WireWriter w) {
        switch (network) {
            case IPV4 -> w.writeBytes(IPV4_MAPPED_PREFIX, 0, 12).writeBytes(address);
            case IPV6 -> w.writeBytes(address);
            default -> throw new IllegalStateException(network + " has no legacy address form");
        }
        w.writeUInt16Be(port);
    }

    /**
     * Reads the BIP-155 form. Like Core, an entry of an unknown network, Tor v2, or an IPv6
     * address that embeds another network is read and skipped (empty result); a known network
     * with the wrong length, or any address over {@link NetworkId#MAX_ADDRV2_SIZE} bytes, fails.
     *
     * @param r the reader
     * @return the address, or empty if the entry is to be skipped
     * @throws WireException if truncated, too long or of the wrong length for its network
     */
    public static Optional<NetAddress> readV2(WireReader r) throws WireException {
        int networkByte = r.readUInt8("network id");
        ByteString bytes = r.readVarBytes("address", NetworkId.MAX_ADDRV2_SIZE);
        int port = r.readUInt16Be("port");
        Optional<NetworkId> known = NetworkId.byId(networkByte);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        NetworkId network = known.get();
        if (bytes.size() != network.addressLength()) {
            throw r.error("address", Rule.BAD_VALUE, "BIP-155 " + network + " address with length "
                    + bytes.size() + " (should be " + network.addressLength() + ")");
        }
        if (network == NetworkId.TORV2) {
            return Optional.empty();
        }
        if (network == NetworkId.IPV6 && (hasPrefix(bytes, IPV4_MAPPED_PREFIX)
                || hasPrefix(bytes, TORV2_IN_IPV6_PREFIX) || hasPrefix(bytes, INTERNAL_IN_IPV6_PREFIX))) {
            return Optional.empty();
        }
        return Optional.of(new NetAddress(network, bytes, port));
    }

    /**
     * Writes the BIP-155 form.
     *
     * @param w the writer
     */
    public void writeV2(WireWriter w) {
        w.writeUInt8(network.id()).writeVarBytes(address).writeUInt16Be(port);
    }

    private static boolean hasPrefix(ByteString b, byte[] prefix) {
        if (b.size() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b.byteAt(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The host part as people write it: dotted IPv4, bracket-free IPv6, {@code .onion} or {@code .b32.i2p} names. */
    public String host() {
        return switch (network) {
            case IPV4, IPV6, CJDNS -> toInetSocketAddress().orElseThrow().getAddress().getHostAddress();
            case TORV3 -> torV3Name();
            case I2P -> base32(address.toByteArray()) + ".b32.i2p";
            case TORV2 -> base32(address.toByteArray()) + ".onion";
        };
    }

    /** The Tor v3 name: base32(pubkey || checksum[0..2] || 0x03) + ".onion" (rend-spec-v3). */
    private String torV3Name() {
        byte[] pubkey = address.toByteArray();
        byte[] checksum;
        try {
            MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
            sha3.update(".onion checksum".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            sha3.update(pubkey);
            sha3.update((byte) 3);
            checksum = sha3.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK since 9 has SHA3-256", e);
        }
        byte[] all = Arrays.copyOf(pubkey, 35);
        all[32] = checksum[0];
        all[33] = checksum[1];
        all[34] = 3;
        return base32(all) + ".onion";
    }

    private static String base32(byte[] data) {
        final String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }

    /**
     * Whether this address is publicly routable, roughly Core's {@code CNetAddr::IsRoutable}: false for
     * loopback, private (RFC 1918, fc00::/7), link-local and unspecified addresses. Overlay networks
     * (Tor, I2P, CJDNS) count as routable. Core uses it to decide whether to reveal a peer's address
     * in the version message.
     */
    public boolean isRoutable() {
        if (network != NetworkId.IPV4 && network != NetworkId.IPV6) {
            return true;
        }
        java.net.InetAddress ip = toInetSocketAddress().orElseThrow().getAddress();
        boolean uniqueLocalV6 = network == NetworkId.IPV6 && (address.byteAt(0) & 0xfe) == 0xfc;
        return !(ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress()
                || ip.isAnyLocalAddress() || uniqueLocalV6);
    }

    /** {@code host:port}, with IPv6 hosts in brackets. */
    @Override
    public String toString() {
        String host = host();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** A short lowercase label of the network, as Core's getpeerinfo {@code network} field. */
    public String networkLabel() {
        return switch (network) {
            case IPV4 -> "ipv4";
            case IPV6 -> "ipv6";
            case TORV2, TORV3 -> "onion";
            default -> network.name().toLowerCase(Locale.ROOT);
        };
    }
}
