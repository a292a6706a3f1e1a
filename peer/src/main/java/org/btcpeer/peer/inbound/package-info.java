/**
 * Inbound defence: which connection gives up its slot when a new one arrives and inbound is full,
 * which addresses are discouraged, and which are banned.
 *
 * <p>Apart from the ban file, the code here does no I/O and reads only injected clocks: {@link org.btcpeer.peer.inbound.EvictionSelector}
 * is Bitcoin Core's {@code SelectNodeToEvict} (node/eviction.cpp) over
 * {@link org.btcpeer.peer.inbound.EvictionCandidate} snapshots,
 * {@link org.btcpeer.peer.inbound.PendingEviction} picks a connection that is still in its
 * handshake, {@link org.btcpeer.peer.inbound.KeyedNetGroups} hashes network groups with a secret
 * key (Core's keyed net group) and {@link org.btcpeer.peer.inbound.NetGroupRateLimiter} spends
 * admission tokens per network group, and {@link org.btcpeer.peer.inbound.Discouragement} remembers
 * misbehaving addresses in a {@link org.btcpeer.peer.inbound.RollingBloomFilter} (Core's
 * {@code BanMan::m_discouraged}); {@link org.btcpeer.peer.inbound.BanList} holds manual bans of
 * {@link org.btcpeer.peer.inbound.BannedSubnet}s, persisted by {@link org.btcpeer.peer.inbound.BanListFile}
 * (a corrupt file is reported, never thrown). {@link org.btcpeer.peer.inbound.Whitelist} grants
 * {@link org.btcpeer.peer.inbound.Permissions} (Core's {@code NetPermissionFlags} subset,
 * {@link org.btcpeer.peer.inbound.Permission}) per {@link org.btcpeer.peer.inbound.Subnet};
 * {@link org.btcpeer.peer.inbound.InboundDefences} bundles discouragement, bans and whitelist for an
 * acceptor and a connection manager's outbound dialing; {@link org.btcpeer.peer.inbound.InboundSummary}
 * is the acceptor's one log line a minute. {@link org.btcpeer.peer.PeerAcceptor} applies them on accept.
 * Parsing a whitelist entry or a subnet throws {@link java.lang.IllegalArgumentException} naming the
 * entry and the offending part (configuration, not peer input).
 * Nothing here throws on hostile input: every collection is bounded by the acceptor's limits.
 */
package org.btcpeer.peer.inbound;
