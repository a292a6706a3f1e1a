package org.btcpeer.peer.addr;

/** Where the address book learned an address. */
public enum AddressSource {
    /** A DNS seed of the network (Core's {@code ThreadDNSAddressSeed}). */
    DNS_SEED,
    /** The application or the user ({@code -seednode}, {@code -connect}, a list on the command line). */
    USER,
    /** An addr or addrv2 message from a peer. */
    PEER
}
