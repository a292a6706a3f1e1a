package org.btcpeer.chain.headers;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * A validated header tree with its most-work chain: every header is checked as Core's
 * {@code CheckBlockHeader} and {@code ContextualCheckBlockHeader} do (proof of work, the required
 * bits per network, median-time-past, two hours into the future against the injected clock,
 * BIP-34/66/65 versions, optional checkpoints), forks are kept, and the best chain follows the
 * most cumulative work, reorganizing when a fork overtakes it ({@link HeaderChainListener}).
 *
 * <p>Headers are held in a compact store (about 120 bytes each, no object per header), so a full
 * mainnet chain of ~930k headers fits in ~110 MB. Thread-safe: one lock guards the store; listeners
 * run after it is released, on the thread that added the header.
 *
 * <p>What this chain does not do: it does not defend against low-work header spam by itself (a
 * peer can feed it a valid low-difficulty fork from early heights); that is the job of Core's
 * {@code HeadersSyncState}-style presync in front of it.
 */
public final class HeaderChain {

    /** Core's {@code nMedianTimeSpan}: the median-time-past looks at the last 11 headers. */
    public static final int MEDIAN_TIME_SPAN = 11;

    /** How many rejected header hashes are remembered so their children fail as {@link HeaderRule#INVALID_PARENT}. */
    static final int MAX_REMEMBERED_INVALID = 1_000;

    private final ConsensusParams params;
    private final InstantSource clock;
    private final DifficultyRules difficulty;
    private final ProofOfWorkCheck pow;
    private final Map<Integer, Hash256> checkpoints;
    private final ChainRoot root;
    private final List<HeaderChainListener> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();

