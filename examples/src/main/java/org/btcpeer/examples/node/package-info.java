/**
 * Nodes that accept inbound peers: {@link org.btcpeer.examples.node.InboundServer} (listen, negotiate
 * through {@link org.btcpeer.examples.Connections}, start {@code Peer.inbound}) and
 * {@link org.btcpeer.examples.node.ServeNode}, which serves an in-memory chain (headers, blocks,
 * notfound, addr) to them.
 */
package org.btcpeer.examples.node;
