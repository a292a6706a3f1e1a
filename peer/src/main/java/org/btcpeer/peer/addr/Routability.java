package org.btcpeer.peer.addr;

import org.btcpeer.wire.NetAddress;

/** Core's {@code CNetAddr::IsRoutable()}: whether an address could be a peer on the public internet or an overlay network. */
final class Routability {

    private Routability() {
    }

    static boolean isRoutable(NetAddress a) {
        if (a.port() == 0) {
            return false;
        }
        byte[] b = a.address().toByteArray();
        return switch (a.network()) {
            case IPV4 -> routableIpv4(b[0] & 0xff, b[1] & 0xff);
            case IPV6 -> routableIpv6(b);
            case TORV3, I2P, CJDNS -> true;
            case TORV2 -> false;
        };
    }

    private static boolean routableIpv4(int a, int b) {
        return !(a == 0 || a == 10 || a == 127 || a >= 224                       // this network, RFC1918, loopback, multicast/reserved
                || (a == 169 && b == 254) || (a == 172 && b >= 16 && b <= 31)     // RFC3927 link-local, RFC1918
                || (a == 192 && b == 168) || (a == 100 && b >= 64 && b <= 127)    // RFC1918, RFC6598 shared
                || (a == 198 && (b == 18 || b == 19))                             // RFC2544 benchmarking
                || (a == 192 && b == 0) || (a == 198 && b == 51) || (a == 203 && b == 0)); // RFC5737 documentation (approximate /16s)
    }

    private static boolean routableIpv6(byte[] b) {
        boolean allZeroButLast = true;
        for (int i = 0; i < 15; i++) {
            allZeroButLast &= b[i] == 0;
        }
        if (allZeroButLast && (b[15] == 0 || b[15] == 1)) {
            return false;                                                         // :: and ::1
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        return !(b0 == 0xff                                                       // multicast
                || (b0 == 0xfe && (b1 & 0xc0) == 0x80)                            // RFC4862 link-local
                || (b0 & 0xfe) == 0xfc                                            // RFC4193 unique local
                || (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8)); // RFC3849 documentation
    }
}
