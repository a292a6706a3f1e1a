package org.btcpeer.peer.inbound;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;

import org.btcpeer.peer.connect.NetGroup;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.chain.SipHash24;

/**
 * Network groups hashed with a secret key, so an attacker cannot predict which groups eviction
 * protects (Core's {@code CConnman::CalculateKeyedNetGroup}, SipHash with a random key).
 */
public final class KeyedNetGroups {

    private final NetGroup netGroup;
    private final long k0;
    private final long k1;

    /**
     * Groups with {@code netGroup} under the key (k0, k1).
     *
     * @param netGroup the grouping ({@link NetGroup#core()} in production)
     * @param k0       first key half
     * @param k1       second key half
     */
    public KeyedNetGroups(NetGroup netGroup, long k0, long k1) {
        this.netGroup = Objects.requireNonNull(netGroup, "netGroup");
        this.k0 = k0;
        this.k1 = k1;
    }

    /**
     * Groups with {@code netGroup} under a fresh random key.
     *
     * @param netGroup the grouping
     * @return the keyed groups
     */
    public static KeyedNetGroups random(NetGroup netGroup) {
        SecureRandom r = new SecureRandom();
        return new KeyedNetGroups(netGroup, r.nextLong(), r.nextLong());
    }

    /** The unkeyed grouping. */
    public NetGroup netGroup() {
        return netGroup;
    }

    /**
     * The keyed group of {@code address}: equal for addresses of one group, unpredictable otherwise.
     *
     * @param address the address
     * @return the keyed group
     */
    public long of(NetAddress address) {
        return SipHash24.hash(k0, k1, netGroup.of(address).getBytes(StandardCharsets.UTF_8));
    }
}
