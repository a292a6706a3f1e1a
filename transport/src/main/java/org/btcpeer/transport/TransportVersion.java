package org.btcpeer.transport;

/** The transport protocol a connection negotiated, as Core's getpeerinfo {@code transport_protocol_type}. */
public enum TransportVersion {
    /** Plaintext v1 framing: magic, command, length, checksum. */
    V1,
    /** BIP-324 v2 encrypted transport. */
    V2
}
