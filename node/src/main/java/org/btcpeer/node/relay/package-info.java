/**
 * Relay across peers: {@link org.btcpeer.node.relay.Relay} announces transactions and blocks to
 * every suitable peer with Core's rules (wtxid or txid per BIP-339, relay flags, block-relay-only
 * connections, BIP-133 feefilter, each peer's Poisson trickling and known-inventory filter), keeps
 * a bounded map of what it announced for the getdata that follows, and reports which peers asked
 * ({@link org.btcpeer.node.relay.Broadcast#requestedBy}). The receiving side,
 * {@link org.btcpeer.node.relay.TransactionFetcher}, asks for announced transactions one announcer
 * at a time with Core's delays, announcer priorities, timeout and bounds ({@code TxRequestTracker}).
 *
 * <p>Errors: a broadcast that leaves the recently-announced map before enough peers asked fails
 * its futures with {@link java.util.concurrent.CancellationException}. See {@code docs/serve-relay.md}.
 */
package org.btcpeer.node.relay;
