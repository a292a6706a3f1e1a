/**
 * BIP-152 compact block relay, version 2: high- and low-bandwidth negotiation, reconstruction from
 * a transaction pool, getblocktxn/blocktxn, and serving compact blocks to peers.
 */
package org.btcpeer.node.compact;
