package org.btcpeer.peer;

import java.time.Duration;
import java.util.Objects;
import java.util.function.IntSupplier;

import org.btcpeer.peer.inbound.Permissions;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.transport.v2.V2DecoyPolicy;
import org.btcpeer.transport.v2.V2GarbagePolicy;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ProtocolVersion;
import org.btcpeer.wire.ServiceFlags;

/**
 * Everything that shapes a peer's behaviour, immutable. Build with {@link #builder()}; every
 * default is documented on its builder method with the Core or btcd constant it follows.
 *
 * @param network                 the network (default signet)
 * @param userAgent               the BIP-14 user agent we send
 * @param services                the services we advertise
 * @param protocolVersion         the version we send (70016)
 * @param minProtocolVersion      the lowest version we accept (31800, Core's MIN_PEER_PROTO_VERSION)
 * @param relay                   the version relay flag (BIP-37); false also means we never announce or send txs
 * @param startHeight             supplies our best height for the version message
 * @param transportPolicy         v1/v2 policy for connections made by the connect helpers
 * @param v2Garbage               how much BIP-324 garbage our v2 handshakes send (Core: random 0..4095 bytes)
 * @param v2Decoys                which BIP-324 decoy packets we send before real ones (Core: none)
 * @param wtxidRelay              send wtxidrelay (BIP-339)
 * @param addrV2                  send sendaddrv2 (BIP-155)
 * @param sendHeaders             send sendheaders after the handshake (BIP-130)
 * @param compactBlocks           send sendcmpct(low bandwidth, 2) after the handshake (BIP-152)
 * @param feeFilter               what our feefilter messages say (BIP-133): none, a fixed value, or Core's
 *                                refreshed, rounded mempool minimum
 * @param outboundTrickleInterval mean delay of tx announcements to outbound peers
 * @param inboundTrickleInterval  mean delay of tx announcements to inbound peers (shared timer)
 * @param pingInterval            how often to ping
 * @param pongTimeout             how long a ping may stay unanswered
 * @param handshakeTimeout        the one deadline for the transport and version handshakes together
 * @param idleTimeout             how long without sending or receiving anything
 * @param sendQueueLimitBytes     bytes the send queue holds before sends are refused
 * @param sendStallTimeout        how long a full send queue may make no progress before we disconnect
 * @param knownInventoryCapacity  how many hashes the known-inventory filter remembers
 * @param maxPendingAnnouncements how many tx announcements may wait for the trickle timer
 * @param malformedMessagePolicy  what a malformed known message does: disconnect (default) or drop it
 * @param requiredServices        what an outbound peer must offer (Core's desirable services)
 * @param requestTimeouts         when our getdata and headers-sync requests time out (Core's values)
 * @param listeners               the message listeners and version check
 * @param permissions             what this peer may do beyond the rules (Core's {@code NetPermissionFlags}:
 *                                relay, mempool; the acceptor sets it from its whitelist)
 */
