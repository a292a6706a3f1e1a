package org.btcpeer.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Transport versions print the one way Core's getpeerinfo does, wherever they are formatted. */
class TransportVersionTest {

    @Test
    void printsLowerCaseAsCore() {
        assertEquals("v1", TransportVersion.V1.toString());
        assertEquals("v2", String.valueOf(TransportVersion.V2));
        assertEquals("over v2", String.format("over %s", TransportVersion.V2));
    }
}
