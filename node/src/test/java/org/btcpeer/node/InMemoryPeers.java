package org.btcpeer.node;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.btcpeer.peer.ManualClock;
import org.btcpeer.peer.NonceRegistry;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.PipeConnections;
import org.btcpeer.peer.ScriptedRemote;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.SendAddrV2Message;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.btcpeer.wire.message.WtxidRelayMessage;

/**
 * Our peers on in-memory pipes, each with a scripted remote, all on one manual clock: the node
 * parts' tests drive the remote side message by message.
 */
public final class InMemoryPeers implements AutoCloseable {

    public final ManualClock clock = new ManualClock();
    public final PeerRuntime runtime = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private long nonces = 1;

    /** One of our peers and the remote on the other end of its pipe. */
    public record Connected(Peer peer, ScriptedRemote remote) {
    }

    /** A regtest config builder. */
    public static PeerConfig.Builder config() {
        return PeerConfig.builder().network(NetworkParameters.REGTEST).sendQueueLimitBytes(16_000_000);
    }

    /**
     * An outbound peer whose remote completes the handshake with {@code version} (wtxidrelay and
     * sendaddrv2 at 70016+), then sends {@code afterVerack} (e.g. sendheaders).
     */
    public Connected connect(PeerConfig config, VersionMessage version, Message... afterVerack) throws Exception {
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 24);
        ScriptedRemote remote = new ScriptedRemote(pipes.b);
        toClose.add(remote);
        Peer peer = Peer.outbound(pipes.a, config, runtime);
        toClose.add(() -> peer.disconnect("test over"));
        expect(remote, VersionMessage.class);
        remote.send(version);
        if (version.version() >= 70016) {
            remote.send(WtxidRelayMessage.INSTANCE);
            remote.send(SendAddrV2Message.INSTANCE);
        }
        remote.send(VerackMessage.INSTANCE);
        peer.handshake().get(5, TimeUnit.SECONDS);
        for (Message m : afterVerack) {
            remote.send(m);
        }
        Connected c = new Connected(peer, remote);
        sync(c);
        return c;
    }

    /**
     * An inbound peer: the remote opens with {@code version} (wtxidrelay and sendaddrv2 at 70016+),
     * then verack once ours arrived.
     */
    public Connected accept(PeerConfig config, VersionMessage version) throws Exception {
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 24);
        ScriptedRemote remote = new ScriptedRemote(pipes.b);
        toClose.add(remote);
        Peer peer = Peer.inbound(pipes.a, config, runtime);
        toClose.add(() -> peer.disconnect("test over"));
        remote.send(version);
        if (version.version() >= 70016) {
            remote.send(WtxidRelayMessage.INSTANCE);
            remote.send(SendAddrV2Message.INSTANCE);
        }
        expect(remote, VerackMessage.class);
        remote.send(VerackMessage.INSTANCE);
        peer.handshake().get(5, TimeUnit.SECONDS);
        Connected c = new Connected(peer, remote);
        sync(c);
        return c;
    }

    /** The next message of {@code type} the remote receives, skipping others (5 s at most). */
    public static <M extends Message> M expect(ScriptedRemote remote, Class<M> type) throws InterruptedException {
        List<Message> seen = remote.until(type);
        return type.cast(seen.getLast());
    }

    /** A ping round trip: every message our peer sent before it processed everything the remote sent so far. */
    public List<Message> sync(Connected c) throws Exception {
        long nonce = 1_000_000 + nonces++;
        c.remote().send(new PingMessage(nonce));
        List<Message> out = new ArrayList<>();
        while (true) {
            List<Message> seen = c.remote().until(PongMessage.class);
            out.addAll(seen.subList(0, seen.size() - 1));
            if (((PongMessage) seen.getLast()).nonce() == nonce) {
                return out;
            }
        }
    }

    /** The messages of {@code type} in {@code messages}. */
    public static <M extends Message> List<M> only(List<Message> messages, Class<M> type) {
        return messages.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }
}
