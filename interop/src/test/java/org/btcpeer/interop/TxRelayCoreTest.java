package org.btcpeer.interop;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.TxMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transaction relay both ways with wtxid relay (BIP-339) negotiated: a tx Core learns by RPC is
 * announced to our peer as {@code MSG_WTX} and served on our getdata; a tx our peer announces is
 * requested by Core, served by us and lands in Core's mempool.
 */
class TxRelayCoreTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    private static CoreNode node;
    private final PeerRuntime runtime = PeerRuntime.create();
    private Peer peer;

    @BeforeAll
    static void startNode() {
        node = core.start("relay", "-acceptnonstdtxn=1");
        CoreChain.mine(node, 103); // coinbases 1 to 3 are mature; the recent tip ends initial block download
    }

    @AfterEach
    void disconnect() {
        if (peer != null) {
            peer.disconnect("test over");
        }
    }

    @Test
    void coreAnnouncesByWtxidAndServesOurGetdata() {
        Received received = new Received();
        peer = OurPeers.connect(node.p2pAddress(), OurPeers.regtest()
                .listeners(received.register(PeerListeners.builder()).build()).build(), runtime);
        assertTrue(peer.features().wtxidRelay());
        CoreChain.Coin coin = CoreChain.coinbase(node, 1);
        Transaction funding = AnyoneCanSpend.opTrueToP2wsh(coin.txid(), coin.index(), coin.value());
        CoreChain.submit(node, funding);
        Transaction spend = AnyoneCanSpend.p2wshToP2wsh(funding.txid(), 0, funding.outputs().get(0).value());
        CoreChain.submit(node, spend);
        assertNotEquals(spend.txid(), spend.wtxid());

        InventoryVector wanted = InventoryVector.wtx(spend.wtxid());
        received.await(InvMessage.class, inv -> inv.items().contains(wanted), Await.DEFAULT);
        assertTrue(received.all(InvMessage.class).stream().flatMap(i -> i.items().stream())
                .noneMatch(i -> i.type() == InventoryVector.MSG_TX), "with wtxidrelay Core announces MSG_WTX only");

        peer.send(new GetDataMessage(List.of(wanted)));
        Transaction served = received.await(TxMessage.class, t -> t.transaction().wtxid().equals(spend.wtxid()),
                Await.DEFAULT).transaction();
        assertEquals(spend.txid(), served.txid());
        assertTrue(served.hasWitness());
    }

    @Test
    void ourAnnouncementIsRequestedServedAndAccepted() {
        CoreChain.Coin coin = CoreChain.coinbase(node, 2);
        Transaction tx = AnyoneCanSpend.opTrueToP2wsh(coin.txid(), coin.index(), coin.value());
        Received received = new Received();
        PeerListeners listeners = received.register(PeerListeners.builder())
                .on(GetDataMessage.class, (p, m) -> {
                    if (m.items().stream().anyMatch(i -> i.hash().equals(tx.wtxid()) || i.hash().equals(tx.txid()))) {
                        p.send(new TxMessage(tx));
                    }
                })
                .build();
        peer = OurPeers.connect(node.p2pAddress(), OurPeers.regtest().listeners(listeners).build(), runtime);
        long feeRate = AnyoneCanSpend.FEE * 1000 / tx.vsize();
        peer.announceTransaction(tx.txid(), tx.wtxid(), feeRate);

        GetDataMessage request = received.await(GetDataMessage.class,
                m -> m.items().stream().anyMatch(i -> i.hash().equals(tx.wtxid())), Await.DEFAULT);
        assertEquals(List.of(InventoryVector.wtx(tx.wtxid())), request.items(), "Core asks by wtxid (MSG_WTX)");
        Await.until("our tx " + tx.txid() + " in Core's mempool",
                () -> containsText(node.rpc("getrawmempool"), tx.txid().toString()));
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
