package org.btcpeer.peer;

import static org.btcpeer.peer.PeerHarness.config;
import static org.btcpeer.peer.PeerHarness.handshake;
import static org.btcpeer.peer.PeerHarness.sync;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.btcpeer.peer.PeerHarness.Setup;
import org.btcpeer.peer.inbound.Permission;
import org.btcpeer.peer.inbound.Permissions;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.MempoolMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.RawMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;

/**
 * What the {@code relay} and {@code mempool} permissions change in the peer (Core v30's
 * {@code RejectIncomingTxs} and {@code ProcessMessage(MEMPOOL)}); the counterparts without the
 * permission are in RelayRulesTest and PeerTest.
 */
@Timeout(30)
class PermissionRulesTest {

    private static final ServiceFlags FULL = ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS);
    /** A minimal one-in, one-out transaction. */
    private static final String TX = "01000000" + "01" + "00".repeat(32) + "ffffffff" + "00" + "ffffffff"
            + "01" + "0000000000000000" + "00" + "00000000";

    private final PeerHarness h = new PeerHarness();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRelayPeerMayAnnounceAndSendTransactionsToABlocksOnlyNode() throws Exception {
        MessageListener<Message> any = Mockito.mock(MessageListener.class);
        Setup s = h.outbound(config().relay(false).permissions(Permissions.of(Permission.RELAY))
                .listeners(PeerListeners.builder().onAny(any).build()).build());
        handshake(s, ScriptedRemote.version(70016, 42, FULL, true));
        byte[] b = new byte[32];
        b[0] = 7;
        s.remote().send(new InvMessage(List.of(InventoryVector.wtx(Hash256.fromInternalBytes(b)))));
        s.remote().send(new RawMessage("tx", ByteString.fromHex(TX)));
        sync(s, 1);
        assertTrue(s.peer().isConnected(), "Core's RejectIncomingTxs is false for a peer with the relay permission");
        Mockito.verify(any, Mockito.times(1).description("the tx reached the listeners once"))
                .onMessage(ArgumentMatchers.same(s.peer()), ArgumentMatchers.argThat(m -> m.commandName().equals("tx")));
    }

    @Test
    void forceRelayImpliesRelay() throws Exception {
        Setup s = h.outbound(config().relay(false).permissions(Permissions.of(Permission.FORCERELAY)).build());
        handshake(s, ScriptedRemote.version(70016, 42, FULL, true));
        s.remote().send(new RawMessage("tx", ByteString.fromHex(TX)));
        sync(s, 1);
        assertTrue(s.peer().isConnected());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMempoolPeerMaySendMempoolWithoutNodeBloom() throws Exception {
        MessageListener<MempoolMessage> onMempool = Mockito.mock(MessageListener.class);
        Setup s = h.outbound(config().permissions(Permissions.of(Permission.MEMPOOL))
                .listeners(PeerListeners.builder().on(MempoolMessage.class, onMempool).build()).build());
        handshake(s, ScriptedRemote.version(70016, 42, FULL, true));
        s.remote().send(MempoolMessage.INSTANCE);
        sync(s, 1);
        Mockito.verify(onMempool, Mockito.times(1)).onMessage(s.peer(), MempoolMessage.INSTANCE);
        assertTrue(s.peer().isConnected());
    }
}
