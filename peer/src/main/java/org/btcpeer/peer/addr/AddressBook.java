package org.btcpeer.peer.addr;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import org.btcpeer.peer.TimeSource;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses of nodes we know, where they came from and how connecting to them went: a bounded,
 * thread-safe, simplified version of Bitcoin Core's {@code AddrMan}.
 *
 * <ul>
 *   <li><b>In:</b> addr/addrv2 from peers (through an {@link AddrExchange}, which applies Core's
 *       per-peer token bucket), DNS seeds ({@link #addDnsSeeds}, resolved through a
 *       {@link SeedResolver}), and user-supplied addresses ({@link #addUser}).</li>
 *   <li><b>Selection</b> ({@link #select}): as Core's {@code Select}, a coin flip picks the tried
 *       table (addresses we once connected to) or the new table, then entries are drawn at random
 *       and accepted with Core's {@code GetChance} (×0.01 if tried in the last 10 minutes,
 *       ×0.66 per failed attempt, at most 8 times), with a chance factor that grows by 1.2 per draw.
 *       Only addresses with every required service are candidates.</li>
 *   <li><b>Bounded:</b> at most {@link AddressBookConfig#capacity()} addresses. When full, a new
 *       address replaces the worst of 8 randomly sampled entries: a "terrible" one first (Core's
 *       {@code IsTerrible}: not seen for 30 days, 3 failures and never a success, or 10 failures
 *       and no success for a week), else an untried one before a tried one, else the oldest.</li>
 *   <li><b>getaddr:</b> {@link #getAddrAnswer()} returns a random 23% of the known addresses
 *       (Core's {@code MAX_PCT_ADDR_TO_SEND}), at most 1,000 ({@code MAX_ADDR_TO_SEND}), without
 *       terrible ones.</li>
 *   <li><b>Persistence</b> ({@link #save}, {@link #load}): see {@link AddressBookFile}.</li>
 * </ul>
 */
public final class AddressBook {

    private static final Logger log = LoggerFactory.getLogger(AddressBook.class);

    /** Core's {@code MAX_ADDR_TO_SEND}: most addresses in one getaddr answer. */
    public static final int MAX_ADDR_TO_SEND = 1000;
    /** Core's {@code MAX_PCT_ADDR_TO_SEND}: a getaddr answer holds at most this percentage of the known addresses. */
    public static final int MAX_PCT_ADDR_TO_SEND = 23;
    /** Core's {@code ADDRMAN_HORIZON}: an address not seen for this long is terrible. */
    static final Duration HORIZON = Duration.ofDays(30);
    /** Core's {@code ADDRMAN_RETRIES}: failures without any success that make an address terrible. */
    static final int RETRIES = 3;
    /** Core's {@code ADDRMAN_MAX_FAILURES}. */
    static final int MAX_FAILURES = 10;
    /** Core's {@code ADDRMAN_MIN_FAIL}. */
    static final Duration MIN_FAIL = Duration.ofDays(7);
    /** Core's time penalty for addresses relayed by peers (2 hours). */
    static final Duration RELAY_TIME_PENALTY = Duration.ofHours(2);
    /** Entries sampled to pick one to evict. */
    static final int EVICTION_SAMPLE = 8;
    /** The services Core assumes for DNS seed results and fixed seeds. */
    public static final ServiceFlags ASSUMED_SERVICES = ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS);

    private final AddressBookConfig config;
    private final TimeSource time;
    private final RandomGenerator random;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<NetAddress, Entry> byAddress = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private long evicted;

    /** One address; mutable, guarded by the book's lock; {@code index} is its position in {@code entries}. */
    private static final class Entry {
        final NetAddress address;
        ServiceFlags services;
        Instant lastSeen;
        AddressSource source;
        NetAddress sourcePeer;
        Instant lastAttempt;
        Instant lastSuccess;
        int attempts;
        int index;

        Entry(NetAddress address, ServiceFlags services, Instant lastSeen, AddressSource source, NetAddress sourcePeer) {
            this.address = address;
            this.services = services;
            this.lastSeen = lastSeen;
            this.source = source;
            this.sourcePeer = sourcePeer;
        }

        KnownAddress snapshot() {
            return new KnownAddress(address, services, lastSeen, source, Optional.ofNullable(sourcePeer),
                    Optional.ofNullable(lastAttempt), Optional.ofNullable(lastSuccess), attempts);
        }
    }

    /**
     * An empty book.
     *
     * @param config the configuration
     */
    public AddressBook(AddressBookConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.time = config.time();
        this.random = config.random();
    }

    /** The configuration. */
    public AddressBookConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- in

    /**
     * Adds addresses a peer sent (already rate-limited by an {@link AddrExchange}). As Core: a
     * timestamp more than 10 minutes in the future or before 1973 becomes "5 days ago", relayed
     * timestamps get a 2-hour penalty, and non-routable addresses are dropped unless configured.
     *
     * @param records the addresses
     * @param from    the peer that sent them
     * @return how many were new
     */
    public int addFromPeer(Collection<AddressRecord> records, NetAddress from) {
        Instant now = time.now();
        int added = 0;
        lock.lock();
        try {
            for (AddressRecord r : records) {
                Instant seen = Instant.ofEpochSecond(r.time());
                if (r.time() <= 100_000_000L || seen.isAfter(now.plus(Duration.ofMinutes(10)))) {
                    seen = now.minus(Duration.ofDays(5));
                }
                seen = seen.minus(RELAY_TIME_PENALTY);
                if (addLocked(r.address(), r.services(), seen, AddressSource.PEER, from)) {
                    added++;
                }
            }
        } finally {
            lock.unlock();
        }
        return added;
    }

    /**
     * Adds an address the user or application supplied, with the services Core assumes for seeds
     * (NETWORK and WITNESS).
     *
     * @param address the address
     * @return whether it was new
     */
    public boolean addUser(NetAddress address) {
        return addUser(address, ASSUMED_SERVICES);
    }

    /**
     * Adds an address the user or application supplied.
     *
     * @param address  the address
     * @param services the services it is believed to offer
     * @return whether it was new
     */
    public boolean addUser(NetAddress address, ServiceFlags services) {
        lock.lock();
        try {
            return addLocked(address, services, time.now(), AddressSource.USER, null);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Resolves the network's DNS seeds and adds what they return, on the network's default port,
     * with NETWORK and WITNESS assumed and a random age of 3 to 7 days (as Core's
     * {@code ThreadDNSAddressSeed}). A seed that fails to resolve is logged and skipped.
     *
     * @param network  the network ({@link NetworkParameters#dnsSeeds()})
     * @param resolver the resolver
     * @return how many addresses were new
     */
    public int addDnsSeeds(NetworkParameters network, SeedResolver resolver) {
        int added = 0;
        for (String seed : network.dnsSeeds()) {
            List<InetAddress> ips;
            try {
                ips = resolver.resolve(seed);
            } catch (IOException | RuntimeException e) {
                log.info("DNS seed {} failed: {}", seed, e.toString());
                continue;
            }
            Instant now = time.now();
            lock.lock();
            try {
                for (InetAddress ip : ips) {
                    long ageSeconds = Duration.ofDays(3).toSeconds() + nextLong(Duration.ofDays(4).toSeconds());
                    NetAddress a = NetAddress.of(new InetSocketAddress(ip, network.defaultPort()));
                    if (addLocked(a, ASSUMED_SERVICES, now.minusSeconds(ageSeconds), AddressSource.DNS_SEED, null)) {
                        added++;
                    }
                }
            } finally {
                lock.unlock();
            }
        }
        return added;
    }

    private boolean addLocked(NetAddress address, ServiceFlags services, Instant seen, AddressSource source,
                              NetAddress from) {
        if (!config.allowNonRoutable() && !Routability.isRoutable(address)) {
            log.debug("address book skips {} from {}: not routable (allowNonRoutable is off)", address, source);
            return false;
        }
        Entry e = byAddress.get(address);
        if (e != null) {
            e.services = e.services.with(services.bits());
            if (seen.isAfter(e.lastSeen)) {
                e.lastSeen = seen;
            }
            return false;
        }
        if (entries.size() >= config.capacity()) {
            evictOneLocked();
        }
        e = new Entry(address, services, seen, source, from);
        e.index = entries.size();
        entries.add(e);
        byAddress.put(address, e);
        return true;
    }

    private void evictOneLocked() {
        Instant now = time.now();
        Entry worst = null;
        for (int i = 0; i < EVICTION_SAMPLE; i++) {
            Entry candidate = entries.get(nextInt(entries.size()));
            if (worst == null || worse(candidate, worst, now)) {
                worst = candidate;
            }
        }
        removeLocked(worst);
        evicted++;
    }

    /** Whether {@code a} should be evicted before {@code b}: terrible first, then untried, then older. */
    private static boolean worse(Entry a, Entry b, Instant now) {
        boolean ta = isTerrible(a, now);
        boolean tb = isTerrible(b, now);
        if (ta != tb) {
            return ta;
        }
        boolean triedA = a.lastSuccess != null;
        boolean triedB = b.lastSuccess != null;
        if (triedA != triedB) {
            return !triedA;
        }
        return a.lastSeen.isBefore(b.lastSeen);
    }

    private void removeLocked(Entry e) {
        Entry last = entries.remove(entries.size() - 1);
        if (last != e) {
            last.index = e.index;
            entries.set(e.index, last);
        }
        byAddress.remove(e.address);
    }

    // ---------------------------------------------------------------- outcomes

    /**
     * Records an attempt to connect that did not (yet) succeed: the last-attempt time is set and the
     * failure counted (Core's {@code Attempt(addr, fCountFailure=true)}). Unknown addresses are ignored.
     *
     * @param address the address
     */
    public void markAttempt(NetAddress address) {
        lock.lock();
        try {
            Entry e = byAddress.get(address);
            if (e != null) {
                e.lastAttempt = time.now();
                e.attempts++;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records a connection that completed its handshake (Core's {@code Good}): the address moves to
     * the tried set, its failures reset, its services become what its version message said. An
     * unknown address is added first (source {@link AddressSource#USER}) if it is acceptable.
     *
     * @param address  the address
     * @param services the services from the node's version message
     */
    public void markGood(NetAddress address, ServiceFlags services) {
        Instant now = time.now();
        lock.lock();
        try {
            Entry e = byAddress.get(address);
            if (e == null) {
                if (!addLocked(address, services, now, AddressSource.USER, null)) {
                    return;
                }
                e = byAddress.get(address);
            }
            e.services = services;
            e.lastSeen = now;
            e.lastAttempt = now;
            e.lastSuccess = now;
            e.attempts = 0;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- out

    /**
     * Picks an address to connect to, as Core's {@code Select} (see the class comment).
     *
     * @param required   services the address must advertise (all of them)
     * @param acceptable further filter from the caller (not connected, not backing off, a netgroup not yet used)
     * @return an address, or empty if no entry qualifies
     */
    public Optional<KnownAddress> select(ServiceFlags required, Predicate<NetAddress> acceptable) {
        Instant now = time.now();
        lock.lock();
        try {
            List<Entry> tried = new ArrayList<>();
            List<Entry> fresh = new ArrayList<>();
            for (Entry e : entries) {
                if (e.services.has(required.bits()) && acceptable.test(e.address)) {
                    (e.lastSuccess != null ? tried : fresh).add(e);
                }
            }
            List<Entry> table;
            if (tried.isEmpty() && fresh.isEmpty()) {
                return Optional.empty();
            } else if (tried.isEmpty()) {
                table = fresh;
            } else if (fresh.isEmpty()) {
                table = tried;
            } else {
                table = nextInt(2) == 0 ? tried : fresh;
            }
            double factor = 1.0;
            while (true) {
                Entry e = table.get(nextInt(table.size()));
                if (nextDouble() < factor * chance(e, now)) {
                    return Optional.of(e.snapshot());
                }
                factor *= 1.2;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Core's {@code AddrInfo::GetChance}. */
    static double chance(KnownAddress a, Instant now) {
        double c = 1.0;
        if (a.lastAttempt().isPresent() && Duration.between(a.lastAttempt().get(), now).compareTo(Duration.ofMinutes(10)) < 0) {
            c *= 0.01;
        }
        return c * Math.pow(0.66, Math.min(a.attempts(), 8));
    }

    private static double chance(Entry e, Instant now) {
        return chance(e.snapshot(), now);
    }

    /** Core's {@code AddrInfo::IsTerrible}. */
    static boolean isTerrible(KnownAddress a, Instant now) {
        if (a.lastAttempt().isPresent() && Duration.between(a.lastAttempt().get(), now).compareTo(Duration.ofMinutes(1)) < 0) {
            return false; // never remove things tried in the last minute
        }
        if (a.lastSeen().isAfter(now.plus(Duration.ofMinutes(10)))) {
            return true;
        }
        if (Duration.between(a.lastSeen(), now).compareTo(HORIZON) > 0) {
            return true;
        }
        if (a.lastSuccess().isEmpty() && a.attempts() >= RETRIES) {
            return true;
        }
        return a.lastSuccess().isPresent() && Duration.between(a.lastSuccess().get(), now).compareTo(MIN_FAIL) > 0
                && a.attempts() >= MAX_FAILURES;
    }

    private static boolean isTerrible(Entry e, Instant now) {
        return isTerrible(e.snapshot(), now);
    }

    /**
     * The answer to a getaddr, as Core's {@code GetAddr(MAX_ADDR_TO_SEND, MAX_PCT_ADDR_TO_SEND)}: a
     * random {@value #MAX_PCT_ADDR_TO_SEND}% of the known addresses, at most
     * {@value #MAX_ADDR_TO_SEND}, skipping terrible ones.
     *
     * @return the addresses, in random order
     */
    public List<AddressRecord> getAddrAnswer() {
        Instant now = time.now();
        lock.lock();
        try {
            int n = Math.min(MAX_ADDR_TO_SEND, entries.size() * MAX_PCT_ADDR_TO_SEND / 100);
            List<Entry> shuffled = new ArrayList<>(entries);
            List<AddressRecord> out = new ArrayList<>(n);
            // Partial Fisher-Yates: draw until n are chosen or the entries run out.
            for (int i = 0; i < shuffled.size() && out.size() < n; i++) {
                int j = i + nextInt(shuffled.size() - i);
                Entry e = shuffled.get(j);
                shuffled.set(j, shuffled.get(i));
                shuffled.set(i, e);
                if (!isTerrible(e, now)) {
                    out.add(e.snapshot().toRecord());
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What the book knows about one address.
     *
     * @param address the address
     * @return its snapshot, or empty
     */
    public Optional<KnownAddress> get(NetAddress address) {
        lock.lock();
        try {
            return Optional.ofNullable(byAddress.get(address)).map(Entry::snapshot);
        } finally {
            lock.unlock();
        }
    }

    /** How many addresses are known. */
    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many addresses were evicted to make room. */
    public long evictedCount() {
        lock.lock();
        try {
            return evicted;
        } finally {
            lock.unlock();
        }
    }

    /** Every entry, as snapshots, in no particular order. */
    public List<KnownAddress> snapshot() {
        lock.lock();
        try {
            return entries.stream().map(Entry::snapshot).toList();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- persistence

    /**
     * Writes every entry to {@code file} atomically (see {@link AddressBookFile#write}).
     *
     * @param file the file
     * @throws IOException if it cannot be written (the previous file is then unchanged)
     */
    public void save(Path file) throws IOException {
        AddressBookFile.write(file, snapshot());
    }

    /**
     * Adds the entries of {@code file}, keeping their history (attempts, successes, source). A
     * missing file loads nothing; a corrupt one is reported (logged and returned) and ignored.
     *
     * @param file the file
     * @return what was loaded, and the problem if the file was unusable
     */
    public AddressBookFile.LoadResult load(Path file) {
        AddressBookFile.LoadResult r = AddressBookFile.read(file);
        r.problem().ifPresent(p -> log.warn("ignoring address book {}: {}", file, p));
        lock.lock();
        try {
            for (KnownAddress k : r.addresses()) {
                if (byAddress.containsKey(k.address()) || !addLocked(k.address(), k.services(), k.lastSeen(), k.source(),
                        k.sourcePeer().orElse(null))) {
                    continue;
                }
                Entry e = byAddress.get(k.address());
                e.lastAttempt = k.lastAttempt().orElse(null);
                e.lastSuccess = k.lastSuccess().orElse(null);
                e.attempts = k.attempts();
            }
        } finally {
            lock.unlock();
        }
        return r;
    }

    // ---------------------------------------------------------------- randomness (RandomGenerator need not be thread-safe)

    private int nextInt(int bound) {
        synchronized (random) {
            return random.nextInt(bound);
        }
    }

    private long nextLong(long bound) {
        synchronized (random) {
            return random.nextLong(bound);
        }
    }

    private double nextDouble() {
        synchronized (random) {
            return random.nextDouble();
        }
    }
}
