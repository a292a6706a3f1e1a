package org.btcpeer.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;

import org.btcpeer.transport.v2.V2KeyExchange;
import org.btcpeer.wire.NetworkParameters;
import org.junit.jupiter.api.Test;

/** The runtime names the secp256k1 provider its peers' v2 handshakes use. */
class PeerRuntimeSecp256k1Test {

    @Test
    void theRuntimeShowsTheProviderPeersUse() {
        PeerRuntime runtime = PeerRuntime.create();
        boolean properties = System.getProperty("btcpeer.secp256k1") != null
                || System.getProperty("btcpeer.secp256k1.library") != null;
        if (!properties) {
            assertEquals("libsecp256k1", runtime.secp256k1().name(), "the test JVM loads the bundled library");
        }
        PeerConfig config = PeerConfig.builder().network(NetworkParameters.REGTEST).build();
        assertSame(runtime.secp256k1(), PeerConnector.transportConfig(config, Duration.ofSeconds(5)).keyExchange());
        assertSame(V2KeyExchange.defaultProvider(), runtime.secp256k1());
    }
}
