package org.btcpeer.peer;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.SendAddrV2Message;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.btcpeer.wire.message.WtxidRelayMessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A peer on an in-memory pipe with a scripted remote and a manual clock, for the relay and timeout tests. */
final class PeerHarness implements AutoCloseable {

    final ManualClock clock = new ManualClock();
    final PeerRuntime runtime = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));
    private final List<AutoCloseable> toClose = new ArrayList<>();

    record Setup(Peer peer, ScriptedRemote remote) {
    }

    static PeerConfig.Builder config() {
        return PeerConfig.builder().network(NetworkParameters.REGTEST);
    }

    Setup outbound(PeerConfig config) {
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 20);
        ScriptedRemote remote = new ScriptedRemote(pipes.b);
        toClose.add(remote);
        Peer peer = Peer.outbound(pipes.a, config, runtime);
        toClose.add(() -> peer.disconnect("test over"));
        return new Setup(peer, remote);
    }

    Setup inbound(PeerConfig config, HandshakeDeadline deadline) {
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 20);
        ScriptedRemote remote = new ScriptedRemote(pipes.b);
        toClose.add(remote);
        Peer peer = Peer.inbound(pipes.a, config, runtime, deadline);
        toClose.add(() -> peer.disconnect("test over"));
        return new Setup(peer, remote);
    }

    /** Plays Core's side of an outbound handshake with {@code version}; wtxidrelay and sendaddrv2 at 70016. */
    static void handshake(Setup s, VersionMessage version) throws Exception {
        s.remote().next(VersionMessage.class);
        s.remote().send(version);
        s.remote().next(VerackMessage.class);
        if (version.version() >= 70016) {
            s.remote().send(WtxidRelayMessage.INSTANCE);
            s.remote().send(SendAddrV2Message.INSTANCE);
        }
        s.remote().send(VerackMessage.INSTANCE);
        s.peer().handshake().get(5, TimeUnit.SECONDS);
    }

    /** A ping round trip: everything the peer sent before the pong, once it processed all we sent before. */
    static List<Message> sync(Setup s, long nonce) throws Exception {
        s.remote().send(new PingMessage(nonce));
        while (true) {
            List<Message> seen = s.remote().until(PongMessage.class);
            if (((PongMessage) seen.get(seen.size() - 1)).nonce() == nonce) {
                return seen;
            }
        }
    }

    /** Moves the clock to 1 s before {@code deadline} (still connected), then to it (disconnected with {@code reason}). */
    PeerDisconnect assertDisconnectsAt(Peer p, Duration deadline, DisconnectReason reason) throws Exception {
        clock.advance(deadline.minusSeconds(1));
        assertTrue(p.isConnected(), "still connected 1 s before the " + reason + " deadline");
        clock.advance(Duration.ofSeconds(1));
        PeerDisconnect d = p.disconnected().get(5, TimeUnit.SECONDS);
        assertEquals(reason, d.reason(), d.toString());
        return d;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }
}