    private final HeaderIndex index;
    private int[] best; // slot of the best chain's header at height root + i
    private int tip;
    private final Map<Hash256, Boolean> invalid = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash256, Boolean> eldest) {
            return size() > MAX_REMEMBERED_INVALID;
        }
    };

    private HeaderChain(Builder b) {
        this.params = b.params;
        this.clock = b.clock;
        this.root = b.root != null ? b.root : ChainRoot.genesis(b.params);
        this.checkpoints = Map.copyOf(b.checkpoints);
        this.difficulty = new DifficultyRules(params);
        this.pow = new ProofOfWorkCheck(params.powLimit());
        if (!params.noRetargeting() && root.height() % params.difficultyAdjustmentInterval() != 0) {
            throw new IllegalArgumentException("a root must sit on a retarget boundary: " + root.height());
        }
        this.index = new HeaderIndex(b.expectedHeaders);
        this.best = new int[Math.max(16, b.expectedHeaders)];
        BlockHeader h = root.header();
        this.tip = index.add(h, h.hash(), HeaderIndex.NONE, root.height(), root.chainWork());
        best[0] = tip;
    }

    /**
     * A builder for a chain of {@code params}' network.
     *
     * @param params the network's rules
     * @return a builder: genesis root, system clock, no checkpoints
     */
    public static Builder builder(ConsensusParams params) {
        return new Builder(params);
    }

    /** The network's rules. */
    public ConsensusParams params() {
        return params;
    }

    /** The trusted first header. */
    public ChainRoot root() {
        return root;
    }

    /**
     * Registers a listener for connected and disconnected headers.
     *
     * @param listener the listener
     */
    public void addListener(HeaderChainListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Validates and stores one header. A header already known is returned as it is.
     *
     * @param header the header
     * @return the stored header with its height and chain work
     * @throws HeaderValidationException naming the rule it broke
     */
    public ChainHeader add(BlockHeader header) throws HeaderValidationException {
        List<Runnable> events = new ArrayList<>();
        ChainHeader result;
        lock.lock();
        try {
            result = view(addLocked(header, events));
        } finally {
            lock.unlock();
        }
        events.forEach(Runnable::run);
        return result;
    }

    /**
     * Validates and stores headers in order, stopping at the first invalid one (those before it stay).
     *
     * @param headers the headers, each the child of one before it or already known
     * @return the last stored header, or empty for an empty list
     * @throws HeaderValidationException for the first invalid header
     */
    public Optional<ChainHeader> addAll(List<BlockHeader> headers) throws HeaderValidationException {
        List<Runnable> events = new ArrayList<>();
        ChainHeader last = null;
        lock.lock();
        try {
            int slot = HeaderIndex.NONE;
            for (BlockHeader h : headers) {
                slot = addLocked(h, events);
            }
            last = slot == HeaderIndex.NONE ? null : view(slot);
        } finally {
            lock.unlock();
            events.forEach(Runnable::run);
        }
        return Optional.ofNullable(last);
    }

    /** Validates and stores a header; returns its slot. */
    private int addLocked(BlockHeader header, List<Runnable> events) throws HeaderValidationException {
        Hash256 hash = header.hash();
        int known = index.find(hash);
        if (known != HeaderIndex.NONE) {
            return known;
        }
        if (invalid.containsKey(hash)) {
            throw new HeaderValidationException(HeaderRule.INVALID_PARENT, hash, -1, "this header was rejected before");
        }
        int parent = index.find(header.prevBlock());
        if (parent == HeaderIndex.NONE) {
            if (invalid.containsKey(header.prevBlock())) {
                invalid.put(hash, Boolean.TRUE);
                throw new HeaderValidationException(HeaderRule.INVALID_PARENT, hash, -1,
                        "parent " + header.prevBlock() + " was rejected");
            }
            throw new HeaderValidationException(HeaderRule.UNKNOWN_PARENT, hash, -1,
                    "parent " + header.prevBlock() + " is not known");
        }
        int height = index.height(parent) + 1;
        if (!pow.check(header.bits(), hash)) {
            throw new HeaderValidationException(HeaderRule.PROOF_OF_WORK, hash, height,
                    "hash above the target of bits 0x" + Long.toHexString(header.bits()) + " or target out of range");
        }
        try {
            checkContext(header, hash, parent, height);
        } catch (HeaderValidationException e) {
            invalid.put(hash, Boolean.TRUE);
            throw e;
        }
        int slot = index.addChild(header, hash, parent, pow.workHigh(), pow.workLow());
        if (index.moreWork(slot, tip)) {
            switchTip(slot, events);
        }
        return slot;
    }

    /** Core's {@code ContextualCheckBlockHeader}, plus the optional checkpoints. */
    private void checkContext(BlockHeader header, Hash256 hash, int parent, int height) throws HeaderValidationException {
        long required = difficulty.nextWorkRequired(index, parent, header.time(), this::ancestorAt);
        if (header.bits() != required) {
            throw new HeaderValidationException(HeaderRule.DIFFICULTY_BITS, hash, height,
                    "bits 0x" + Long.toHexString(header.bits()) + ", required 0x" + Long.toHexString(required));
        }
        long mtp = medianTimePast(parent);
        if (header.time() <= mtp) {
            throw new HeaderValidationException(HeaderRule.TIME_TOO_OLD, hash, height,
                    "time " + header.time() + " is not after the median time past " + mtp);
        }
        if (params.enforceBip94() && height % params.difficultyAdjustmentInterval() == 0
                && header.time() < index.time(parent) - ConsensusParams.MAX_TIMEWARP_SECS) {
            throw new HeaderValidationException(HeaderRule.TIME_WARP, hash, height,
                    "time " + header.time() + " is more than 600 s before its parent's " + index.time(parent));
        }
        long latest = clock.instant().getEpochSecond() + ConsensusParams.MAX_FUTURE_BLOCK_TIME_SECS;
        if (header.time() > latest) {
            throw new HeaderValidationException(HeaderRule.TIME_TOO_NEW, hash, height,
                    "time " + header.time() + " is more than 2 h after now (limit " + latest + ")");
        }
        int v = header.version();
        if ((v < 2 && height >= params.bip34Height()) || (v < 3 && height >= params.bip66Height())
                || (v < 4 && height >= params.bip65Height())) {
            throw new HeaderValidationException(HeaderRule.VERSION_TOO_OLD, hash, height,
                    "version " + v + " is obsolete at this height (BIP-34/66/65)");
        }
        Hash256 checkpoint = checkpoints.get(height);
        if (checkpoint != null && !checkpoint.equals(hash)) {
            throw new HeaderValidationException(HeaderRule.CHECKPOINT_MISMATCH, hash, height,
                    "the checkpoint at this height is " + checkpoint);
        }
    }

    /**
     * The bits a child of {@code parent} with timestamp {@code time} must carry (Core's
     * {@code GetNextWorkRequired}), e.g. to mine on top of this chain in tests.
     *
     * @param parent the parent's hash
     * @param time   the child's timestamp (testnet's 20-minute rule depends on it)
     * @return the compact target
     * @throws IllegalArgumentException if the parent is not stored
     */
    public long nextRequiredBits(Hash256 parent, long time) {
        lock.lock();
        try {
            int slot = index.find(parent);
            if (slot == HeaderIndex.NONE) {
                throw new IllegalArgumentException("unknown parent " + parent);
            }
            return difficulty.nextWorkRequired(index, slot, time, this::ancestorAt);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The median time past of a stored header: the median of its and its up to 10 ancestors'
     * timestamps (Core's {@code GetMedianTimePast}).
     *
     * @param hash a stored header
     * @return the median, in Unix seconds
     * @throws IllegalArgumentException if the header is not stored
     */
    public long medianTimePast(Hash256 hash) {
        lock.lock();
        try {
            int slot = index.find(hash);
            if (slot == HeaderIndex.NONE) {
                throw new IllegalArgumentException("unknown header " + hash);
            }
            return medianTimePast(slot);
        } finally {
            lock.unlock();
        }
    }

    /** Core's {@code GetMedianTimePast}: the median of up to 11 timestamps ending at {@code slot}. */
    private long medianTimePast(int slot) {
        long[] times = new long[MEDIAN_TIME_SPAN];
        int n = 0;
        for (int s = slot; s != HeaderIndex.NONE && n < MEDIAN_TIME_SPAN; s = index.parent(s)) {
            times[n++] = index.time(s);
        }
        Arrays.sort(times, 0, n);
        return times[n / 2];
    }

    private int ancestorAt(int slot, int height) {
        if (height < root.height()) {
            return HeaderIndex.NONE;
        }
        int s = slot;
        while (index.height(s) > height) {
            int offset = index.height(s) - root.height();
            if (offset < bestLength() && best[offset] == s) {
                return best[height - root.height()];
            }
            s = index.parent(s);
        }
        return s;
    }

    private int bestLength() {
        return index.height(tip) - root.height() + 1;
    }

    private void switchTip(int newTip, List<Runnable> events) {
        List<Integer> branch = new ArrayList<>();
        int s = newTip;
        while (true) {
            int offset = index.height(s) - root.height();
            if (offset < bestLength() && best[offset] == s) {
                break;
            }
            branch.add(s);
            s = index.parent(s);
        }
        int fork = s;
        boolean tell = !listeners.isEmpty();
        for (int old = tell ? tip : fork; old != fork; old = index.parent(old)) {
            ChainHeader gone = view(old);
            events.add(() -> listeners.forEach(l -> l.onDisconnected(gone)));
        }
        int newLength = index.height(newTip) - root.height() + 1;
        if (newLength > best.length) {
            best = Arrays.copyOf(best, Math.max(newLength, best.length + (best.length >> 2) + 16));
        }
        for (int i = branch.size() - 1; i >= 0; i--) {
            int slot = branch.get(i);
            best[index.height(slot) - root.height()] = slot;
            if (tell) {
                ChainHeader added = view(slot);
                events.add(() -> listeners.forEach(l -> l.onConnected(added)));
            }
        }
        tip = newTip;
    }

    private ChainHeader view(int slot) {
        return new ChainHeader(index.header(slot, root.header().prevBlock()), index.hash(slot), index.height(slot),
                index.chainWork(slot));
    }

    /** The tip of the best chain. */
    public ChainHeader tip() {
        lock.lock();
        try {
            return view(tip);
        } finally {
            lock.unlock();
        }
    }

    /** The best chain's height. */
    public int height() {
        lock.lock();
        try {
            return index.height(tip);
        } finally {
            lock.unlock();
        }
    }

    /** How many headers are stored, forks and the root included. */
    public int size() {
        lock.lock();
        try {
            return index.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A stored header by hash, on the best chain or a fork.
     *
     * @param hash the hash
     * @return the header, or empty if unknown
     */
    public Optional<ChainHeader> get(Hash256 hash) {
        lock.lock();
        try {
            int slot = index.find(hash);
            return slot == HeaderIndex.NONE ? Optional.empty() : Optional.of(view(slot));
        } finally {
            lock.unlock();
        }
    }

    /**
     * The best chain's header at a height.
     *
     * @param height a height
     * @return the header, or empty if outside root..tip
     */
    public Optional<ChainHeader> atHeight(int height) {
        lock.lock();
        try {
            int offset = height - root.height();
            return offset < 0 || offset >= bestLength() ? Optional.empty() : Optional.of(view(best[offset]));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a header is on the best chain.
     *
     * @param hash the hash
     * @return true if stored and on the best chain
     */
    public boolean isOnBestChain(Hash256 hash) {
        lock.lock();
        try {
            int slot = index.find(hash);
            if (slot == HeaderIndex.NONE) {
                return false;
            }
            int offset = index.height(slot) - root.height();
            return offset < bestLength() && best[offset] == slot;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A block locator from the best tip, for getheaders/getblocks (Core's {@code LocatorEntries}).
     *
     * @return the hashes, tip first, root last; at most {@link BlockLocator#MAX_ENTRIES}
     */
    public List<Hash256> locator() {
        lock.lock();
        try {
            List<Hash256> out = new ArrayList<>();
            for (int height : BlockLocator.heights(index.height(tip), root.height())) {
                out.add(index.hash(best[height - root.height()]));
            }
            return List.copyOf(out);
        } finally {
            lock.unlock();
        }
    }

    /** The heap the header store holds, in bytes: divide by {@link #size()} for the per-header cost. */
    public long retainedBytes() {
        lock.lock();
        try {
            return index.retainedBytes() + (long) best.length * Integer.BYTES;
        } finally {
            lock.unlock();
        }
    }

    /** Builds a {@link HeaderChain}. */
    public static final class Builder {
        private final ConsensusParams params;
        private InstantSource clock = InstantSource.system();
        private ChainRoot root;
        private Map<Integer, Hash256> checkpoints = Map.of();
        private int expectedHeaders = 1024;

        private Builder(ConsensusParams params) {
            this.params = Objects.requireNonNull(params, "params");
        }

        /**
         * The clock for the two-hour future limit. Default: the system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The trusted first header. Default: the network's genesis.
         *
         * @param root the root
         * @return this builder
         */
        public Builder root(ChainRoot root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Hashes the best chain must have at given heights; a header at such a height with another
         * hash is rejected ({@link HeaderRule#CHECKPOINT_MISMATCH}). Default: none (Core v30 has none).
         *
         * @param checkpoints height to hash
         * @return this builder
         */
        public Builder checkpoints(Map<Integer, Hash256> checkpoints) {
            this.checkpoints = Map.copyOf(checkpoints);
            return this;
        }

        /**
         * How many headers to size the store for up front (it grows by 1.25x beyond). Default 1024.
         *
         * @param expectedHeaders a hint, e.g. 1,000,000 for mainnet
         * @return this builder
         */
        public Builder expectedHeaders(int expectedHeaders) {
            if (expectedHeaders < 1) {
                throw new IllegalArgumentException("expectedHeaders must be positive: " + expectedHeaders);
            }
            this.expectedHeaders = expectedHeaders;
            return this;
        }

        /**
         * Builds the chain.
         *
         * @return a chain holding only its root
         */
        public HeaderChain build() {
            return new HeaderChain(this);
        }
    }
}
