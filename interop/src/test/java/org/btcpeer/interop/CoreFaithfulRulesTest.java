package org.btcpeer.interop;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import org.btcpeer.peer.ManualClock;
import org.btcpeer.peer.NonceRegistry;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.transport.TransportVersion;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Core rules btcpeer mirrors since issue #12 (each was a difference before it; docs/peer.md,
 * "Rules checked against a real Bitcoin Core"):
 *
 * <ul>
 *   <li>a peer whose version says relay=0 (a {@code -blocksonly} Core) must never get a tx inv:
 *       Core disconnects with "transaction (...) inv sent in violation of protocol";</li>
 *   <li>on a connection where we sent relay=0 we announce no transactions (as Core's
 *       block-relay-only connections), and Core announces none to us;</li>
 *   <li>with v2 offered, our version advertises NODE_P2P_V2, as Core's does.</li>
 * </ul>
 *
 * The passing counterparts (Core's tolerance of trailing bytes, Core's own NODE_P2P_V2) are in
 * {@link CoreToleranceTest}.
 */
class CoreFaithfulRulesTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    /** Our trickle mean in these tests; running our timers for 600 means leaves e^-600 odds of a missed announcement. */
    private static final Duration TRICKLE = Duration.ofMillis(100);
    /** Below our 2 min ping interval: no ping of ours is due, none can time out. */
    private static final Duration OUR_TIMERS_RUN = TRICKLE.multipliedBy(600);

    private static CoreNode full;
    private static CoreNode blocksOnly;
    /** Our peers' clock: their timers (the trickle) run only in {@link #barrier}, on the test's thread. */
    private final ManualClock clock = new ManualClock();
    private final PeerRuntime runtime = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));
    private final List<Peer> peers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startNodes() {
        full = core.start("full", "-acceptnonstdtxn=1");
        blocksOnly = core.start("blocksonly", "-blocksonly=1");
        CoreChain.mine(full, 103);
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

    private static PeerConfig.Builder config(Received received) {
        return OurPeers.regtest().outboundTrickleInterval(TRICKLE)
                .listeners(received.register(PeerListeners.builder()).build());
    }

    /**
     * Runs our peers' timers (every trickle release they had due, on this thread: whatever it
     * announces is queued when advance returns), then sends a ping and waits for its pong: Core
     * answers messages in order, so anything we queued before the ping has been processed by Core
     * (and logged) when the pong arrives.
     */
    private void barrier(Peer peer, Received received, long nonce) {
        clock.advance(OUR_TIMERS_RUN);
        peer.send(new PingMessage(nonce));
        Await.value("the pong to our barrier ping", Await.DEFAULT, () -> {
            if (!peer.isConnected()) {
                throw new AssertionError("Core disconnected us (" + peer.disconnected().getNow(null)
                        + "); its debug.log says why");
            }
            return received.first(PongMessage.class, p -> p.nonce() == nonce);
        });
    }

    private static boolean sentInv(Peer peer) {
        return peer.stats().sentPerCommand().containsKey("inv");
    }

    @Test
    void blocksOnlyCoreNeverGetsATxInvFromUs() {
        Received received = new Received();
        Peer peer = connect(blocksOnly, config(received).build());
        assertFalse(peer.remoteVersion().orElseThrow().relay(), "-blocksonly Core sends relay=0 in its version");
        Hash256 txid = Hash256.doubleSha256(ByteString.ofAscii("blocks-only txid"));
        Hash256 wtxid = Hash256.doubleSha256(ByteString.ofAscii("blocks-only wtxid"));
        peer.announceTransaction(txid, wtxid, 10_000);
        barrier(peer, received, 0x5eed_0001L);
        assertFalse(sentInv(peer), "we sent an inv to a peer that asked for no tx relay");
        assertEquals(0, CoreLog.count(core.logSinceTestStart(blocksOnly), "got inv:"));
        assertTrue(peer.isConnected());
        assertTrue(CorePeerInfo.byPort(blocksOnly, OurPeers.localPort(peer)).isPresent(), "Core keeps us");
    }

    @Test
    void ourRelayFalsePeerGetsNoTxAnnouncementsAndMakesNone() {
        Received quiet = new Received();
        Received loud = new Received();
        Peer relayOff = connect(full, config(quiet).relay(false).build());
        Peer relayOn = connect(full, config(loud).build());
        CoreChain.Coin coin = CoreChain.coinbase(full, 1);
        Transaction tx = AnyoneCanSpend.opTrueToP2wsh(coin.txid(), coin.index(), coin.value());
        CoreChain.submit(full, tx);
        // Both peers are inbound to Core, whose inbound peers share one announcement timer
        // (NextInvToInbounds): once the relay=true peer has the inv, the other would have it too.
        loud.await(InvMessage.class, inv -> inv.items().contains(InventoryVector.wtx(tx.wtxid())), Await.DEFAULT);
        barrier(relayOff, quiet, 0x5eed_0002L);
        assertTrue(quiet.all(InvMessage.class).stream().flatMap(i -> i.items().stream())
                .noneMatch(InventoryVector::isTransaction), "Core announced a tx to our relay=false peer");

        Hash256 txid = Hash256.doubleSha256(ByteString.ofAscii("relay-off txid"));
        Hash256 wtxid = Hash256.doubleSha256(ByteString.ofAscii("relay-off wtxid"));
        relayOff.announceTransaction(txid, wtxid, 10_000);
        barrier(relayOff, quiet, 0x5eed_0003L);
        assertFalse(sentInv(relayOff), "we announced a tx on a connection where we asked for no tx relay");
        assertTrue(relayOn.isConnected() && relayOff.isConnected());
    }

    @Test
    void withV2OfferedOurVersionAdvertisesNodeP2pV2AsCoresDoes() {
        Peer peer = connect(full, OurPeers.regtest().transportPolicy(TransportPolicy.V2_PREFERRED).build());
        assertEquals(TransportVersion.V2, peer.stats().transport());
        JsonNode info = CorePeerInfo.awaitHandshaken(full, OurPeers.localPort(peer));
        assertTrue(containsText(info.path("servicesnames"), "P2P_V2"),
                "with v2 offered our version should advertise NODE_P2P_V2, as Core's does; Core sees our services as "
                        + info.path("servicesnames"));
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode n : array) {
            if (n.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }
}
