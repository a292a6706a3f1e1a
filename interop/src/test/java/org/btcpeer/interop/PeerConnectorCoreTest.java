package org.btcpeer.interop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.PeerStats;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.transport.TransportVersion;
import org.btcpeer.wire.ServiceFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our {@code PeerConnector} dialing Core: over v1 and v2 both sides agree on the transport and
 * (v2) the BIP-324 session id; Core sees our user agent, version and services; our ping round trip
 * is measured. And Core's v1 retry rule from our side: V2_PREFERRED against a v1-only node ends as
 * v1 after exactly one retry.
 */
class PeerConnectorCoreTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    private static CoreNode v2Node;
    private static CoreNode v1OnlyNode;
    private final PeerRuntime runtime = PeerRuntime.create();
    private final List<Peer> peers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startNodes() {
        v2Node = core.start("v2");
        v1OnlyNode = core.start("v1only", "-v2transport=0");
    }

    @AfterEach
    void disconnect() {
        peers.forEach(p -> p.disconnect("test over"));
    }

    private Peer connect(CoreNode node, PeerConfig config) {
        Peer p = OurPeers.connect(node.p2pAddress(), config, runtime);
        peers.add(p);
        return p;
    }

    private static final ServiceFlags OUR_SERVICES = ServiceFlags.of(ServiceFlags.NODE_WITNESS | ServiceFlags.NODE_NETWORK_LIMITED);

    @Test
    void v1SessionAgreesWithCore() {
        Peer peer = connect(v2Node, OurPeers.regtest().services(OUR_SERVICES).transportPolicy(TransportPolicy.V1_ONLY).build());
        JsonNode info = CorePeerInfo.awaitHandshaken(v2Node, OurPeers.localPort(peer));
        assertEquals(TransportVersion.V1, peer.stats().transport());
        assertEquals("v1", info.path("transport_protocol_type").asText());
        assertEquals("", info.path("session_id").asText());
        assertCoreSeesUs(info, peer.config());
        assertPingMeasured(peer);
    }

    @Test
    void v2SessionIdEqualsCores() {
        Peer peer = connect(v2Node, OurPeers.regtest().services(OUR_SERVICES).transportPolicy(TransportPolicy.V2_REQUIRED).build());
        JsonNode info = CorePeerInfo.awaitHandshaken(v2Node, OurPeers.localPort(peer));
        PeerStats stats = peer.stats();
        assertEquals(TransportVersion.V2, stats.transport());
        assertEquals("v2", info.path("transport_protocol_type").asText());
        String coreSession = info.path("session_id").asText();
        assertEquals(64, coreSession.length(), "Core's session_id: " + coreSession);
        assertEquals(coreSession, stats.sessionId().orElseThrow());
        assertCoreSeesUs(info, peer.config());
        assertPingMeasured(peer);
    }

    @Test
    void v2PreferredFallsBackToV1OnceAgainstAV1OnlyNode() {
        // Core's v1-only node reads our 64-byte ElligatorSwift key as a v1 header with the wrong
        // magic ("Header error: Wrong MessageStart") and hangs up; having sent >= 24 bytes and
        // received nothing, we retry as v1 (Core's V2Transport::ShouldReconnectV1).
        core.allowLog(v1OnlyNode, "Header error: Wrong MessageStart");
        Peer peer = connect(v1OnlyNode, OurPeers.regtest().transportPolicy(TransportPolicy.V2_PREFERRED).build());
        JsonNode info = CorePeerInfo.awaitHandshaken(v1OnlyNode, OurPeers.localPort(peer));
        assertEquals(TransportVersion.V1, peer.stats().transport());
        assertEquals("v1", info.path("transport_protocol_type").asText());
        String log = core.logSinceTestStart(v1OnlyNode);
        assertEquals(2, CoreLog.count(log, "Added connection peer="), "one v2 attempt and one v1 retry:\n" + log);
        assertEquals(1, CoreLog.count(log, "Header error: Wrong MessageStart"), log);
    }

    private static void assertCoreSeesUs(JsonNode info, org.btcpeer.peer.PeerConfig ours) {
        assertEquals(OurPeers.USER_AGENT, info.path("subver").asText());
        assertEquals(70016, info.path("version").asInt());
        assertTrue(info.path("inbound").asBoolean());
        long coreSees = Long.parseUnsignedLong(info.path("services").asText(), 16);
        // Exactly what we advertise: the configured services, plus NODE_P2P_V2 when v2 is offered.
        long expected = OUR_SERVICES.bits()
                | (ours.transportPolicy() == TransportPolicy.V1_ONLY ? 0 : ServiceFlags.NODE_P2P_V2);
        assertEquals(expected, coreSees, "services Core sees: " + info.path("servicesnames"));
        assertEquals(ours.advertisedServices().bits(), coreSees);
    }

    private static void assertPingMeasured(Peer peer) {
        Duration rtt = Await.value("our first ping's round trip", Duration.ofSeconds(30), () -> peer.stats().lastPing());
        assertTrue(!rtt.isNegative() && rtt.compareTo(Duration.ofSeconds(30)) < 0, "rtt " + rtt);
        assertTrue(peer.stats().minPing().isPresent());
        assertTrue(peer.stats().receivedPerCommand().containsKey("pong"));
    }
}
