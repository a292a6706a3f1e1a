package org.btcpeer.peer;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.btcpeer.peer.PeerHarness.Setup;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.VerackMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.btcpeer.peer.PeerHarness.config;
import static org.btcpeer.peer.PeerHarness.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outbound peers must offer Core's desirable services ({@code HasAllDesirableServiceFlags}); inbound ones are not checked. */
@Timeout(30)
class RequiredServicesTest {

    private final PeerHarness h = new PeerHarness();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    @ParameterizedTest(name = "0x{0} -> {1}")
    @CsvSource({
            // offered bits (hex), missing (empty: accepted)
            "9,       ''",                             // NETWORK | WITNESS
            "408,     ''",                             // NETWORK_LIMITED | WITNESS
            "c0d,     ''",                             // plus BLOOM, P2P_V2, ...
            "1,       '[WITNESS]'",                    // NETWORK only
            "8,       'one of [NETWORK, NETWORK_LIMITED]'",
            "0,       'one of [NETWORK, NETWORK_LIMITED] and [WITNESS]'",
            "400,     '[WITNESS]'",
    })
    void coreDesirableServices(String offeredHex, String missing) {
        Optional<String> why = RequiredServices.CORE_DESIRABLE.missing(ServiceFlags.of(Long.parseLong(offeredHex, 16)));
        assertEquals(missing.isEmpty(), why.isEmpty(), why.toString());
        why.ifPresent(w -> assertTrue(w.endsWith("missing " + missing), w));
    }

    @Test
    void noneAcceptsAnything() {
        assertTrue(RequiredServices.NONE.missing(ServiceFlags.NONE).isEmpty());
    }

    @Test
    void anOutboundPeerWithoutWitnessIsDisconnectedNamingIt() throws Exception {
        Setup s = h.outbound(config().build());
        s.remote().next(org.btcpeer.wire.message.VersionMessage.class);
        s.remote().send(ScriptedRemote.version(70016, 42, ServiceFlags.of(ServiceFlags.NODE_NETWORK), true));
        PeerDisconnect d = s.peer().disconnected().get(5, TimeUnit.SECONDS);
        assertEquals(DisconnectReason.MISSING_SERVICES, d.reason());
        assertTrue(d.detail().contains("missing [WITNESS]"), d.detail());
    }

    @Test
    void anOutboundPeerWithNoServicesIsFineWhenNoneAreRequired() throws Exception {
        Setup s = h.outbound(config().requiredServices(RequiredServices.NONE).build());
        handshake(s, ScriptedRemote.version(70016, 42, ServiceFlags.NONE, true));
        assertTrue(s.peer().isConnected());
    }

    @Test
    void inboundPeersAreNotChecked() throws Exception {
        Setup s = h.inbound(config().build(), null);
        s.remote().send(ScriptedRemote.version(70016, 42, ServiceFlags.NONE, true));
        s.remote().next(VerackMessage.class);
        s.remote().send(VerackMessage.INSTANCE);
        s.peer().handshake().get(5, TimeUnit.SECONDS);
        assertTrue(s.peer().isConnected());
    }
}
