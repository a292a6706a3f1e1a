package org.btcpeer.peer.connect;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.btcpeer.peer.InboundLimits;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.addr.AddressBook;
import org.btcpeer.peer.addr.AddressBookConfig;
import org.btcpeer.peer.addr.SeedResolver;
import org.btcpeer.peer.inbound.InboundDefences;
import org.btcpeer.transport.dial.Dialer;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.ServiceFlags;

/**
 * How a {@link ConnectionManager} keeps its connections. Immutable; build with {@link #builder()},
 * whose setters document each default and the Core constant behind it.
 *
 * @param peerConfig        the template for every peer (network, user agent, services, transport
 *                          policy, listeners); block-relay-only peers get {@code relay=false}
 * @param fullRelayTarget   automatic full-relay outbound peers to keep
 * @param blockRelayTarget  automatic block-relay-only outbound peers to keep
 * @param maxManual         manual ("addnode") connections at most
 * @param listen            where to accept inbound peers, if anywhere
 * @param inboundLimits     admission limits for inbound peers
 * @param dialer            how outbound connections are opened (direct or a SOCKS5 proxy)
 * @param connectTimeout    the limit for one dial (TCP connect, proxy negotiation)
 * @param requiredServices  services an address must advertise to be picked automatically
 * @param netGroup          the grouping for outbound diversity
 * @param retryBase         the first backoff delay after a failed automatic or manual attempt
 * @param retryMax          the longest backoff delay for automatic targets
 * @param manualRetryMax    the longest backoff delay for manual targets
 * @param downgradeCapacity entries of the v1 downgrade cache
 * @param downgradeExpiry   how long a v1 downgrade is remembered
 * @param tickInterval      how often the manager checks its targets
 * @param maxPendingDials   automatic dials in progress at most
 * @param addressBook       the address book
 * @param addressBookFile   where the book is loaded from at start and saved to at shutdown, if anywhere
 * @param dnsSeeds          whether to query the network's DNS seeds when the book is empty at start
 * @param seedResolver      the resolver for DNS seeds
 * @param advertisedAddress our address as others can reach it, advertised to peers while we listen
 *                          (Core's self-advertisement); empty: the listen address if it is routable
 * @param defences          discouraged addresses, bans and whitelist: checked at accept and before
 *                          every automatic dial, filled when a peer breaks a protocol rule
 */
