package org.btcpeer.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.btcpeer.transport.TransportConfig;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportHandshake;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.transport.TransportVersion;
import org.btcpeer.transport.v2.KeyExchangeConfig;
import org.btcpeer.transport.v2.KeyExchangeMode;
import org.btcpeer.transport.v2.V2KeyExchange;
import org.btcpeer.wire.NetworkParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bitcoin Core v30 completes a BIP-324 handshake with each secp256k1 provider (libsecp256k1 through
 * {@code java.lang.foreign}, and Bouncy Castle): Core verifies our version packet, reports the
 * connection as v2, and its {@code session_id} equals ours.
 */
class Secp256k1ProvidersCoreTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    private static CoreNode node;

    @BeforeAll
    static void startNode() {
        node = core.start("secp");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"native", "java"})
    void coreAgreesOnTheSessionId(String mode) throws Exception {
        V2KeyExchange provider = V2KeyExchange.select(new KeyExchangeConfig(KeyExchangeMode.parse(mode), Optional.empty()));
        assertEquals(mode.equals("native") ? "libsecp256k1" : "bouncycastle", provider.name());
        TransportConfig config = TransportConfig.builder(NetworkParameters.REGTEST)
                .policy(TransportPolicy.V2_REQUIRED).keyExchange(provider).build();
        try (Socket socket = new Socket(node.p2pAddress().getAddress(), node.p2pAddress().getPort())) {
            TransportConnection c = TransportHandshake.initiate(socket, config);
            assertEquals(TransportVersion.V2, c.version());
            // Core reports v2 only once our version packet has authenticated (no version message needed).
            JsonNode info = Await.value("Core's v2 entry for our port", Duration.ofSeconds(30),
                    () -> CorePeerInfo.byPort(node, socket.getLocalPort())
                            .filter(p -> p.path("transport_protocol_type").asText().equals("v2")));
            assertEquals(c.sessionIdHex().orElseThrow(), info.path("session_id").asText());
        }
    }
}
