package org.btcpeer.peer.addr;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import org.btcpeer.peer.TimeSource;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkId;

/**
 * Forwards addresses gossiped by one peer to a few others, as Core's {@code RelayAddress}: each
 * address goes to {@value #RELAY_PEERS} peers (for an address on a network we cannot reach: 1 or 2,
 * by a hash bit), chosen by a keyed hash of the address, the peer id and a 24-hour epoch
 * ({@code ROTATE_ADDR_RELAY_DEST_INTERVAL}, offset per address so not all rotate at once). The same
 * address sent to us again within the epoch goes to the same peers, whose known-address filters
 * then stop it: repeating an address does not buy it more propagation. The key is a random secret
 * of this relay, so outsiders cannot predict the choice.
 *
 * <p>Peers take part once registered with their {@link AddrOutbox} ({@link #add}; Core's
 * {@code m_addr_relay_enabled}: outbound full-relay and manual peers at the handshake, inbound
 * peers once they send addr, addrv2 or getaddr; never block-relay-only peers). Which addresses
 * qualify is decided by {@link AddrExchange.Received#toRelay()}. Thread-safe.
 */
public final class AddrRelay {

    /** Peers an address is relayed to (Core: 2). */
    public static final int RELAY_PEERS = 2;
    /** Core's {@code ROTATE_ADDR_RELAY_DEST_INTERVAL}. */
    public static final Duration ROTATE_ADDR_RELAY_DEST_INTERVAL = Duration.ofHours(24);

    private final TimeSource time;
    private final Predicate<NetAddress> reachable;
    private final byte[] secret = new byte[32];
    private final Map<Long, AddrOutbox> peers = new ConcurrentHashMap<>();

    /**
     * A relay with a fresh secret.
     *
     * @param time      the clock (for the 24-hour epoch)
     * @param random    draws the secret
     * @param reachable whether we can connect to an address's network (Core's {@code g_reachable_nets})
     */
    public AddrRelay(TimeSource time, RandomGenerator random, Predicate<NetAddress> reachable) {
        this.time = Objects.requireNonNull(time, "time");
        this.reachable = Objects.requireNonNull(reachable, "reachable");
        synchronized (random) {
            random.nextBytes(secret);
        }
    }

    /**
     * Lets a peer receive relayed addresses (idempotent).
     *
     * @param peerId the peer's id
     * @param outbox its outbox
     * @return the registered outbox (the earlier one if the peer was already registered)
     */
    public AddrOutbox add(long peerId, AddrOutbox outbox) {
        AddrOutbox prior = peers.putIfAbsent(peerId, Objects.requireNonNull(outbox, "outbox"));
        return prior == null ? outbox : prior;
    }

    /**
     * Removes a peer (it disconnected).
     *
     * @param peerId the peer's id
     */
    public void remove(long peerId) {
        peers.remove(peerId);
    }

    /**
     * Whether a peer takes part.
     *
     * @param peerId the peer's id
     * @return true once {@link #add}ed and until {@link #remove}d
     */
    public boolean contains(long peerId) {
        return peers.containsKey(peerId);
    }

    /** The registered peers and their outboxes (a snapshot). */
    public Map<Long, AddrOutbox> peers() {
        return Map.copyOf(peers);
    }

    /**
     * Relays one address from {@code originator} to the peers chosen for it now.
     *
     * @param originator the id of the peer that sent it (never chosen)
     * @param record     the address
     * @return the ids of the peers it was queued for
     */
    public List<Long> relay(long originator, AddressRecord record) {
        NetAddress a = record.address();
        boolean canReach = reachable.test(a);
        if (!canReach && a.network() == NetworkId.TORV2) {
            return List.of(); // Core: unreachable and not IsRelayable()
        }
        long hashAddr = addressHash(a);
        long nowSeconds = time.now().getEpochSecond();
        long epoch = Long.divideUnsigned(nowSeconds + hashAddr, ROTATE_ADDR_RELAY_DEST_INTERVAL.toSeconds());
        byte[] base = keyed(a, epoch);
        int relayTo = canReach || (base[base.length - 1] & 1) != 0 ? RELAY_PEERS : 1;
        long[] bestKey = new long[relayTo];
        long[] bestId = new long[relayTo];
        for (Map.Entry<Long, AddrOutbox> p : peers.entrySet()) {
            long id = p.getKey();
            if (id == originator || !p.getValue().accepts(a)) {
                continue;
            }
            long key = peerKey(base, id);
            for (int i = 0; i < relayTo; i++) {
                if (Long.compareUnsigned(key, bestKey[i]) > 0) {
                    System.arraycopy(bestKey, i, bestKey, i + 1, relayTo - i - 1);
                    System.arraycopy(bestId, i, bestId, i + 1, relayTo - i - 1);
                    bestKey[i] = key;
                    bestId[i] = id;
                    break;
                }
            }
        }
        List<Long> chosen = new ArrayList<>(relayTo);
        for (int i = 0; i < relayTo && bestKey[i] != 0; i++) {
            AddrOutbox box = peers.get(bestId[i]);
            if (box != null) {
                box.push(record);
                chosen.add(bestId[i]);
            }
        }
        return chosen;
    }

    /** Core's unkeyed {@code CServiceHash(0, 0)(addr)}: spreads the epoch boundary per address. */
    private static long addressHash(NetAddress a) {
        MessageDigest d = sha256();
        d.update((byte) a.network().ordinal());
        d.update(a.address().toByteArray());
        d.update((byte) (a.port() >>> 8));
        d.update((byte) a.port());
        return ByteBuffer.wrap(d.digest()).getLong();
    }

    /** Core's {@code GetDeterministicRandomizer(RANDOMIZER_ID_ADDRESS_RELAY).Write(hash_addr).Write(time_addr)}. */
    private byte[] keyed(NetAddress a, long epoch) {
        MessageDigest d = sha256();
        d.update(secret);
        d.update(ByteBuffer.allocate(16).putLong(addressHash(a)).putLong(epoch).array());
        return d.digest();
    }

    private static long peerKey(byte[] base, long peerId) {
        MessageDigest d = sha256();
        d.update(base);
        d.update(ByteBuffer.allocate(8).putLong(peerId).array());
        return ByteBuffer.wrap(d.digest()).getLong();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