public record ConnectionManagerConfig(PeerConfig peerConfig, int fullRelayTarget, int blockRelayTarget, int maxManual,
                                      Optional<InetSocketAddress> listen, InboundLimits inboundLimits, Dialer dialer,
                                      Duration connectTimeout, ServiceFlags requiredServices, NetGroup netGroup,
                                      Duration retryBase, Duration retryMax, Duration manualRetryMax,
                                      int downgradeCapacity, Duration downgradeExpiry, Duration tickInterval,
                                      int maxPendingDials, AddressBook addressBook, Optional<Path> addressBookFile,
                                      boolean dnsSeeds, SeedResolver seedResolver,
                                      Optional<NetAddress> advertisedAddress, InboundDefences defences) {

    /**
     * Validates the fields.
     *
     * @param peerConfig        peer template
     * @param fullRelayTarget   full-relay target, not negative
     * @param blockRelayTarget  block-relay target, not negative
     * @param maxManual         manual maximum, not negative
     * @param listen            listen address
     * @param inboundLimits     inbound limits
     * @param dialer            dialer
     * @param connectTimeout    positive
     * @param requiredServices  required services
     * @param netGroup          netgroup function
     * @param retryBase         positive
     * @param retryMax          at least retryBase
     * @param manualRetryMax    at least retryBase
     * @param downgradeCapacity positive
     * @param downgradeExpiry   positive
     * @param tickInterval      positive
     * @param maxPendingDials   positive
     * @param addressBook       book
     * @param addressBookFile   file
     * @param dnsSeeds          use DNS seeds
     * @param seedResolver      resolver
     * @param advertisedAddress our reachable address
     * @param defences          discouragement, bans, whitelist
     */
    public ConnectionManagerConfig {
        Objects.requireNonNull(peerConfig, "peerConfig");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(inboundLimits, "inboundLimits");
        Objects.requireNonNull(dialer, "dialer");
        Objects.requireNonNull(requiredServices, "requiredServices");
        Objects.requireNonNull(netGroup, "netGroup");
        Objects.requireNonNull(addressBook, "addressBook");
        Objects.requireNonNull(addressBookFile, "addressBookFile");
        Objects.requireNonNull(seedResolver, "seedResolver");
        Objects.requireNonNull(advertisedAddress, "advertisedAddress");
        Objects.requireNonNull(defences, "defences");
        if (fullRelayTarget < 0 || blockRelayTarget < 0 || maxManual < 0 || downgradeCapacity < 1 || maxPendingDials < 1) {
            throw new IllegalArgumentException("counts must not be negative (capacities positive)");
        }
        for (Duration d : new Duration[]{connectTimeout, retryBase, retryMax, manualRetryMax, downgradeExpiry, tickInterval}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + d);
            }
        }
        if (retryMax.compareTo(retryBase) < 0 || manualRetryMax.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("retry maxima must be at least retryBase");
        }
    }

    /**
     * This configuration with another peer template.
     *
     * @param newPeerConfig the template
     * @return the configuration
     */
    public ConnectionManagerConfig withPeerConfig(PeerConfig newPeerConfig) {
        return new ConnectionManagerConfig(newPeerConfig, fullRelayTarget, blockRelayTarget, maxManual, listen,
                inboundLimits, dialer, connectTimeout, requiredServices, netGroup, retryBase, retryMax, manualRetryMax,
                downgradeCapacity, downgradeExpiry, tickInterval, maxPendingDials, addressBook, addressBookFile,
                dnsSeeds, seedResolver, advertisedAddress, defences);
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder preset for a test network on one machine or a LAN (regtest nodes on 127.0.0.1, a
     * docker network): the address book keeps non-routable addresses, and every address is its own
     * netgroup, so several peers on 127.0.0.1 or 10.x can all be automatic outbound targets. Core's
     * defaults would skip them all (non-routable; and one outbound peer per netgroup). Not for
     * mainnet: it gives up the netgroup diversity that protects against eclipse attacks.
     *
     * @return a builder; everything else keeps its default
     */
    public static Builder forLocalTesting() {
        return new Builder()
                .addressBook(new AddressBook(AddressBookConfig.builder().allowNonRoutable(true).build()))
                .netGroup(NetGroup.perAddress());
    }

    /** Builds a {@link ConnectionManagerConfig}; each setter names its default. */
    public static final class Builder {
        private PeerConfig peerConfig = PeerConfig.builder().build();
        private int fullRelayTarget = 8;
        private int blockRelayTarget = 2;
        private int maxManual = 8;
        private InetSocketAddress listen;
        private InboundLimits inboundLimits = InboundLimits.DEFAULT;
        private Dialer dialer = Dialer.direct();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private ServiceFlags requiredServices = ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS);
        private NetGroup netGroup = NetGroup.core();
        private Duration retryBase = Duration.ofSeconds(2);
        private Duration retryMax = Duration.ofMinutes(10);
        private Duration manualRetryMax = Duration.ofSeconds(60);
        private int downgradeCapacity = DowngradeCache.DEFAULT_CAPACITY;
        private Duration downgradeExpiry = DowngradeCache.DEFAULT_EXPIRY;
        private Duration tickInterval = Duration.ofMillis(500);
        private int maxPendingDials = 4;
        private AddressBook addressBook;
        private Path addressBookFile;
        private boolean dnsSeeds;
        private SeedResolver seedResolver = SeedResolver.system();
        private NetAddress advertisedAddress;
        private InboundDefences defences;

        private Builder() {
        }

        /**
         * Sets the peer template. Default: {@code PeerConfig.builder().build()} (signet).
         *
         * @param v the peer template
         * @return this builder
         */
        public Builder peerConfig(PeerConfig v) { peerConfig = v; return this; }

        /**
         * Sets how many full-relay outbound peers to keep. Default: 8 (Core's MAX_OUTBOUND_FULL_RELAY_CONNECTIONS).
         *
         * @param v full-relay outbound peers to keep
         * @return this builder
         */
        public Builder fullRelayTarget(int v) { fullRelayTarget = v; return this; }

        /**
         * Sets how many block-relay-only outbound peers to keep. Default: 2 (Core's MAX_BLOCK_RELAY_ONLY_CONNECTIONS).
         *
         * @param v block-relay-only outbound peers to keep
         * @return this builder
         */
        public Builder blockRelayTarget(int v) { blockRelayTarget = v; return this; }

        /**
         * Sets how many manual connections to keep at most. Default: 8 (Core's MAX_ADDNODE_CONNECTIONS).
         *
         * @param v manual connections at most
         * @return this builder
         */
        public Builder maxManual(int v) { maxManual = v; return this; }

        /**
         * Sets where to accept inbound peers. Default: nowhere (no listening).
         *
         * @param v where to accept inbound peers
         * @return this builder
         */
        public Builder listen(InetSocketAddress v) { listen = v; return this; }

        /**
         * Sets the inbound admission limits. Default: {@link InboundLimits#DEFAULT} (117 peers).
         *
         * @param v inbound admission limits
         * @return this builder
         */
        public Builder inboundLimits(InboundLimits v) { inboundLimits = v; return this; }

        /**
         * Sets the dialer. Default: direct TCP.
         *
         * @param v the dialer
         * @return this builder
         */
        public Builder dialer(Dialer v) { dialer = v; return this; }

        /**
         * Sets the dial limit. Default: 5 s (Core's DEFAULT_CONNECT_TIMEOUT); raise it for Tor.
         *
         * @param v the dial limit
         * @return this builder
         */
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }

        /**
         * Sets the services required of automatic targets. Default: NETWORK and WITNESS (Core's desirable services).
         *
         * @param v services required of automatic targets
         * @return this builder
         */
        public Builder requiredServices(ServiceFlags v) { requiredServices = v; return this; }

        /**
         * Sets the netgroup function. Default: {@link NetGroup#core()}.
         *
         * @param v the netgroup function
         * @return this builder
         */
        public Builder netGroup(NetGroup v) { netGroup = v; return this; }

        /**
         * Sets the first backoff delay. Default: 2 s.
         *
         * @param v the first backoff delay
         * @return this builder
         */
        public Builder retryBase(Duration v) { retryBase = v; return this; }

        /**
         * Sets the longest backoff for automatic targets. Default: 10 min.
         *
         * @param v the longest backoff for automatic targets
         * @return this builder
         */
        public Builder retryMax(Duration v) { retryMax = v; return this; }

        /**
         * Sets the longest backoff for manual targets. Default: 60 s (Core retries added nodes every 60 s).
         *
         * @param v the longest backoff for manual targets
         * @return this builder
         */
        public Builder manualRetryMax(Duration v) { manualRetryMax = v; return this; }

        /**
         * Sets how many v1 downgrades the cache holds. Default: 100 (btcd's defaultDowngradeCacheSize).
         *
         * @param v downgrade cache entries
         * @return this builder
         */
        public Builder downgradeCapacity(int v) { downgradeCapacity = v; return this; }

        /**
         * Sets how long a v1 downgrade is remembered. Default: 24 h.
         *
         * @param v how long a v1 downgrade is remembered
         * @return this builder
         */
        public Builder downgradeExpiry(Duration v) { downgradeExpiry = v; return this; }

        /**
         * Sets how often targets are checked. Default: 500 ms (Core's ThreadOpenConnections loop).
         *
         * @param v how often targets are checked
         * @return this builder
         */
        public Builder tickInterval(Duration v) { tickInterval = v; return this; }

        /**
         * Sets how many automatic dials may be in progress at once. Default: 4.
         *
         * @param v automatic dials in progress at most
         * @return this builder
         */
        public Builder maxPendingDials(int v) { maxPendingDials = v; return this; }

        /**
         * Sets the address book. Default: a new book with {@link AddressBookConfig#defaults()}.
         *
         * @param v the address book
         * @return this builder
         */
        public Builder addressBook(AddressBook v) { addressBook = v; return this; }

        /**
         * Sets the book's file, loaded at start and saved at shutdown. Default: none.
         *
         * @param v the book's file, loaded at start and saved at shutdown
         * @return this builder
         */
        public Builder addressBookFile(Path v) { addressBookFile = v; return this; }

        /**
         * Whether to query DNS seeds when the book is empty at start. Default: false.
         *
         * @param v query DNS seeds when the book is empty at start
         * @return this builder
         */
        public Builder dnsSeeds(boolean v) { dnsSeeds = v; return this; }

        /**
         * Sets the DNS seed resolver. Default: the system resolver.
         *
         * @param v the DNS seed resolver
         * @return this builder
         */
        public Builder seedResolver(SeedResolver v) { seedResolver = v; return this; }

        /**
         * Sets the address we advertise as ours. Default: none (the listen address, if routable).
         *
         * @param v our address as others reach it (behind NAT, a port forward, an onion service),
         *          advertised to each addr-relay peer after the handshake and about once a day while
         *          we listen
         * @return this builder
         */
        public Builder advertisedAddress(NetAddress v) { advertisedAddress = v; return this; }

        /**
         * @param v the discouraged addresses, bans and whitelist, shared by the acceptor and outbound
         *          dialing; default {@link InboundDefences#standard} (nothing banned, no whitelist,
         *          loopback never discouraged). @return this
         */
        public Builder defences(InboundDefences v) { defences = v; return this; }

        /** Builds the validated configuration. */
        public ConnectionManagerConfig build() {
            return new ConnectionManagerConfig(peerConfig, fullRelayTarget, blockRelayTarget, maxManual,
                    Optional.ofNullable(listen), inboundLimits, dialer, connectTimeout, requiredServices, netGroup,
                    retryBase, retryMax, manualRetryMax, downgradeCapacity, downgradeExpiry, tickInterval,
                    maxPendingDials, addressBook != null ? addressBook : new AddressBook(AddressBookConfig.defaults()),
                    Optional.ofNullable(addressBookFile), dnsSeeds, seedResolver, Optional.ofNullable(advertisedAddress),
                    defences != null ? defences : InboundDefences.standard(java.time.InstantSource.system()));
        }
    }
}
