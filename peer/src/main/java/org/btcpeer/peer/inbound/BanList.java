package org.btcpeer.peer.inbound;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manual bans of addresses and subnets with an expiry (Core's {@code BanMan} ban map, {@code
 * setban}/{@code listbanned}), optionally persisted to a {@link BanListFile} after every change.
 * A banned address is refused at accept and never dialed. At most {@value #MAX_BANS} bans (about
 * 200 bytes each: under 2 MiB); expired bans are dropped when the list is read or consulted.
 * A corrupt file is reported, moved aside to {@code NAME.corrupt} (nothing lost) and the list
 * starts empty. Thread-safe; the file is written under the list's lock (a few KiB, no callbacks).
 */
public final class BanList {

    private static final Logger log = LoggerFactory.getLogger(BanList.class);

    /** Bans at most; Core has no limit on manual bans. */
    public static final int MAX_BANS = 10_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, BannedSubnet> bans = new LinkedHashMap<>();
    private final InstantSource clock;
    private final Optional<Path> file;
    private final Optional<String> loadProblem;

    private BanList(InstantSource clock, Optional<Path> file, Optional<String> loadProblem) {
        this.clock = clock;
        this.file = file;
        this.loadProblem = loadProblem;
    }

    /**
     * A list kept in memory only.
     *
     * @param clock the time expiries are compared with
     * @return an empty list
     */
    public static BanList inMemory(InstantSource clock) {
        return new BanList(Objects.requireNonNull(clock, "clock"), Optional.empty(), Optional.empty());
    }

    /**
     * A list loaded from {@code file} (missing: empty) and written back after every change. A
     * corrupt file is logged, moved to {@code NAME.corrupt} and reported by {@link #loadProblem()}.
     *
     * @param file  the ban file
     * @param clock the time expiries are compared with
     * @return the list
     */
    public static BanList persistent(Path file, InstantSource clock) {
        Objects.requireNonNull(file, "file");
        BanListFile.LoadResult r = BanListFile.read(file);
        if (r.problem().isPresent()) {
            log.warn("ignoring ban file {}: {}", file, r.problem().get());
            try {
                Files.move(file, file.resolveSibling(file.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                log.warn("cannot move the corrupt ban file {} aside: {}", file, e.toString());
            }
        }
        BanList list = new BanList(Objects.requireNonNull(clock, "clock"), Optional.of(file), r.problem());
        Instant now = clock.instant();
        for (BannedSubnet b : r.bans()) {
            if (now.isBefore(b.until()) && list.bans.size() < MAX_BANS) {
                list.bans.put(b.subnet(), b);
            }
        }
        return list;
    }

    /** Why the file was ignored at load, if it was. */
    public Optional<String> loadProblem() {
        return loadProblem;
    }

    /**
     * Bans a subnet ({@code ADDRESS} or {@code ADDRESS/PREFIX}) for {@code duration}, replacing a
     * ban of the same subnet (Core's {@code setban add}).
     *
     * @param subnet   the numeric address or subnet
     * @param duration how long, positive
     * @return the ban
     * @throws IllegalArgumentException if the subnet does not parse or the duration is not positive
     * @throws IllegalStateException    if {@value #MAX_BANS} bans exist already
     * @throws IOException              if the file cannot be written (the ban holds in memory)
     */
    public BannedSubnet ban(String subnet, Duration duration) throws IOException {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("ban duration must be positive");
        }
        lock.lock();
        try {
            BannedSubnet b = BannedSubnet.parse(subnet, clock.instant().plus(duration));
            sweep();
            if (!bans.containsKey(b.subnet()) && bans.size() >= MAX_BANS) {
                throw new IllegalStateException("ban list full (" + MAX_BANS + ")");
            }
            bans.put(b.subnet(), b);
            save();
            return b;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lifts the ban of exactly this subnet (Core's {@code setban remove}).
     *
     * @param subnet the subnet as banned ({@code 10.0.0.0/8}, or an address for its single-address ban)
     * @return whether a ban was lifted
     * @throws IOException if the file cannot be written (the ban is lifted in memory)
     */
    public boolean unban(String subnet) throws IOException {
        String key = BannedSubnet.parse(subnet, Instant.EPOCH).subnet();
        lock.lock();
        try {
            boolean removed = bans.remove(key) != null;
            if (removed) {
                save();
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /** The bans in force, oldest first (Core's {@code listbanned}). */
    public List<BannedSubnet> list() {
        lock.lock();
        try {
            sweep();
            return List.copyOf(bans.values());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a ban in force covers {@code address} (Core's {@code IsBanned}).
     *
     * @param address the address
     * @return true if banned now
     */
    public boolean isBanned(InetAddress address) {
        lock.lock();
        try {
            Instant now = clock.instant();
            for (BannedSubnet b : bans.values()) {
                if (now.isBefore(b.until()) && b.contains(address)) {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void sweep() {
        Instant now = clock.instant();
        bans.values().removeIf(b -> !now.isBefore(b.until()));
    }

    private void save() throws IOException {
        if (file.isPresent()) {
            BanListFile.write(file.get(), new ArrayList<>(bans.values()));
        }
    }
}
