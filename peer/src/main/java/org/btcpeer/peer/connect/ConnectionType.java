package org.btcpeer.peer.connect;

/** Why a connection exists, with Core's names ({@code ConnectionType} in net.h). */
public enum ConnectionType {
    /** The remote connected to us. */
    INBOUND,
    /** An automatic outbound connection that relays transactions and addresses (Core keeps 8). */
    OUTBOUND_FULL_RELAY,
    /** An automatic outbound connection for blocks only: version relay flag false, no address relay (Core keeps 2). */
    BLOCK_RELAY,
    /** A connection the user asked for ("addnode" or a one-shot connect); not counted against the automatic targets. */
    MANUAL
}
