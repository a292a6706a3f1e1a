package org.btcpeer.node.download;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.btcpeer.peer.ManualClock;
import org.btcpeer.peer.NonceRegistry;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.RequestTimeouts;
import org.btcpeer.peer.PipeConnections;
import org.btcpeer.peer.RequiredServices;
import org.btcpeer.peer.ScriptedRemote;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.SendAddrV2Message;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.btcpeer.wire.message.WtxidRelayMessage;

/**
 * The far end of an in-memory peer that serves the blocks of a {@link TestBlocks} chain as they are
 * asked for, with scripted misbehaviour: heights it withholds, heights it answers with a tampered
 * block and a number of blocks after which it hangs up.
 */
final class ServingRemote implements AutoCloseable {

    private final ScriptedRemote remote;
    private final Map<Hash256, Integer> heights = new HashMap<>();
    private final TestBlocks chain;
    final Peer peer;
    final Set<Integer> withheld = new HashSet<>();
    final Set<Integer> tampered = new HashSet<>();
    volatile int hangUpAfter = Integer.MAX_VALUE;
    /** Every height requested, in order. */
    final List<Integer> requested = new CopyOnWriteArrayList<>();
    final AtomicInteger served = new AtomicInteger();
    private final Thread server;
    private volatile boolean closed;

    /** Connects a peer on a pipe to a remote offering {@code services}, handshakes, and starts serving. */
    ServingRemote(TestBlocks chain, PeerRuntime runtime, ServiceFlags services, int startHeight) throws Exception {
        this(chain, runtime, services, startHeight, RequestTimeouts.CORE);
    }

    /** As above, with our peer's request timeouts (e.g. counting a downloader's other peers). */
    ServingRemote(TestBlocks chain, PeerRuntime runtime, ServiceFlags services, int startHeight, RequestTimeouts timeouts)
            throws Exception {
        this.chain = chain;
        for (int h = 1; h <= chain.size(); h++) {
            heights.put(chain.at(h).hash(), h);
        }
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 22);
        remote = new ScriptedRemote(pipes.b);
        peer = Peer.outbound(pipes.a, PeerConfig.builder().network(NetworkParameters.REGTEST)
                .requiredServices(RequiredServices.NONE).requestTimeouts(timeouts).build(), runtime);
        remote.until(VersionMessage.class);
        remote.send(new VersionMessage(70016, services, 1_700_000_000L, ServiceFlags.NONE, NetAddress.UNSPECIFIED,
                ServiceFlags.NONE, NetAddress.UNSPECIFIED, System.nanoTime(), "/test:1.0/", startHeight, true));
        remote.until(VerackMessage.class);
        remote.send(WtxidRelayMessage.INSTANCE);
        remote.send(SendAddrV2Message.INSTANCE);
        remote.send(VerackMessage.INSTANCE);
        peer.handshake().get(5, TimeUnit.SECONDS);
        server = Thread.ofVirtual().start(this::serve);
    }

    /** A full witness node at the chain's tip. */
    static ServingRemote full(TestBlocks chain, PeerRuntime runtime) throws Exception {
        return new ServingRemote(chain, runtime, ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS),
                chain.size());
    }

    static PeerRuntime runtime(ManualClock clock) {
        return new PeerRuntime(clock, clock, new java.security.SecureRandom(), new NonceRegistry(50));
    }

    private void serve() {
        try {
            while (!closed) {
                Message m = remote.poll(Duration.ofMillis(20));
                if (m instanceof PingMessage ping) {
                    remote.send(new PongMessage(ping.nonce()));
                } else if (m instanceof GetDataMessage get) {
                    for (InventoryVector inv : get.items()) {
                        Integer h = heights.get(inv.hash());
                        if (h == null) {
                            continue;
                        }
                        requested.add(h);
                        if (withheld.contains(h)) {
                            continue;
                        }
                        if (served.get() >= hangUpAfter) {
                            remote.close();
                            return;
                        }
                        Block b = tampered.contains(h) ? chain.tampered(h) : chain.at(h);
                        served.incrementAndGet(); // before the send: a downloader that got every block sees them all counted
                        remote.send(new BlockMessage(b));
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the pipe closed
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        server.interrupt();
        remote.close();
        peer.disconnect("test over");
    }
}
