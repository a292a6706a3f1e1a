package org.btcpeer.node.compact;

import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.btcpeer.peer.ManualClock;
import org.btcpeer.peer.NonceRegistry;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.PipeConnections;
import org.btcpeer.peer.ScriptedRemote;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.SendAddrV2Message;
import org.btcpeer.wire.message.SendCmpctMessage;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.btcpeer.wire.message.WtxidRelayMessage;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Our peers on in-memory pipes, each with a scripted remote playing Core, sharing one manual
 * clock; and the real mainnet block the compact block tests use.
 */
final class CompactPeers implements AutoCloseable {

    /** Mainnet block 574,200: 3,315 transactions, segwit (copied from wire's test resources). */
    static final String SEGWIT_BLOCK = "blocks/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk";

    final ManualClock clock = new ManualClock();
    final PeerRuntime runtime = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));
    private final List<AutoCloseable> toClose = new ArrayList<>();

    record Pair(Peer peer, ScriptedRemote remote) {
    }

    /** Mainnet block 413,567: 1,557 transactions, before segwit. */
    static final String OLDER_BLOCK = "blocks/block413567.raw";

    static Block segwitBlock() {
        return block(SEGWIT_BLOCK);
    }

    static Block block(String resource) {
        try (InputStream in = CompactPeers.class.getResourceAsStream("/" + resource)) {
            assertNotNull(in, resource);
            return Block.decode(ByteString.wrap(in.readAllBytes()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An outbound peer with {@code listeners}, handshaken with a 70016 remote offering witness. */
    Pair outbound(PeerListeners listeners) throws Exception {
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 4 << 20);
        ScriptedRemote remote = new ScriptedRemote(pipes.b);
        toClose.add(remote);
        Peer peer = Peer.outbound(pipes.a, config(listeners), runtime);
        toClose.add(() -> peer.disconnect("test over"));
        next(remote, VersionMessage.class);
        remote.send(ScriptedRemote.version(70016, 42));
        next(remote, VerackMessage.class);
        finish(remote, peer);
        return new Pair(peer, remote);
    }

    /** An inbound peer with {@code listeners}, handshaken with a 70016 remote offering witness. */
    Pair inbound(PeerListeners listeners) throws Exception {
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 4 << 20);
        ScriptedRemote remote = new ScriptedRemote(pipes.b);
        toClose.add(remote);
        Peer peer = Peer.inbound(pipes.a, config(listeners), runtime);
        toClose.add(() -> peer.disconnect("test over"));
        remote.send(ScriptedRemote.version(70016, 43));
        next(remote, VerackMessage.class);
        finish(remote, peer);
        return new Pair(peer, remote);
    }

    private static PeerConfig config(PeerListeners listeners) {
        return PeerConfig.builder().network(NetworkParameters.REGTEST).listeners(listeners)
                .pingInterval(Duration.ofDays(1)).build();
    }

    private static void finish(ScriptedRemote remote, Peer peer) throws Exception {
        remote.send(WtxidRelayMessage.INSTANCE);
        remote.send(SendAddrV2Message.INSTANCE);
        remote.send(VerackMessage.INSTANCE);
        remote.send(new SendCmpctMessage(false, SendCmpctMessage.CMPCTBLOCKS_VERSION));
        peer.handshake().get(5, TimeUnit.SECONDS);
        sync(remote, 1);
    }

    /** The next message of {@code type} the peer sent, skipping others. */
    static <M extends Message> M next(ScriptedRemote remote, Class<M> type) throws InterruptedException {
        while (true) {
            Message m = remote.next();
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
    }

    /** A ping round trip: everything the peer sent before the pong, once it processed all we sent before. */
    static List<Message> sync(ScriptedRemote remote, long nonce) throws Exception {
        remote.send(new PingMessage(nonce));
        List<Message> seen = new ArrayList<>();
        while (true) {
            Message m = remote.next();
            if (m instanceof PongMessage p && p.nonce() == nonce) {
                return seen;
            }
            seen.add(m);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }
}
