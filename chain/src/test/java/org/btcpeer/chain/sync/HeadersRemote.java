package org.btcpeer.chain.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.PipeConnections;
import org.btcpeer.peer.ScriptedRemote;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.message.GetHeadersMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.SendAddrV2Message;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.btcpeer.wire.message.WtxidRelayMessage;

/**
 * A remote node on an in-memory pipe that serves a header chain the way Core answers getheaders
 * (from the first locator hash it knows, at most 2,000), or stalls, or holds its answers, or tampers with them.
 */
final class HeadersRemote implements AutoCloseable {

    final Peer peer;
    private final ScriptedRemote remote;
    private final Thread loop;
    private final List<BlockHeader> headers = new CopyOnWriteArrayList<>(); // index 0 = the root
    private final Map<Hash256, Integer> index = new HashMap<>();
    final List<GetHeadersMessage> getHeaders = new CopyOnWriteArrayList<>();
    final List<Message> received = new CopyOnWriteArrayList<>();
    /** Requests are never answered. */
    volatile boolean stall;
    /** Requests are answered only once this is cleared (then in order); the serving thread sees it within 200 ms. */
    volatile boolean hold;
    private final List<GetHeadersMessage> held = new ArrayList<>(); // only the serving thread touches it
    volatile UnaryOperator<List<BlockHeader>> tamper = UnaryOperator.identity();

    HeadersRemote(NetworkParameters network, PeerRuntime runtime, HeaderSync sync, List<BlockHeader> chain, int startHeight) {
        PipeConnections pipes = new PipeConnections(network, 1 << 21);
        remote = new ScriptedRemote(pipes.b);
        extend(chain);
        PeerConfig config = PeerConfig.builder().network(network).listeners(sync.listeners()).build();
        peer = Peer.outbound(pipes.a, config, runtime);
        loop = Thread.ofVirtual().start(() -> serve(startHeight));
    }

    /** Adds headers to the served chain. */
    void extend(List<BlockHeader> more) {
        synchronized (index) {
            for (BlockHeader h : more) {
                index.put(h.hash(), headers.size());
                headers.add(h);
            }
        }
    }

    BlockHeader header(int i) {
        return headers.get(i);
    }

    void send(Message m) throws Exception {
        remote.send(m);
    }

    void announceByInv(Hash256 block) throws Exception {
        remote.send(new InvMessage(List.of(InventoryVector.block(block))));
    }

    private void serve(int startHeight) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Message m = remote.poll(Duration.ofMillis(200));
                if (!hold) {
                    for (GetHeadersMessage g : held) {
                        reply(g);
                    }
                    held.clear();
                }
                if (m == null) {
                    continue;
                }
                received.add(m);
                switch (m) {
                    case VersionMessage v -> {
                        remote.send(new VersionMessage(70016, ScriptedRemote.version(70016, 7).services(), 1_700_000_000L,
                                v.receiverServices(), v.receiver(), v.senderServices(), v.sender(),
                                System.nanoTime(), "/Satoshi:30.0.0/", startHeight, true));
                        remote.send(WtxidRelayMessage.INSTANCE);
                        remote.send(SendAddrV2Message.INSTANCE);
                        remote.send(VerackMessage.INSTANCE);
                    }
                    case PingMessage p -> remote.send(new PongMessage(p.nonce()));
                    case GetHeadersMessage g -> {
                        getHeaders.add(g);
                        if (hold && !stall) {
                            held.add(g);
                        } else if (!stall) {
                            reply(g);
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the pipe closed
        }
    }

    private void reply(GetHeadersMessage g) throws Exception {
        remote.send(new HeadersMessage(tamper.apply(answer(g))));
    }

    private List<BlockHeader> answer(GetHeadersMessage g) {
        int from = 0;
        synchronized (index) {
            for (Hash256 h : g.locator()) {
                Integer i = index.get(h);
                if (i != null) {
                    from = i + 1;
                    break;
                }
            }
            return new ArrayList<>(headers.subList(Math.min(from, headers.size()),
                    Math.min(from + HeadersMessage.MAX_HEADERS, headers.size())));
        }
    }

    @Override
    public void close() throws Exception {
        loop.interrupt();
        peer.disconnect("test over");
        remote.close();
    }
}
