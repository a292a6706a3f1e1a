package org.btcpeer.peer.inbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 subnet; a single address is a /32 or /128 (Core's {@code CSubNet}, numeric
 * forms only). Bans and whitelist entries are keyed by one.
 *
 * @param network      the subnet's first address (host bits cleared)
 * @param prefixLength the prefix length, 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record Subnet(InetAddress network, int prefixLength) {

    /**
     * Validates the prefix length and clears the host bits.
     *
     * @param network      an address of the subnet
     * @param prefixLength the prefix length within the address's family
     */
    public Subnet {
        Objects.requireNonNull(network, "network");
        byte[] b = network.getAddress();
        if (prefixLength < 0 || prefixLength > b.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for " + network.getHostAddress());
        }
        byte[] masked = mask(b, prefixLength);
        if (!Arrays.equals(masked, b)) {
            try {
                network = InetAddress.getByAddress(masked);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Parses {@code ADDRESS} or {@code ADDRESS/PREFIX} (numeric addresses only, no name lookups).
     *
     * @param text the subnet text
     * @return the subnet
     * @throws IllegalArgumentException if it is not a numeric address or the prefix is out of range
     */
    public static Subnet parse(String text) {
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        if (host.isEmpty() || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            throw new IllegalArgumentException("not a numeric address: " + text);
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a numeric address: " + text);
        }
        int bits = a.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length: " + text);
        }
        return new Subnet(a, prefix);
    }

    /**
     * Whether {@code address} is in this subnet (addresses of the other family never are).
     *
     * @param address the address
     * @return true if its first {@link #prefixLength()} bits match
     */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        return a.length == n.length && Arrays.equals(mask(a, prefixLength), n);
    }

    /** The subnet as {@code ADDRESS/PREFIX}. */
    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static byte[] mask(byte[] b, int prefixLength) {
        byte[] out = b.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }
}
