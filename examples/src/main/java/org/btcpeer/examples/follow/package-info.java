/**
 * A small live node, the library behind {@code btcpeer follow}: {@link org.btcpeer.examples.follow.Follower}
 * connects to peers, syncs headers with {@code HeaderSync}, follows the tip with BIP-152 compact
 * blocks in high-bandwidth mode (reconstructed from a {@link org.btcpeer.node.MemoryTransactionPool}
 * of the transactions peers relayed), checks each new block against its header, and relays the
 * transactions it is told about to its other peers. It reports {@link org.btcpeer.examples.follow.FollowEvent}s.
 */
package org.btcpeer.examples.follow;
