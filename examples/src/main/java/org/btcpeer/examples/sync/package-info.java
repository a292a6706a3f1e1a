/**
 * A client of one peer: {@link org.btcpeer.examples.sync.ClientSession} (connect, handshake, ping),
 * {@link org.btcpeer.examples.sync.HeadersDownload} (the library's {@code HeaderSync} and
 * {@code HeaderChain} with the CLI's limits) and {@link org.btcpeer.examples.sync.BlockFetcher}
 * (getdata with a window, merkle roots checked by {@link org.btcpeer.examples.sync.BlockChecks}).
 * Failures are {@link org.btcpeer.examples.sync.SyncException}s with a one-line message.
 */
package org.btcpeer.examples.sync;
