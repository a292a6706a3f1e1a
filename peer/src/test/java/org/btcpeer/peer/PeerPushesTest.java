package org.btcpeer.peer;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkId;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.message.AddrMessage;
import org.btcpeer.wire.message.AddrV2Message;
import org.btcpeer.wire.message.GetBlocksMessage;
import org.btcpeer.wire.message.GetHeadersMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.RejectMessage;
import org.btcpeer.wire.message.SendAddrV2Message;
import org.btcpeer.wire.message.SendHeadersMessage;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class PeerPushesTest {

    private final ManualClock clock = new ManualClock();
    private final PeerRuntime runtime = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));
    private Peer peer;
    private ScriptedRemote remote;

    @AfterEach
    void close() throws Exception {
        if (peer != null) {
            peer.disconnect("test over");
        }
        if (remote != null) {
            remote.close();
        }
    }

    /** An outbound peer whose remote speaks {@code version} and sends the given feature messages. */
    private void connect(int version, org.btcpeer.wire.message.Message... features) throws Exception {
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 22);
        remote = new ScriptedRemote(pipes.b);
        peer = Peer.outbound(pipes.a, PeerConfig.builder().network(NetworkParameters.REGTEST).build(), runtime);
        remote.next(VersionMessage.class);
        remote.send(ScriptedRemote.version(version, 9));
        for (org.btcpeer.wire.message.Message m : features) {
            remote.send(m);
        }
        remote.send(VerackMessage.INSTANCE);
        peer.handshake().get(5, TimeUnit.SECONDS);
        remote.next(VerackMessage.class);
    }

    private static AddressRecord ipv4(int i) {
        byte[] ip = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
        return new AddressRecord(1_700_000_000L, ServiceFlags.of(1), new NetAddress(NetworkId.IPV4, ByteString.wrap(ip), 8333));
    }

    @Test
    void addressesAreARandomSubsetOfAtMost1000WithoutDuplicates() throws Exception {
        connect(70016, SendAddrV2Message.INSTANCE);
        List<AddressRecord> many = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            many.add(ipv4(i));
        }
        peer.pushAddresses(many).get(5, TimeUnit.SECONDS);
        AddrV2Message sent = remote.next(AddrV2Message.class);
        assertEquals(1000, sent.addresses().size());
        assertEquals(1000, new HashSet<>(sent.addresses()).size(), "a shuffle, not btcd's duplicating swap");
        // Everything sent is now known: pushing the same set again sends only the 1,500 others.
        peer.pushAddresses(many).get(5, TimeUnit.SECONDS);
        AddrV2Message second = remote.next(AddrV2Message.class);
        assertTrue(second.addresses().stream().noneMatch(sent.addresses()::contains));
    }

    @Test
    void legacyAddrCarriesOnlyIpAddresses() throws Exception {
        connect(70016); // no sendaddrv2 from the remote
        AddressRecord onion = new AddressRecord(1, ServiceFlags.NONE,
                new NetAddress(NetworkId.TORV3, ByteString.wrap(new byte[32]), 8333));
        peer.pushAddresses(List.of(onion, ipv4(1))).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(ipv4(1)), remote.next(AddrMessage.class).addresses());
    }

    @Test
    void repeatedGetHeadersIsSkipped() throws Exception {
        connect(70016);
        Hash256 tip = Hash256.fromHex("aa".repeat(32));
        assertEquals(true, peer.pushGetHeaders(List.of(tip), Hash256.ZERO).get(5, TimeUnit.SECONDS));
        assertEquals(false, peer.pushGetHeaders(List.of(tip), Hash256.ZERO).get(5, TimeUnit.SECONDS),
                "a skipped repeat says so");
        assertEquals(true, peer.pushGetHeaders(List.of(Hash256.ZERO), Hash256.ZERO).get(5, TimeUnit.SECONDS));
        assertEquals(List.of(tip), remote.next(GetHeadersMessage.class).locator());
        assertEquals(List.of(Hash256.ZERO), remote.next(GetHeadersMessage.class).locator(), "the duplicate was dropped");
    }

    @Test
    void repeatedGetBlocksIsSkippedByFirstLocatorHashAndStopHash() throws Exception {
        connect(70016);
        Hash256 tip = Hash256.fromHex("aa".repeat(32));
        Hash256 older = Hash256.fromHex("bb".repeat(32));
        Hash256 stop = Hash256.fromHex("cc".repeat(32));
        assertEquals(true, peer.pushGetBlocks(List.of(tip, older), Hash256.ZERO).get(5, TimeUnit.SECONDS));
        assertEquals(false, peer.pushGetBlocks(List.of(tip), Hash256.ZERO).get(5, TimeUnit.SECONDS),
                "same first locator hash and stop hash: a repeat, whatever follows in the locator");
        assertEquals(true, peer.pushGetBlocks(List.of(tip), stop).get(5, TimeUnit.SECONDS), "another stop hash");
        assertEquals(true, peer.pushGetHeaders(List.of(tip), stop).get(5, TimeUnit.SECONDS),
                "getheaders keeps its own previous request");
        assertEquals(false, peer.pushGetBlocks(List.of(tip), stop).get(5, TimeUnit.SECONDS));
        assertEquals(true, peer.pushGetBlocks(List.of(tip, older), Hash256.ZERO).get(5, TimeUnit.SECONDS),
                "only the previous request counts: the first is no longer a repeat");
        // Everything the peer sent up to a ping's pong: the skipped requests never reach the wire.
        remote.send(new PingMessage(77));
        List<GetBlocksMessage> sent = remote.until(PongMessage.class).stream()
                .filter(GetBlocksMessage.class::isInstance).map(GetBlocksMessage.class::cast).toList();
        assertEquals(List.of(List.of(tip, older), List.of(tip), List.of(tip, older)),
                sent.stream().map(GetBlocksMessage::locator).toList());
        assertEquals(List.of(Hash256.ZERO, stop, Hash256.ZERO), sent.stream().map(GetBlocksMessage::stopHash).toList());
    }

    @Test
    void blocksAreAnnouncedAsHeadersToPeersThatAskedForThem() throws Exception {
        connect(70016, SendHeadersMessage.INSTANCE);
        BlockHeader h = NetworkParametersHeader.regtestGenesis();
        peer.announceBlock(h);
        assertEquals(List.of(h), remote.next(HeadersMessage.class).headers());
        peer.announceBlock(h);
        remote.send(new PingMessage(1));
        assertInstanceOf(PongMessage.class, remote.next(), "a known block is not announced twice");
    }

    @Test
    void blocksAreAnnouncedByInvOtherwise() throws Exception {
        connect(70016);
        BlockHeader h = NetworkParametersHeader.regtestGenesis();
        peer.announceBlock(h);
        assertEquals(List.of(InventoryVector.block(h.hash())), remote.next(InvMessage.class).items());
    }

    @Test
    void rejectIsSentOnlyToPeersThatUnderstandIt() throws Exception {
        connect(70001);
        peer.pushReject("tx", RejectMessage.INVALID, "bad", Optional.empty()).get(5, TimeUnit.SECONDS);
        remote.send(new PingMessage(2));
        assertInstanceOf(PongMessage.class, remote.next(), "no reject below 70002"); // a reject would come first
    }

    /** The regtest genesis header, decoded from the network parameters. */
    static final class NetworkParametersHeader {
        static BlockHeader regtestGenesis() throws Exception {
            return BlockHeader.decode(NetworkParameters.REGTEST.genesisHeader());
        }
    }
}
