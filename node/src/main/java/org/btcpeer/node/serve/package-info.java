/**
 * Chain serving: {@link org.btcpeer.node.serve.ChainServer} answers getheaders, getblocks (with
 * Core's continuation), getdata for blocks, witness blocks, BIP-37 merkle blocks and transactions,
 * with one {@code notfound} for everything unknown, and sends BIP-130 tip announcements, over a
 * small interface the application implements ({@link org.btcpeer.node.serve.ChainSource};
 * {@link org.btcpeer.node.serve.HeaderChainSource} for a {@code HeaderChain}).
 *
 * <p>BIPs: 37 (filterload, filteradd, filterclear, merkleblock), 111 ({@code NODE_BLOOM}), 130
 * (sendheaders), 144 (witness and non-witness serializations). Errors: nothing is thrown at
 * peers' requests; a filteradd without a loaded filter disconnects the peer ("bad filteradd
 * message", Core's misbehaviour), and stored blocks that do not decode are reported through
 * {@link org.btcpeer.node.serve.ServedRequest} and named in no answer. See {@code docs/serve-relay.md}.
 */
package org.btcpeer.node.serve;
