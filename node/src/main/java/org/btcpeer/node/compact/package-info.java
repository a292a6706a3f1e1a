/**
 * BIP-152 compact block relay, version 2, as Bitcoin Core v30 does it (see docs/compact-blocks.md).
 *
 * <ul>
 *   <li>{@link org.btcpeer.node.compact.PartialBlock}: reconstruction without I/O (Core's
 *       {@code PartiallyDownloadedBlock}), with {@link org.btcpeer.node.compact.ReadOutcome} telling
 *       invalid data (the peer's fault) from a short id collision (bad luck: fetch the full block).</li>
 *   <li>{@link org.btcpeer.node.compact.CompactBlockReceiver}: cmpctblock and blocktxn from many
 *       peers; getblocktxn for what the pool lacks; full-block fallback on collision, mutation or
 *       timeout; a {@link org.btcpeer.node.compact.CompactBlockReport} per block.</li>
 *   <li>{@link org.btcpeer.node.compact.CompactBlockServer}: cmpctblock to high-bandwidth peers,
 *       getdata({@code MSG_CMPCT_BLOCK}) and getblocktxn with Core's depth limits.</li>
 *   <li>{@link org.btcpeer.node.compact.HighBandwidthSelector}: the at most three peers asked to
 *       announce with cmpctblock (Core's {@code MaybeSetPeerAsAnnouncingHeaderAndIDs}).</li>
 * </ul>
 *
 * <p>Errors: malformed messages are rejected by the wire codecs before they get here. Invalid
 * compact block data is a {@link org.btcpeer.node.compact.CompactMisbehaviour}, handed to a
 * {@link org.btcpeer.node.compact.MisbehaviourReporter} (normally: disconnect and discourage).
 */
package org.btcpeer.node.compact;
