/**
 * Relay across peers: announcing transactions and blocks to every suitable peer with Core's rules
 * (wtxid or txid, relay flags, feefilter, trickling, known inventory) and serving the getdata that
 * follows.
 */
package org.btcpeer.node.relay;
