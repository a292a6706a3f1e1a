/**
 * Holding and following the chain tip, the glue every full node on the other node parts needs:
 *
 * <ul>
 *   <li>{@link org.btcpeer.node.tip.ActiveChain}: the blocks we hold (Core's active chain) over a
 *       {@link org.btcpeer.node.tip.BlockStorage}; one locked {@code connect(block)} that extends
 *       the tip, re-checks the header rules and stores; read by {@code ChainServer} and
 *       {@code CompactBlockServer};</li>
 *   <li>{@link org.btcpeer.node.tip.TipAnnouncer}: a new tip told to every peer once, a cmpctblock
 *       to high-bandwidth peers and headers or an inv to the others (BIP-130, BIP-152); our tip
 *       to each new peer after its handshake;</li>
 *   <li>{@link org.btcpeer.node.tip.TipFollower}: a new header that extends our tip is asked of its
 *       announcer as a compact block (Core's direct fetch); reconstructed or downloaded blocks are
 *       checked and connected, and their senders offered a high-bandwidth slot.</li>
 * </ul>
 *
 * <p>Errors: {@code connect} returns a {@link org.btcpeer.node.tip.ConnectResult} rather than
 * throwing; a block that fails its header's checks disconnects the peer that sent it. See
 * {@code docs/guides/full-node.md}.
 */
package org.btcpeer.node.tip;
