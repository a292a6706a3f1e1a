package org.btcpeer.transport;

import java.util.Locale;

/**
 * The transport protocol a connection negotiated, as Core's getpeerinfo {@code transport_protocol_type}.
 * It prints as Core does, {@code v1} or {@code v2}, in logs, statistics and the CLI alike.
 */
public enum TransportVersion {
    /** Plaintext v1 framing: magic, command, length, checksum. */
    V1,
    /** BIP-324 v2 encrypted transport. */
    V2;

    /** {@code v1} or {@code v2}, Core's getpeerinfo spelling. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
