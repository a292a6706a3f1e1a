package org.btcpeer.peer.connect;

import org.btcpeer.wire.NetAddress;

/**
 * Maps an address to its network group: automatic outbound connections go to distinct groups, so
 * that one operator with one address range cannot surround us (Core's {@code NetGroupManager::GetGroup},
 * used by {@code ThreadOpenConnections}). Injectable: tests on 127.0.0.0/8 use their own grouping.
 */
@FunctionalInterface
public interface NetGroup {

    /**
     * The group of {@code address}.
     *
     * @param address the address
     * @return a key; addresses with equal keys share a group
     */
    String of(NetAddress address);

    /**
     * Core's grouping without an ASN map: IPv4 by /16, IPv6 by /32 (Hurricane Electric's
     * 2001:470::/32 by /36), Tor v3, I2P and CJDNS by network plus the first 4 bits of the
     * (random) address bytes, every loopback/local address in one group, every other
     * non-routable address in another.
     *
     * @return the grouping
     */
    static NetGroup core() {
        return a -> {
            byte[] b = a.address().toByteArray();
            return switch (a.network()) {
                case IPV4 -> {
                    int b0 = b[0] & 0xff;
                    if (b0 == 127 || b0 == 0) {
                        yield "local";
                    }
                    if (b0 == 10 || (b0 == 192 && (b[1] & 0xff) == 168) || (b0 == 172 && (b[1] & 0xf0) == 16)
                            || (b0 == 169 && (b[1] & 0xff) == 254)) {
                        yield "unroutable";
                    }
                    yield "ipv4:" + b0 + "." + (b[1] & 0xff);
                }
                case IPV6 -> {
                    boolean loopback = true;
                    for (int i = 0; i < 15; i++) {
                        loopback &= b[i] == 0;
                    }
                    if (loopback) {
                        yield "local";
                    }
                    boolean he = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x04 && (b[3] & 0xff) == 0x70;
                    yield String.format("ipv6:%02x%02x:%02x%02x%s", b[0], b[1], b[2], b[3],
                            he ? String.format("/%x", (b[4] & 0xf0) >> 4) : "");
                }
                case TORV3 -> "onion:" + ((b[0] & 0xf0) >> 4);
                case I2P -> "i2p:" + ((b[0] & 0xf0) >> 4);
                case CJDNS -> "cjdns:" + ((b[1] & 0xf0) >> 4);
                case TORV2 -> "unroutable";
            };
        };
    }

    /** Every address its own group: no diversity rule (for local test networks). */
    static NetGroup perAddress() {
        return NetAddress::toString;
    }
}
