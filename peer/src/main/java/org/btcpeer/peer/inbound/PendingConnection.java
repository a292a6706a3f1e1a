package org.btcpeer.peer.inbound;

/**
 * An inbound connection still in its transport or version handshake.
 *
 * @param id            an id unique among pending connections
 * @param acceptedNanos when it was accepted, on the monotonic clock
 * @param keyedNetGroup its keyed network group
 */
public record PendingConnection(long id, long acceptedNanos, long keyedNetGroup) {
}
