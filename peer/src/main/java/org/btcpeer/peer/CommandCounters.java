package org.btcpeer.peer;

/**
 * Messages and bytes for one command in one direction.
 *
 * @param messages the number of messages
 * @param bytes    the wire bytes they took
 */
public record CommandCounters(long messages, long bytes) {
}
