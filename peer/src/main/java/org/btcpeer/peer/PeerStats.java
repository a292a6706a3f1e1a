package org.btcpeer.peer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.btcpeer.transport.TransportVersion;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.ServiceFlags;

/**
 * An immutable snapshot of a peer's state and counters (btcd's {@code StatsSnap}, Core's
 * getpeerinfo).
 *
 * @param id                 process-unique, strictly increasing peer id
 * @param address            the remote address
 * @param inbound            whether the peer connected to us
 * @param transport          v1 or v2
 * @param sessionId          the v2 session id (hex), empty for v1
 * @param services           the services in the peer's version (NONE before it arrived)
 * @param userAgent          the peer's user agent ("" before its version arrived)
 * @param remoteVersion      the version the peer advertised (0 before)
 * @param features           what was negotiated
 * @param startHeight        the height in the peer's version
 * @param lastBlock          the highest block height we know the peer has
 * @param connectedAt        when the connection started
 * @param handshakeComplete  whether verack was exchanged
 * @param bytesSent          wire bytes written
 * @param bytesReceived      wire bytes received
 * @param sentPerCommand     messages and bytes sent per command (unknown commands under {@code *other*}, as Core)
 * @param receivedPerCommand messages and bytes received per command (unknown commands under {@code *other*})
 * @param lastSend           when we last wrote a message, if ever
 * @param lastReceive        when we last received a message, if ever
 * @param lastPing           the last measured ping round trip, if any
 * @param minPing            the smallest measured ping round trip, if any
 * @param pingOutstanding    whether a ping is waiting for its pong
 * @param timeOffset         the peer's clock minus ours, from its version
 * @param sendQueueBytes     bytes waiting in the send queue
 * @param checksumFailures   v1 messages dropped for a bad checksum (0 for v2)
 * @param ignoredInput       trailing bytes, messages ignored by protocol rules, malformed messages dropped
 * @param expiredTxRequests  tx requests (getdata) that expired unanswered (Core's {@code GETDATA_TX_INTERVAL});
 *                           never a reason to disconnect: ask another peer
 * @param droppedAnnouncements tx announcements dropped because the pending queue was full
 */
public record PeerStats(long id, NetAddress address, boolean inbound, TransportVersion transport,
                        Optional<String> sessionId, ServiceFlags services, String userAgent, int remoteVersion,
                        NegotiatedFeatures features, int startHeight, int lastBlock, Instant connectedAt,
                        boolean handshakeComplete, long bytesSent, long bytesReceived,
                        Map<String, CommandCounters> sentPerCommand, Map<String, CommandCounters> receivedPerCommand,
                        Optional<Instant> lastSend, Optional<Instant> lastReceive, Optional<Duration> lastPing,
                        Optional<Duration> minPing, boolean pingOutstanding, Duration timeOffset, long sendQueueBytes,
                        long checksumFailures, IgnoredInput ignoredInput, long expiredTxRequests,
                        long droppedAnnouncements) {
}
