package org.btcpeer.node.tip;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.node.InMemoryPeers;
import org.btcpeer.node.InMemoryPeers.Connected;
import org.btcpeer.node.TestChain;
import org.btcpeer.node.TransactionPool;
import org.btcpeer.node.compact.CompactBlockServer;
import org.btcpeer.node.relay.RelayPeers;
import org.btcpeer.node.serve.ChainServer;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.ScriptedRemote;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.CmpctBlockMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.SendCmpctMessage;
import org.btcpeer.wire.message.SendHeadersMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.btcpeer.node.InMemoryPeers.only;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link TipAnnouncer}: one announcement per peer, the cmpctblock to high-bandwidth peers, quiet during the download. */
class TipAnnouncerTest {

    private static final TestChain CHAIN = TestChain.regtest(5);

    private final InMemoryPeers peers = new InMemoryPeers();
    private final ActiveChain active = ActiveChain.inMemory(ConsensusParams.of(NetworkParameters.REGTEST));
    private final ChainServer server = ChainServer.leavingCompactBlocks(active.chainSource(), TransactionPool.empty(), r -> { });
    private final CompactBlockServer compact = new CompactBlockServer(active.compactSource());
    private final List<Peer> list = new CopyOnWriteArrayList<>();
    private final TipAnnouncer announcer = new TipAnnouncer(RelayPeers.ofPeers(() -> list), server, compact,
            () -> active.tip().header());

    @AfterEach
    void close() throws Exception {
        peers.close();
    }

    private Connected peer(Message... afterVerack) throws Exception {
        PeerConfig config = InMemoryPeers.config().pingInterval(Duration.ofDays(1))
                .listeners(PeerListeners.builder().include(server.listeners()).include(compact.listeners()).build()).build();
        Connected c = peers.connect(config, ScriptedRemote.version(70016, 3,
                ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS), true), afterVerack);
        list.add(c.peer());
        return c;
    }

    private void connect(int upTo) {
        for (int h = active.height() + 1; h <= upTo; h++) {
            active.connect(CHAIN.at(h));
        }
    }

    @Test
    void highBandwidthPeersGetTheCmpctblockOnlyAndTheOthersHeadersOrAnInv() throws Exception {
        connect(4);
        Connected highBandwidth = peer(SendHeadersMessage.INSTANCE, new SendCmpctMessage(true, SendCmpctMessage.CMPCTBLOCKS_VERSION));
        Connected headers = peer(SendHeadersMessage.INSTANCE);
        Connected inv = peer();
        peers.sync(highBandwidth);
        TipAnnouncer.Announced a = announcer.announce(CHAIN.at(4));
        assertEquals(List.of(highBandwidth.peer()), a.compactBlockTo());
        assertEquals(List.of(headers.peer(), inv.peer()), a.announcedTo());

        List<Message> toHighBandwidth = peers.sync(highBandwidth);
        assertEquals(1, only(toHighBandwidth, CmpctBlockMessage.class).size());
        assertEquals(CHAIN.at(4).header(), only(toHighBandwidth, CmpctBlockMessage.class).getFirst().compactBlock().header());
        assertEquals(List.of(), only(toHighBandwidth, HeadersMessage.class));
        assertEquals(List.of(), only(toHighBandwidth, InvMessage.class));

        List<HeadersMessage> h = only(peers.sync(headers), HeadersMessage.class);
        assertEquals(1, h.size());
        assertEquals(CHAIN.at(4).header(), h.getFirst().headers().getLast());
        assertEquals(List.of(new InvMessage(List.of(InventoryVector.block(CHAIN.hash(4))))),
                only(peers.sync(inv), InvMessage.class));
    }

    @Test
    void aPeerListedTwiceOrBeforeItsHandshakeIsToldOnceOrNotAtAll() throws Exception {
        connect(2);
        Connected c = peer();
        list.add(c.peer());
        TipAnnouncer.Announced a = announcer.announce(CHAIN.at(2));
        assertEquals(List.of(c.peer()), a.announcedTo());
        assertEquals(1, only(peers.sync(c), InvMessage.class).size());
        c.peer().disconnect("test");
        c.peer().disconnected().join();
        assertEquals(new TipAnnouncer.Announced(List.of(), List.of()), announcer.announce(CHAIN.at(2)));
    }

    @Test
    void quietUntilTheDownloadEndsThenOurTipToEveryone() throws Exception {
        CompletableFuture<Void> downloaded = new CompletableFuture<>();
        announcer.quietUntil(downloaded);
        Connected c = peer(SendHeadersMessage.INSTANCE);
        connect(3);
        assertEquals(new TipAnnouncer.Announced(List.of(), List.of()), announcer.announce(CHAIN.at(3)));
        assertEquals(List.of(), only(peers.sync(c), HeadersMessage.class));
        downloaded.complete(null);
        List<HeadersMessage> h = only(peers.sync(c), HeadersMessage.class);
        assertEquals(1, h.size());
        assertEquals(CHAIN.at(3).header(), h.getFirst().headers().getLast());
        connect(4);
        assertEquals(List.of(c.peer()), announcer.announce(CHAIN.at(4)).announcedTo());
    }

    @Test
    void greetsANewPeerWithOurTipAfterItsHandshake() throws Exception {
        connect(1);
        Connected c = peer();
        announcer.greet(c.peer());
        assertEquals(List.of(new InvMessage(List.of(InventoryVector.block(CHAIN.hash(1))))), only(peers.sync(c), InvMessage.class));
    }
}
