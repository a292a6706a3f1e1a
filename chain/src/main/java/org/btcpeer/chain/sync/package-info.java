/**
 * Header sync over many peers: {@link org.btcpeer.chain.sync.HeaderSync} keeps a
 * {@link org.btcpeer.chain.headers.HeaderChain} in step with the peers it is given (held by the
 * caller or by a {@link org.btcpeer.peer.connect.ConnectionManager}) the way Core's
 * {@code net_processing.cpp} does: one initial sync peer at a time, its headers timeout, low-work
 * chains through {@link org.btcpeer.chain.headers.HeadersPresync}, getheaders on an unknown block
 * announcement, new tips from every peer once caught up.
 *
 * <p>Errors: nothing is thrown at the caller for a peer's input; a peer whose headers break a rule
 * is reported to the {@link org.btcpeer.chain.sync.MisbehaviorReporter} (by default disconnected)
 * and a {@link org.btcpeer.chain.sync.HeaderSyncEvent.PeerMisbehaved} names the rule. See
 * {@code docs/chain.md}.
 */
package org.btcpeer.chain.sync;
