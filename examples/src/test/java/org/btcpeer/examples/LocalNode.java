package org.btcpeer.examples;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.examples.node.ServeNode;
import org.btcpeer.examples.sync.ClientSession;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.NetworkParameters;

/**
 * A {@link ServeNode} on 127.0.0.1 with an ephemeral port for tests, with its own runtime (a
 * separate node, as another process would be) and its event lines collected.
 */
public final class LocalNode implements AutoCloseable {

    /** Chains by size, generated once per test JVM. */
    private static final java.util.Map<Integer, MemoryChain> CHAINS = new java.util.concurrent.ConcurrentHashMap<>();

    private final ServeNode node;
    private final List<String> events = new CopyOnWriteArrayList<>();

    private LocalNode(int blocks) throws Exception {
        MemoryChain chain = CHAINS.computeIfAbsent(blocks, n -> RegtestChainGenerator.withSeed(1).generate(n));
        node = ServeNode.start(chain, "127.0.0.1", 0, TransportOption.V1, PeerRuntime.create(), events::add);
    }

    /**
     * Starts a node.
     *
     * @param blocks the chain length
     * @return the node
     * @throws Exception if it cannot listen
     */
    public static LocalNode start(int blocks) throws Exception {
        return new LocalNode(blocks);
    }

    /** The node. */
    public ServeNode node() {
        return node;
    }

    /** Its chain. */
    public MemoryChain chain() {
        return node.chain();
    }

    /** Its address. */
    public HostPort address() {
        return new HostPort("127.0.0.1", node.port());
    }

    /** The event lines so far. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /**
     * A client session to it, with a fresh runtime.
     *
     * @return the session
     * @throws Exception if it fails
     */
    public ClientSession connect() throws Exception {
        return ClientSession.connect(address(), NetworkParameters.REGTEST, TransportOption.V1, Duration.ofSeconds(10),
                PeerRuntime.create());
    }

    /**
     * A client session to it whose peer also carries {@code listeners} (e.g. a HeaderSync's).
     *
     * @param listeners more listeners
     * @return the session
     * @throws Exception if it fails
     */
    public ClientSession connect(org.btcpeer.peer.PeerListeners listeners) throws Exception {
        return ClientSession.connect(address(), NetworkParameters.REGTEST, TransportOption.V1, java.util.Optional.empty(),
                Duration.ofSeconds(10), PeerRuntime.create(), java.util.function.UnaryOperator.identity(), listeners);
    }

    @Override
    public void close() {
        node.close();
    }
}
