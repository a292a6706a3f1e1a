package org.btcpeer.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerAcceptor;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.PeerStats;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.transport.TransportVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Core dialing our {@link PeerAcceptor} ({@code addnode 127.0.0.1:PORT onetry v2}): the acceptor
 * detects v1 or v2 from Core's first bytes, and both sides agree on the transport and session id.
 */
class CoreDialsAcceptorTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    private static CoreNode node;
    private final PeerRuntime runtime = PeerRuntime.create();
    private PeerAcceptor acceptor;

    @BeforeAll
    static void startNode() {
        node = core.start("dialer");
    }

    @AfterEach
    void close() {
        if (acceptor != null) {
            acceptor.close();
        }
    }

    private PeerStats coreDials(boolean v2) throws IOException {
        acceptor = PeerAcceptor.start(new InetSocketAddress("127.0.0.1", 0),
                OurPeers.regtest().transportPolicy(TransportPolicy.V2_PREFERRED).build(), runtime, p -> { });
        int port = acceptor.localAddress().getPort();
        node.rpc("addnode", "127.0.0.1:" + port, "onetry", v2);
        Peer ours = Await.value("Core's connection to our acceptor, handshake done", Duration.ofSeconds(30),
                () -> acceptor.peers().stream().filter(p -> p.stats().handshakeComplete()).findFirst());
        JsonNode info = CorePeerInfo.awaitHandshaken(node, port);
        assertFalse(info.path("inbound").asBoolean());
        assertEquals("manual", info.path("connection_type").asText());
        assertEquals("127.0.0.1:" + ours.connection().remoteAddress().getPort(), info.path("addrbind").asText());
        PeerStats stats = ours.stats();
        assertEquals(info.path("transport_protocol_type").asText(), stats.transport() == TransportVersion.V2 ? "v2" : "v1");
        assertEquals(info.path("session_id").asText(), stats.sessionId().orElse(""));
        assertEquals(Optional.of(node.rpc("getnetworkinfo").path("subversion").asText()),
                ours.remoteVersion().map(v -> v.userAgent()));
        return stats;
    }

    @Test
    void coreDialsUsOverV1() throws IOException {
        assertEquals(TransportVersion.V1, coreDials(false).transport());
    }

    @Test
    void coreDialsUsOverV2() throws IOException {
        PeerStats stats = coreDials(true);
        assertEquals(TransportVersion.V2, stats.transport());
        assertEquals(64, stats.sessionId().orElseThrow().length());
    }
}
