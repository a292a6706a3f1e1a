package org.btcpeer.peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.btcpeer.peer.PeerHarness.Setup;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.FilterAddMessage;
import org.btcpeer.wire.message.FilterClearMessage;
import org.btcpeer.wire.message.FilterLoadMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.MempoolMessage;
import org.btcpeer.wire.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.btcpeer.peer.PeerHarness.config;
import static org.btcpeer.peer.PeerHarness.handshake;
import static org.btcpeer.peer.PeerHarness.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Send-side relay rules as Core v30 applies them: the version relay flag (BIP-37) and its
 * filterload override, our own relay=0, BIP-37 sends only to NODE_BLOOM peers, and the inventory
 * budget released best first with the inv type chosen at release (BIP-339).
 */
@Timeout(30)
class RelayRulesTest {

    private static final ServiceFlags FULL = ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS);
    private static final ServiceFlags BLOOM = FULL.with(ServiceFlags.NODE_BLOOM);

    private final PeerHarness h = new PeerHarness();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static Hash256 hash(int i, int tag) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        b[1] = (byte) (i >> 8);
        b[2] = (byte) tag;
        return Hash256.fromInternalBytes(b);
    }

    /** The invs the peer sent up to a ping round trip. */
    private static List<InvMessage> invsUntilSync(Setup s, long nonce) throws Exception {
        List<InvMessage> out = new ArrayList<>();
        for (Message m : sync(s, nonce)) {
            if (m instanceof InvMessage inv) {
                out.add(inv);
            }
        }
        return out;
    }

    private static Throwable refusal(CompletableFuture<Void> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(1, TimeUnit.SECONDS));
        return e.getCause();
    }

    // ------------------------------------------------------------------ relay flag

    @Test
    void peerThatSaidRelayFalseGetsNoTxAnnouncements() throws Exception {
        Setup s = h.outbound(config().build());
        handshake(s, ScriptedRemote.version(70016, 42, FULL, false));
        s.peer().announceTransaction(hash(1, 1), hash(1, 2), 1000);
        s.peer().announce(InventoryVector.wtx(hash(2, 2)));
        assertEquals(0, s.peer().trickler.pendingCount(), "not even queued");
        h.clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of(), invsUntilSync(s, 1), "no tx inv to a relay=0 peer");
        assertFalse(s.peer().features().peerRelaysTx());

        Hash256 block = hash(3, 3);
        s.peer().announce(InventoryVector.block(block));
        assertEquals(List.of(new InvMessage(List.of(InventoryVector.block(block)))), invsUntilSync(s, 2),
                "blocks are still announced");
    }

    @Test
    void explicitTxInvToARelayFalsePeerIsRefusedWithTheRule() throws Exception {
        Setup s = h.outbound(config().build());
        handshake(s, ScriptedRemote.version(70016, 42, FULL, false));
        Throwable t = refusal(s.peer().send(new InvMessage(List.of(InventoryVector.wtx(hash(1, 1))))));
        SendRefusedException e = assertInstanceOf(SendRefusedException.class, t);
        assertEquals("inv", e.command());
        assertTrue(e.rule().contains("tx relay is off"), e.rule());
        s.peer().send(new InvMessage(List.of(InventoryVector.block(hash(2, 2))))).get(5, TimeUnit.SECONDS);
        assertTrue(s.peer().isConnected());
    }

    @Test
    void filterloadTurnsTxRelayOnWhenWeOfferBloom() throws Exception {
        Setup s = h.outbound(config().services(ServiceFlags.of(ServiceFlags.NODE_BLOOM)).build());
        handshake(s, ScriptedRemote.version(70016, 42, FULL, false));
        s.remote().send(new FilterLoadMessage(ByteString.fromHex("00"), 1, 0, 0));
        sync(s, 1); // the filterload was processed
        assertTrue(s.peer().features().peerRelaysTx(), "Core's m_relay_txs after filterload");
        s.peer().announceTransaction(hash(1, 1), hash(1, 2), 1000);
        h.clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of(new InvMessage(List.of(InventoryVector.wtx(hash(1, 2))))), invsUntilSync(s, 2));
    }

    @Test
    void ourRelayFalseConnectionsNeverAnnounceOrSendTxInvs() throws Exception {
        Setup s = h.outbound(config().relay(false).build());
        handshake(s, ScriptedRemote.version(70016, 42, FULL, true));
        s.peer().announceTransaction(hash(1, 1), hash(1, 2), 1000);
        assertEquals(0, s.peer().trickler.pendingCount(), "not even queued");
        h.clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of(), invsUntilSync(s, 1));
        assertInstanceOf(SendRefusedException.class,
                refusal(s.peer().send(new InvMessage(List.of(InventoryVector.tx(hash(1, 1)))))));
    }

    @Test
    void txInvOfTheNegotiatedKindAfterWeSaidRelayFalseDisconnects() throws Exception {
        Setup s = h.outbound(config().relay(false).build());
        handshake(s, ScriptedRemote.version(70016, 42, FULL, true)); // wtxidrelay negotiated
        s.remote().send(new InvMessage(List.of(InventoryVector.tx(hash(1, 1))))); // wrong kind: Core skips it
        s.remote().send(new InvMessage(List.of(InventoryVector.block(hash(2, 2)))));
        sync(s, 1);
        assertTrue(s.peer().isConnected(), "MSG_TX from a wtxid-relay peer and block invs are not violations");
        s.remote().send(new InvMessage(List.of(InventoryVector.wtx(hash(3, 3)))));
        PeerDisconnect d = s.peer().disconnected().get(5, TimeUnit.SECONDS);
        assertEquals(DisconnectReason.PROTOCOL_VIOLATION, d.reason());
        assertTrue(d.detail().contains("inv sent in violation of protocol"), d.detail());
    }

    @Test
    void aTxFromAPeerAfterWeSaidRelayFalseDisconnects() throws Exception {
        Setup s = h.outbound(config().relay(false).build());
        handshake(s, ScriptedRemote.version(70016, 42, FULL, true));
        // A minimal one-in, one-out transaction.
        String tx = "01000000" + "01" + "00".repeat(32) + "ffffffff" + "00" + "ffffffff"
                + "01" + "0000000000000000" + "00" + "00000000";
        s.remote().send(new org.btcpeer.wire.message.RawMessage("tx", ByteString.fromHex(tx)));
        PeerDisconnect d = s.peer().disconnected().get(5, TimeUnit.SECONDS);
        assertEquals(DisconnectReason.PROTOCOL_VIOLATION, d.reason());
        assertTrue(d.detail().contains("transaction sent in violation of protocol"), d.detail());
    }

    @Test
    void announcementsQueuedBeforeTheVersionAreDroppedIfThePeerSaysRelayFalse() throws Exception {
        Setup s = h.outbound(config().build());
        s.peer().announceTransaction(hash(1, 1), hash(1, 2), 1000); // relay flag not known yet: queued
        assertEquals(1, s.peer().trickler.pendingCount());
        handshake(s, ScriptedRemote.version(70016, 42, FULL, false));
        h.clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of(), invsUntilSync(s, 1), "Core clears m_tx_inventory_to_send while !m_relay_txs");
        assertEquals(0, s.peer().trickler.pendingCount());
        assertFalse(s.peer().knownInventory.contains(hash(1, 2)), "dropped, not released: a later filterload must not find it known");
    }

    // ------------------------------------------------------------------ BIP-37 / mempool sends

    @ParameterizedTest
    @ValueSource(strings = {"filterload", "filteradd", "filterclear", "mempool"})
    void bip37AndMempoolSendsNeedNodeBloomFromThePeer(String command) throws Exception {
        Message m = switch (command) {
            case "filterload" -> new FilterLoadMessage(ByteString.fromHex("00"), 1, 0, 0);
            case "filteradd" -> new FilterAddMessage(ByteString.fromHex("0102"));
            case "filterclear" -> FilterClearMessage.INSTANCE;
            default -> MempoolMessage.INSTANCE;
        };
        Setup plain = h.outbound(config().build());
        handshake(plain, ScriptedRemote.version(70016, 42, FULL, true));
        SendRefusedException e = assertInstanceOf(SendRefusedException.class, refusal(plain.peer().send(m)));
        assertEquals(command, e.command());
        assertTrue(e.rule().contains("NODE_BLOOM"), e.rule());

        Setup bloom = h.outbound(config().build());
        handshake(bloom, ScriptedRemote.version(70016, 43, BLOOM, true));
        bloom.peer().send(m).get(5, TimeUnit.SECONDS);
        assertEquals(m, bloom.remote().next(m.getClass()), "sent to a NODE_BLOOM peer");
    }

    // ------------------------------------------------------------------ inventory budget

    @Test
    void txAnnouncedBeforeTheHandshakeGoesOutAsWtxidToAWtxidRelayPeer() throws Exception {
        Setup s = h.outbound(config().build());
        s.peer().announceTransaction(hash(1, 1), hash(1, 2), 1000); // nothing negotiated yet
        handshake(s, ScriptedRemote.version(70016, 42, FULL, true));
        h.clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of(new InvMessage(List.of(InventoryVector.wtx(hash(1, 2))))), invsUntilSync(s, 1));
    }

    @Test
    void txAnnouncedBeforeTheHandshakeGoesOutAsTxidToAnOlderPeer() throws Exception {
        Setup s = h.outbound(config().build());
        s.peer().announceTransaction(hash(1, 1), hash(1, 2), 1000);
        handshake(s, ScriptedRemote.version(70015, 42, FULL, true));
        h.clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of(new InvMessage(List.of(InventoryVector.tx(hash(1, 1))))), invsUntilSync(s, 1));
    }

    @Test
    void releasesAreBestFirstSeventyAtATime() throws Exception {
        Setup s = h.outbound(config().build());
        handshake(s, ScriptedRemote.version(70016, 42, FULL, true));
        // 100 txs with fee rates 0..99 announced in a scrambled order (37 is coprime with 100).
        for (int i = 0; i < 100; i++) {
            int fee = (i * 37) % 100;
            s.peer().announceTransaction(hash(fee, 1), hash(fee, 2), fee);
        }
        h.clock.advance(Duration.ofMinutes(10)); // several releases fall due; each takes the best 70 left
        List<InventoryVector> all = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (InvMessage inv : invsUntilSync(s, 1)) {
            sizes.add(inv.items().size());
            all.addAll(inv.items());
        }
        assertEquals(List.of(70, 30), sizes, "Core v30's INVENTORY_BROADCAST_TARGET (14/s × 5 s) per release");
        for (int i = 0; i < 100; i++) {
            assertEquals(InventoryVector.wtx(hash(99 - i, 2)), all.get(i), "highest fee rate first, position " + i);
        }
    }
}