public record PeerConfig(NetworkParameters network, String userAgent, ServiceFlags services,
                         int protocolVersion, int minProtocolVersion, boolean relay, IntSupplier startHeight,
                         TransportPolicy transportPolicy, V2GarbagePolicy v2Garbage, V2DecoyPolicy v2Decoys, boolean wtxidRelay, boolean addrV2, boolean sendHeaders,
                         boolean compactBlocks, FeeFilter feeFilter, Duration outboundTrickleInterval,
                         Duration inboundTrickleInterval, Duration pingInterval, Duration pongTimeout,
                         Duration handshakeTimeout, Duration idleTimeout, long sendQueueLimitBytes, Duration sendStallTimeout,
                         int knownInventoryCapacity, int maxPendingAnnouncements,
                         MalformedMessagePolicy malformedMessagePolicy, RequiredServices requiredServices,
                         RequestTimeouts requestTimeouts, PeerListeners listeners, Permissions permissions) {

    /**
     * Validates the configuration.
     *
     * @param network                 network
     * @param userAgent               user agent
     * @param services                services
     * @param protocolVersion         protocol version
     * @param minProtocolVersion      minimum accepted version
     * @param relay                   relay flag
     * @param startHeight             start height supplier
     * @param transportPolicy         transport policy
     * @param v2Garbage               v2 garbage policy
     * @param v2Decoys                v2 decoy policy
     * @param wtxidRelay              wtxidrelay
     * @param addrV2                  sendaddrv2
     * @param sendHeaders             sendheaders
     * @param compactBlocks           sendcmpct
     * @param feeFilter               feefilter
     * @param outboundTrickleInterval outbound trickle mean
     * @param inboundTrickleInterval  inbound trickle mean
     * @param pingInterval            ping interval
     * @param pongTimeout             pong timeout
     * @param handshakeTimeout        handshake timeout
     * @param idleTimeout             idle timeout
     * @param sendQueueLimitBytes     send queue limit
     * @param sendStallTimeout        send stall timeout
     * @param knownInventoryCapacity  known inventory size
     * @param maxPendingAnnouncements pending announcement cap
     * @param malformedMessagePolicy  malformed message policy
     * @param requiredServices        services required of outbound peers
     * @param requestTimeouts         request timeouts
     * @param listeners               listeners
     * @param permissions             permissions
     */
    public PeerConfig {
        Objects.requireNonNull(network, "network");
        UserAgent.validate(userAgent);
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(startHeight, "startHeight");
        Objects.requireNonNull(transportPolicy, "transportPolicy");
        Objects.requireNonNull(v2Garbage, "v2Garbage");
        Objects.requireNonNull(v2Decoys, "v2Decoys");
        Objects.requireNonNull(feeFilter, "feeFilter");
        Objects.requireNonNull(malformedMessagePolicy, "malformedMessagePolicy");
        Objects.requireNonNull(requiredServices, "requiredServices");
        Objects.requireNonNull(requestTimeouts, "requestTimeouts");
        Objects.requireNonNull(listeners, "listeners");
        Objects.requireNonNull(permissions, "permissions");
        if (minProtocolVersion > protocolVersion) {
            throw new IllegalArgumentException("minProtocolVersion above protocolVersion");
        }
        for (Duration d : new Duration[]{outboundTrickleInterval, inboundTrickleInterval, pingInterval, pongTimeout,
                handshakeTimeout, idleTimeout, sendStallTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + d);
            }
        }
        if (sendQueueLimitBytes < 1 || knownInventoryCapacity < 1 || maxPendingAnnouncements < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /**
     * The services our version message advertises: {@link #services()} plus {@code NODE_P2P_V2}
     * whenever v2 is offered (policy not {@link TransportPolicy#V1_ONLY}), and never
     * {@code NODE_P2P_V2} under V1_ONLY. Core adds the flag to its local services when
     * {@code -v2transport} is on ({@code init.cpp}), on every connection, whatever transport that
     * one connection uses.
     */
    public ServiceFlags advertisedServices() {
        return transportPolicy == TransportPolicy.V1_ONLY
                ? services.without(ServiceFlags.NODE_P2P_V2)
                : services.with(ServiceFlags.NODE_P2P_V2);
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** This configuration as a builder, to change a few fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.network = network;
        b.userAgent = userAgent;
        b.services = services;
        b.protocolVersion = protocolVersion;
        b.minProtocolVersion = minProtocolVersion;
        b.relay = relay;
        b.startHeight = startHeight;
        b.transportPolicy = transportPolicy;
        b.v2Garbage = v2Garbage;
        b.v2Decoys = v2Decoys;
        b.wtxidRelay = wtxidRelay;
        b.addrV2 = addrV2;
        b.sendHeaders = sendHeaders;
        b.compactBlocks = compactBlocks;
        b.feeFilter = feeFilter;
        b.outboundTrickleInterval = outboundTrickleInterval;
        b.inboundTrickleInterval = inboundTrickleInterval;
        b.pingInterval = pingInterval;
        b.pongTimeout = pongTimeout;
        b.handshakeTimeout = handshakeTimeout;
        b.idleTimeout = idleTimeout;
        b.sendQueueLimitBytes = sendQueueLimitBytes;
        b.sendStallTimeout = sendStallTimeout;
        b.knownInventoryCapacity = knownInventoryCapacity;
        b.maxPendingAnnouncements = maxPendingAnnouncements;
        b.malformedMessagePolicy = malformedMessagePolicy;
        b.requiredServices = requiredServices;
        b.requestTimeouts = requestTimeouts;
        b.listeners = listeners;
        b.permissions = permissions;
        return b;
    }

    /** Builds {@link PeerConfig}; each setter documents its default. */
    public static final class Builder {
        private NetworkParameters network = NetworkParameters.SIGNET;
        private String userAgent = UserAgent.library();
        private ServiceFlags services = ServiceFlags.NONE;
        private int protocolVersion = ProtocolVersion.CURRENT;
        private int minProtocolVersion = ProtocolVersion.MIN_PEER;
        private boolean relay = true;
        private IntSupplier startHeight = () -> 0;
        private TransportPolicy transportPolicy = TransportPolicy.V2_PREFERRED;
        private V2GarbagePolicy v2Garbage = V2GarbagePolicy.RANDOM;
        private V2DecoyPolicy v2Decoys = V2DecoyPolicy.NONE;
        private boolean wtxidRelay = true;
        private boolean addrV2 = true;
        private boolean sendHeaders = false;
        private boolean compactBlocks = true;
        private FeeFilter feeFilter = FeeFilter.NONE;
        private Duration outboundTrickleInterval = Duration.ofSeconds(2);
        private Duration inboundTrickleInterval = Duration.ofSeconds(5);
        private Duration pingInterval = Duration.ofMinutes(2);
        private Duration pongTimeout = Duration.ofMinutes(20);
        private Duration handshakeTimeout = Duration.ofSeconds(60);
        private Duration idleTimeout = Duration.ofMinutes(20);
        private long sendQueueLimitBytes = 1_000_000;
        private Duration sendStallTimeout = Duration.ofMinutes(2);
        private int knownInventoryCapacity = 5_000;
        private int maxPendingAnnouncements = 50_000;
        private MalformedMessagePolicy malformedMessagePolicy = MalformedMessagePolicy.DISCONNECT;
        private RequiredServices requiredServices = RequiredServices.CORE_DESIRABLE;
        private RequestTimeouts requestTimeouts = RequestTimeouts.CORE;
        private PeerListeners listeners = PeerListeners.NONE;
        private Permissions permissions = Permissions.NONE;

        private Builder() {
        }

        /**
         * Sets the network. Default: signet.
         *
         * @param v the network
         * @return this builder
         */
        public Builder network(NetworkParameters v) { network = v; return this; }

        /**
         * Sets a BIP-14 user agent. Default: {@code /btcpeer:0.1.0/} (see {@link UserAgent#of}).
         *
         * @param v a BIP-14 user agent
         * @return this builder
         */
        public Builder userAgent(String v) { userAgent = v; return this; }

        /**
         * Sets the services we advertise. Default: none (a client); NODE_P2P_V2 follows the transport policy (see {@link PeerConfig#advertisedServices()}).
         *
         * @param v services we advertise
         * @return this builder
         */
        public Builder services(ServiceFlags v) { services = v; return this; }

        /**
         * Sets the version we send. Default: 70016 (Core's PROTOCOL_VERSION).
         *
         * @param v the version we send
         * @return this builder
         */
        public Builder protocolVersion(int v) { protocolVersion = v; return this; }

        /**
         * Sets the lowest protocol version accepted from a peer. Default: 31800 (Core's MIN_PEER_PROTO_VERSION; btcd accepts 209).
         *
         * @param v lowest accepted version
         * @return this builder
         */
        public Builder minProtocolVersion(int v) { minProtocolVersion = v; return this; }

        /**
         * Sets the relay flag of our version message (BIP-37). Default: true (Core's default).
         *
         * @param v the version relay flag; default true. False (block-relay-only, blocks-only) also means we never
         *          announce or send txs on these connections, and a peer that announces txs to us anyway is
         *          disconnected (Core's {@code RejectIncomingTxs})
         * @return this builder
         */
        public Builder relay(boolean v) { relay = v; return this; }

        /**
         * Sets the supplier of our best height (the version message's start height). Default: 0.
         *
         * @param v supplies our best height
         * @return this builder
         */
        public Builder startHeight(IntSupplier v) { startHeight = v; return this; }

        /**
         * Sets the transport policy (v1/v2) for the connect helpers. Default: V2_PREFERRED (Core's DEFAULT_V2_TRANSPORT).
         *
         * @param v transport policy for the connect helpers
         * @return this builder
         */
        public Builder transportPolicy(TransportPolicy v) { transportPolicy = v; return this; }

        /**
         * Sets the garbage our v2 handshakes send after the key (BIP-324). Default:
         * {@link V2GarbagePolicy#RANDOM}, 0..4095 random bytes, as Core. Used by {@link PeerConnector},
         * {@link PeerAcceptor} and the connection manager.
         *
         * @param v the garbage policy
         * @return this builder
         */
        public Builder v2Garbage(V2GarbagePolicy v) { v2Garbage = v; return this; }

        /**
         * Sets the decoy packets we send before each real v2 packet (BIP-324), to blur traffic
         * patterns. Default: {@link V2DecoyPolicy#NONE}, as Core, which never sends decoys (it only
         * drops them on receive). Used by {@link PeerConnector}, {@link PeerAcceptor} and the
         * connection manager.
         *
         * @param v the decoy policy
         * @return this builder
         */
        public Builder v2Decoys(V2DecoyPolicy v) { v2Decoys = v; return this; }

        /**
         * Whether to send wtxidrelay (BIP-339) when the peer is at 70016+. Default: true (Core).
         *
         * @param v send wtxidrelay when the peer is at 70016+
         * @return this builder
         */
        public Builder wtxidRelay(boolean v) { wtxidRelay = v; return this; }

        /**
         * Whether to send sendaddrv2 (BIP-155) when the peer is at 70016+. Default: true (Core).
         *
         * @param v send sendaddrv2 when the peer is at 70016+
         * @return this builder
         */
        public Builder addrV2(boolean v) { addrV2 = v; return this; }

        /**
         * Whether to send sendheaders (BIP-130) after the handshake. Default: false (Core sends it once synced).
         *
         * @param v send sendheaders after the handshake
         * @return this builder
         */
        public Builder sendHeaders(boolean v) { sendHeaders = v; return this; }

        /**
         * Whether to send sendcmpct(false, 2) (BIP-152) after the handshake at 70014+. Default: true (Core).
         *
         * @param v send sendcmpct(false, 2) after the handshake at 70014+
         * @return this builder
         */
        public Builder compactBlocks(boolean v) { compactBlocks = v; return this; }

        /**
         * Sets the fee filter we send (BIP-133). Default: {@link FeeFilter#NONE}.
         *
         * @param v our feefilter (BIP-133, peers at 70013+, never on our relay=false connections):
         *          {@link FeeFilter#NONE} (default: a client without a mempool), {@link FeeFilter#fixed}
         *          (sent once after the handshake), or {@link FeeFilter#mempool} (Core's
         *          {@code MaybeSendFeefilter}: rounded, refreshed about every 10 min).
         * @return this builder
         */
        public Builder feeFilter(FeeFilter v) { feeFilter = v; return this; }

        /**
         * Sets the mean tx announcement delay to outbound peers. Default: 2 s (Core's OUTBOUND_INVENTORY_BROADCAST_INTERVAL).
         *
         * @param v mean tx announcement delay to outbound peers
         * @return this builder
         */
        public Builder outboundTrickleInterval(Duration v) { outboundTrickleInterval = v; return this; }

        /**
         * Sets the mean tx announcement delay to inbound peers. Default: 5 s (Core's INBOUND_INVENTORY_BROADCAST_INTERVAL).
         *
         * @param v mean tx announcement delay to inbound peers
         * @return this builder
         */
        public Builder inboundTrickleInterval(Duration v) { inboundTrickleInterval = v; return this; }

        /**
         * Sets the ping interval. Default: 2 min (Core's PING_INTERVAL, btcd's pingInterval).
         *
         * @param v ping interval
         * @return this builder
         */
        public Builder pingInterval(Duration v) { pingInterval = v; return this; }

        /**
         * Sets the pong timeout: how long a ping may stay unanswered. Default: 20 min (Core's TIMEOUT_INTERVAL; btcd has none).
         *
         * @param v pong timeout
         * @return this builder
         */
        public Builder pongTimeout(Duration v) { pongTimeout = v; return this; }

        /**
         * Sets the handshake deadline: one limit for transport and version handshake together. Default: 60 s
         * (Core's DEFAULT_PEER_CONNECT_TIMEOUT).
         *
         * @param v the one deadline for the transport and the version handshake together, from accept or
         *          dial start ({@link HandshakeDeadline}); default 60 s (Core's DEFAULT_PEER_CONNECT_TIMEOUT;
         *          btcd 30 s)
         * @return this builder
         */
        public Builder handshakeTimeout(Duration v) { handshakeTimeout = v; return this; }

        /**
         * Sets the idle timeout (no send or no receive for this long disconnects). Default: 20 min (Core's TIMEOUT_INTERVAL; btcd 5 min).
         *
         * @param v idle timeout (no send or no receive)
         * @return this builder
         */
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }

        /**
         * Sets the send queue limit, in bytes of queued messages. Default: 1,000,000 bytes (Core's DEFAULT_MAXSENDBUFFER).
         *
         * @param v send queue limit
         * @return this builder
         */
        public Builder sendQueueLimitBytes(long v) { sendQueueLimitBytes = v; return this; }

        /**
         * Sets how long a full send queue may make no progress. Default: 2 min.
         *
         * @param v how long a full queue may make no progress
         * @return this builder
         */
        public Builder sendStallTimeout(Duration v) { sendStallTimeout = v; return this; }

        /**
         * Sets the known-inventory filter size, in entries. Default: 5,000 (btcd: 1,000; Core: a 50,000 rolling bloom).
         *
         * @param v known-inventory filter size
         * @return this builder
         */
        public Builder knownInventoryCapacity(int v) { knownInventoryCapacity = v; return this; }

        /**
         * Sets the cap on pending tx announcements, in entries. Default: 50,000 (MAX_INV_SZ).
         *
         * @param v pending tx announcements cap
         * @return this builder
         */
        public Builder maxPendingAnnouncements(int v) { maxPendingAnnouncements = v; return this; }

        /**
         * Sets what happens to a known message whose fields do not decode. Default:
         * {@link MalformedMessagePolicy#DISCONNECT}.
         *
         * @param v what a known message whose fields do not decode does; default
         *          {@link MalformedMessagePolicy#DISCONNECT} (btcd); {@link MalformedMessagePolicy#DROP} is
         *          Core's (ProcessMessages logs the exception and keeps the peer). Bytes after the known
         *          fields are ignored under both.
         * @return this builder
         */
        public Builder malformedMessagePolicy(MalformedMessagePolicy v) { malformedMessagePolicy = v; return this; }

        /**
         * Sets the services an outbound peer must offer. Default: {@link RequiredServices#CORE_DESIRABLE}
         * (Core's {@code HasAllDesirableServiceFlags}).
         *
         * @param v services an outbound peer must offer, else {@link DisconnectReason#MISSING_SERVICES};
         *          default {@link RequiredServices#CORE_DESIRABLE} (NETWORK or NETWORK_LIMITED, plus WITNESS:
         *          Core's {@code HasAllDesirableServiceFlags}); {@link RequiredServices#NONE} for crawlers.
         *          Inbound peers are never checked.
         * @return this builder
         */
        public Builder requiredServices(RequiredServices v) { requiredServices = v; return this; }

        /**
         * Sets the request timeouts. Default: {@link RequestTimeouts#CORE}.
         *
         * @param v request timeouts
         * @return this builder
         */
        public Builder requestTimeouts(RequestTimeouts v) { requestTimeouts = v; return this; }

        /**
         * Sets the message listeners and the version check. Default: none.
         *
         * @param v listeners and version check
         * @return this builder
         */
        public Builder listeners(PeerListeners v) { listeners = v; return this; }

        /**
         * @param v the peer's permissions (Core's {@code NetPermissionFlags}); default none. {@code relay}
         *          accepts transactions under {@code relay=0}, {@code mempool} accepts the mempool message
         *          without {@code NODE_BLOOM}; the others act in the acceptor and connection manager.
         * @return this
         */
        public Builder permissions(Permissions v) { permissions = v; return this; }

        /** Builds the validated configuration. */
        public PeerConfig build() {
            return new PeerConfig(network, userAgent, services, protocolVersion, minProtocolVersion, relay, startHeight,
                    transportPolicy, v2Garbage, v2Decoys, wtxidRelay, addrV2, sendHeaders, compactBlocks, feeFilter, outboundTrickleInterval,
                    inboundTrickleInterval, pingInterval, pongTimeout, handshakeTimeout, idleTimeout, sendQueueLimitBytes,
                    sendStallTimeout, knownInventoryCapacity, maxPendingAnnouncements, malformedMessagePolicy,
                    requiredServices, requestTimeouts, listeners, permissions);
        }
    }
}
