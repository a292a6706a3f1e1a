package org.btcpeer.peer;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.FilterAddMessage;
import org.btcpeer.wire.message.FilterClearMessage;
import org.btcpeer.wire.message.FilterLoadMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.RawMessage;
import org.btcpeer.wire.message.SendAddrV2Message;
import org.btcpeer.wire.message.SendCmpctMessage;
import org.btcpeer.wire.message.SendTxRcnclMessage;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.btcpeer.wire.message.WtxidRelayMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Bitcoin Core v30's {@code ProcessMessage} ignores, through a peer and a scripted remote:
 * each rule keeps the peer, has no effect, reaches no listener and is counted in
 * {@link PeerStats#ignoredInput()}. Also trailing bytes in the stats and the malformed-message policy.
 *
 * <p>"Processed" is observed by a ping sent after the message under test: the reader handles
 * messages in order, so once its pong is back the earlier message has been handled and its
 * listeners have run (the ping's own listeners may still be running: the pong is queued first).
 */
@Timeout(30)
class CoreIgnoreRulesTest {

    private final ManualClock clock = new ManualClock();
    private final PeerRuntime runtime = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Message> delivered = new CopyOnWriteArrayList<>();
    private long pingNonce = 1000;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private PeerConfig.Builder config() {
        PeerListeners l = PeerListeners.builder().onAny((peer, m) -> delivered.add(m)).build();
        return PeerConfig.builder().network(NetworkParameters.REGTEST).listeners(l);
    }

    private record Setup(Peer peer, ScriptedRemote remote) {
    }

    private Setup outbound(PeerConfig config) {
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 20);
        ScriptedRemote remote = new ScriptedRemote(pipes.b);
        toClose.add(remote);
        Peer peer = Peer.outbound(pipes.a, config, runtime);
        toClose.add(() -> peer.disconnect("test over"));
        return new Setup(peer, remote);
    }

    /** Core's side of the handshake at 70016, with {@code beforeVerack} sent between its feature messages and verack. */
    private Setup ready(PeerConfig config, Message... beforeVerack) throws Exception {
        Setup s = outbound(config);
        s.remote.next(VersionMessage.class);
        s.remote.send(ScriptedRemote.version(70016, 42));
        s.remote.next(VerackMessage.class);
        s.remote.send(WtxidRelayMessage.INSTANCE);
        s.remote.send(SendAddrV2Message.INSTANCE);
        for (Message m : beforeVerack) {
            s.remote.send(m);
        }
        s.remote.send(VerackMessage.INSTANCE);
        s.peer.handshake().get(5, TimeUnit.SECONDS);
        return s;
    }

    /** Sends a ping and waits for its pong: everything sent before it has been handled. */
    private void roundTrip(Setup s) throws Exception {
        long nonce = ++pingNonce;
        s.remote.send(new PingMessage(nonce));
        assertEquals(new PongMessage(nonce), s.remote.next(PongMessage.class));
        assertTrue(s.peer.isConnected());
    }

    private List<Message> deliveredOf(Class<? extends Message> type) {
        return delivered.stream().filter(type::isInstance).toList();
    }

    // ------------------------------------------------------------------ ignore rules

    @Test
    void aRedundantVersionIsIgnoredNotADisconnect() throws Exception {
        Setup s = ready(config().build());
        long before = s.peer.stats().ignoredInput().ignoredMessages();
        s.remote.send(ScriptedRemote.version(70015, 43)); // Core: "redundant version message"
        roundTrip(s);
        assertEquals(before + 1, s.peer.stats().ignoredInput().ignoredMessages());
        assertEquals(70016, s.peer.features().version(), "the first version still counts");
        assertEquals(1, deliveredOf(VersionMessage.class).size(), "listeners saw only the first version");
    }

    @Test
    void sendcmpctWithAVersionOtherThan2IsIgnoredHighBandwidthFlagIncluded() throws Exception {
        Setup s = ready(config().build(), new SendCmpctMessage(true, 1)); // before verack: processed, as Core
        roundTrip(s);
        assertEquals(0, s.peer.features().peerCompactVersion());
        assertFalse(s.peer.features().peerHighBandwidth(), "the flag of an ignored sendcmpct is not recorded");
        assertEquals(1, s.peer.stats().ignoredInput().ignoredMessages());

        s.remote.send(new SendCmpctMessage(true, 2));
        s.remote.send(new SendCmpctMessage(false, 3));
        roundTrip(s);
        assertEquals(2, s.peer.features().peerCompactVersion());
        assertTrue(s.peer.features().peerHighBandwidth(), "sendcmpct(1, 3) did not switch it off");
        assertEquals(2, s.peer.stats().ignoredInput().ignoredMessages());
        assertEquals(List.of(new SendCmpctMessage(true, 2)), deliveredOf(SendCmpctMessage.class));
    }

    @Test
    void wtxidrelayBelow70016IsIgnoredNotRecorded() throws Exception {
        Setup s = outbound(config().build());
        s.remote.next(VersionMessage.class);
        s.remote.send(ScriptedRemote.version(70015, 42)); // common version 70015
        assertInstanceOf(VerackMessage.class, s.remote.next(), "no wtxidrelay or sendaddrv2 below 70016");
        s.remote.send(WtxidRelayMessage.INSTANCE); // Core: "ignoring wtxidrelay due to old common version"
        s.remote.send(VerackMessage.INSTANCE);
        s.peer.handshake().get(5, TimeUnit.SECONDS);
        roundTrip(s);
        assertFalse(s.peer.features().wtxidRelay());
        assertEquals(1, s.peer.stats().ignoredInput().ignoredMessages());
        assertEquals(List.of(), deliveredOf(WtxidRelayMessage.class));
    }

    @Test
    void sendtxrcnclIsIgnoredBeforeAndAfterVerack() throws Exception {
        Setup s = ready(config().build(), new SendTxRcnclMessage(1, 0x0102030405060708L));
        roundTrip(s);
        assertTrue(s.peer.features().peerTxReconciliation(), "the offer is noted");
        assertEquals(1, s.peer.stats().ignoredInput().ignoredMessages());
        // Core without -txreconciliation returns before its "sendtxrcncl received after verack" disconnect.
        s.remote.send(new SendTxRcnclMessage(1, 9));
        roundTrip(s);
        assertEquals(2, s.peer.stats().ignoredInput().ignoredMessages());
        assertEquals(List.of(), deliveredOf(SendTxRcnclMessage.class));
    }

    @Test
    void wtxidrelayAfterVerackStillDisconnects() throws Exception {
        Setup s = ready(config().build());
        s.remote.send(WtxidRelayMessage.INSTANCE);
        PeerDisconnect d = s.peer.disconnected().get(5, TimeUnit.SECONDS);
        assertEquals(DisconnectReason.PROTOCOL_VIOLATION, d.reason());
        assertTrue(d.detail().contains("wtxidrelay received after verack"), d.detail());
    }

    @Test
    void sendaddrv2AfterVerackDisconnects() throws Exception {
        Setup s = ready(config().build());
        s.remote.send(SendAddrV2Message.INSTANCE); // Core: "sendaddrv2 received after verack"
        PeerDisconnect d = s.peer.disconnected().get(5, TimeUnit.SECONDS);
        assertEquals(DisconnectReason.PROTOCOL_VIOLATION, d.reason());
        assertTrue(d.detail().contains("sendaddrv2 received after verack"), d.detail());
    }

    @Test
    void aFirstSendtxrcnclAfterVerackIsIgnoredAndNotNoted() throws Exception {
        Setup s = ready(config().build());
        s.remote.send(new SendTxRcnclMessage(1, 7));
        roundTrip(s);
        assertFalse(s.peer.features().peerTxReconciliation(), "an offer after verack does not count");
        assertEquals(1, s.peer.stats().ignoredInput().ignoredMessages());
        assertEquals(List.of(), deliveredOf(SendTxRcnclMessage.class));
    }

    // ------------------------------------------------------------------ BIP-37 filter messages

    private static Message bip37(String command) {
        return switch (command) {
            case "filterload" -> new FilterLoadMessage(ByteString.fromHex("00"), 1, 0, 0);
            case "filteradd" -> new FilterAddMessage(ByteString.fromHex("0102"));
            default -> FilterClearMessage.INSTANCE;
        };
    }

    /**
     * Without NODE_BLOOM offered, a peer below 70011 (before BIP-111) is not disconnected: its filter
     * message is ignored and counted. Core v30 disconnects at any version; docs/peer.md says why we differ.
     */
    @ParameterizedTest
    @ValueSource(strings = {"filterload", "filteradd", "filterclear"})
    void bip37FromAPeerBelow70011IsIgnoredWhenWeDoNotOfferNodeBloom(String command) throws Exception {
        Setup s = outbound(config().build());
        s.remote.next(VersionMessage.class);
        s.remote.send(ScriptedRemote.version(70010, 42, ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS), false));
        s.remote.next(VerackMessage.class);
        s.remote.send(VerackMessage.INSTANCE);
        s.peer.handshake().get(5, TimeUnit.SECONDS);
        s.remote.send(bip37(command));
        roundTrip(s);
        assertEquals(1, s.peer.stats().ignoredInput().ignoredMessages(), command + " counted as ignored");
        assertFalse(s.peer.features().peerRelaysTx(), "filterload/filterclear did not turn tx relay on");
        assertEquals(List.of(), deliveredOf(bip37(command).getClass()), "no listener saw it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"filterload", "filteradd", "filterclear"})
    void bip37ReachesListenersWhenWeOfferNodeBloom(String command) throws Exception {
        Setup s = ready(config().services(ServiceFlags.of(ServiceFlags.NODE_BLOOM)).build());
        s.remote.send(bip37(command));
        roundTrip(s);
        assertEquals(List.of(bip37(command)), deliveredOf(bip37(command).getClass()));
        assertEquals(0, s.peer.stats().ignoredInput().ignoredMessages());
    }

    // ------------------------------------------------------------------ trailing bytes

    @Test
    void trailingBytesAreIgnoredAndCountedPerCommand() throws Exception {
        Setup s = ready(config().build());
        // A ping with 3 bytes after its nonce, and a sendheaders with 2: a future BIP's extension.
        s.remote.send(new RawMessage("ping", ByteString.fromHex("0807060504030201" + "aabbcc")));
        assertEquals(new PongMessage(0x0102030405060708L), s.remote.next(PongMessage.class), "answered as a plain ping");
        s.remote.send(new RawMessage("sendheaders", ByteString.fromHex("0102")));
        roundTrip(s);
        IgnoredInput in = s.peer.stats().ignoredInput();
        assertEquals(5, in.trailingBytes());
        assertEquals(Map.of("ping", 3L, "sendheaders", 2L), in.trailingBytesPerCommand());
        assertTrue(s.peer.features().peerWantsHeaders());
        assertEquals(0, in.ignoredMessages());
        assertEquals(List.of(new PingMessage(0x0102030405060708L)), deliveredOf(PingMessage.class).subList(0, 1));
    }

    // ------------------------------------------------------------------ malformed messages

    @Test
    void aMalformedMessageDisconnectsByDefaultNamingCommandFieldOffsetAndRule() throws Exception {
        Setup s = ready(config().build());
        s.remote.send(new RawMessage("ping", ByteString.fromHex("01020304"))); // a 4-byte nonce
        PeerDisconnect d = s.peer.disconnected().get(5, TimeUnit.SECONDS);
        assertEquals(DisconnectReason.PROTOCOL_VIOLATION, d.reason());
        assertTrue(d.detail().contains("ping: field 'nonce' at byte 0: truncated"), d.detail());
        assertEquals(0, s.peer.stats().ignoredInput().malformedDropped());
    }

    @Test
    void underTheDropPolicyAMalformedMessageIsDroppedAndCountedAndThePeerKept() throws Exception {
        Setup s = ready(config().malformedMessagePolicy(MalformedMessagePolicy.DROP).build());
        s.remote.send(new RawMessage("ping", ByteString.fromHex("01020304")));
        s.remote.send(new RawMessage("inv", ByteString.fromHex("02"))); // two entries announced, none present
        roundTrip(s);
        assertEquals(2, s.peer.stats().ignoredInput().malformedDropped());
        roundTrip(s); // the first round trip's listeners have run once the second pong is back
        assertEquals(new PingMessage(1001), deliveredOf(PingMessage.class).get(0), "the first ping listeners saw");
        assertEquals(List.of(), deliveredOf(org.btcpeer.wire.message.InvMessage.class));
    }
}
