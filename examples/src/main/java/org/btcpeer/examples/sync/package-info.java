/**
 * A client of one peer: {@link org.btcpeer.examples.sync.ClientSession} (connect, handshake, ping),
 * {@link org.btcpeer.examples.sync.HeaderSync} (getheaders from genesis, linkage and proof of work
 * checked by {@link org.btcpeer.examples.sync.HeaderChain}) and
 * {@link org.btcpeer.examples.sync.BlockFetcher} (getdata with a window, merkle roots checked by
 * {@link org.btcpeer.examples.sync.BlockChecks}). Failures are {@link org.btcpeer.examples.sync.SyncException}s
 * with a one-line message.
 */
package org.btcpeer.examples.sync;
