/**
 * Small runnable example programs, each a {@code main} and a testable {@code run} method. The three
 * a new user writes first: an SPV client (the library's {@code HeaderSync} from several peers, then
 * the tip block through {@code peer.requests()}), a node announcing a transaction, and a crawler
 * (getaddr, walk). Then a small full node on the {@code node} module's parts
 * ({@code FullNodeExample}: header sync, parallel download, serving, relay, compact blocks). Also an
 * outbound peer (btcd's peer example), an inbound listener and send-completion futures. Each is run
 * by a test against a local node, so none can rot.
 */
package org.btcpeer.examples.programs;
