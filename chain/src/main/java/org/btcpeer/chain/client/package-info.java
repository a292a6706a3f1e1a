/**
 * A BIP-157 light client over live peers: {@link org.btcpeer.chain.client.FilterClient} fetches
 * cfcheckpt and cfheaders from several peers offering {@code NODE_COMPACT_FILTERS}, cross-checks
 * them, settles a disagreement with the block itself ({@link org.btcpeer.chain.client.FilterDispute})
 * and disconnects the peer that lied, then fetches the BIP-158 basic filters, verifies each against
 * the agreed filter-header chain, matches the caller's scripts and downloads only the matching
 * blocks.
 *
 * <p>Errors: a scan fails with {@link org.btcpeer.chain.client.FilterClientException} (no filter
 * peers, every peer gone, a disagreement the evidence cannot settle, stopped); what a single peer
 * does wrong never fails a scan while another peer remains.
 */
package org.btcpeer.chain.client;
