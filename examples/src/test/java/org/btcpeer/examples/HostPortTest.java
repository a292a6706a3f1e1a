package org.btcpeer.examples;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HostPortTest {

    @Test
    void parsesTheCommonForms() {
        assertEquals(new HostPort("127.0.0.1", 18444), HostPort.parse("127.0.0.1", 18444));
        assertEquals(new HostPort("127.0.0.1", 1234), HostPort.parse("127.0.0.1:1234", 18444));
        assertEquals(new HostPort("node.example", 8333), HostPort.parse("node.example", 8333));
        assertEquals(new HostPort("::1", 5), HostPort.parse("[::1]:5", 8333));
        assertEquals(new HostPort("::1", 8333), HostPort.parse("[::1]", 8333));
        assertEquals(new HostPort("::1", 8333), HostPort.parse("::1", 8333));
        assertEquals("[::1]:5", new HostPort("::1", 5).toString());
    }

    @Test
    void rejectsMalformedOnes() {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host:x", 1));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host:0", 1));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("[::1", 1));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(":5", 1));
    }

    @Test
    void transportOptionsParseAndDefaultToV2PreferredLikeCore() {
        assertEquals(TransportOption.V2_PREFERRED, TransportOption.parse("V2-Preferred"));
        assertEquals(TransportOption.V2_PREFERRED, TransportOption.DEFAULT);
        assertEquals(org.btcpeer.transport.TransportPolicy.V2_REQUIRED, TransportOption.V2.policy());
        assertThrows(IllegalArgumentException.class, () -> TransportOption.parse("v3"));
    }
}
