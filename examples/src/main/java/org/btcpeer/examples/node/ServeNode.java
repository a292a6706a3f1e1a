package org.btcpeer.examples.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.btcpeer.chain.filter.FilterIndex;
import org.btcpeer.chain.filter.FilterReply;
import org.btcpeer.chain.filter.FilterRequests;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.UserAgent;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.message.AddrMessage;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.GetAddrMessage;
import org.btcpeer.wire.message.GetCFCheckptMessage;
import org.btcpeer.wire.message.GetCFHeadersMessage;
import org.btcpeer.wire.message.GetCFiltersMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.GetHeadersMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small serving node: it holds a {@link MemoryChain}, listens on a local address and answers
 * every inbound peer the way a pruned-nothing Core node would for the chain it has:
 *
 * <ul>
 *   <li><b>getheaders</b>: up to 2,000 headers after the first locator hash on the chain (genesis
 *       if none), ending at the stop hash (Core's {@code ProcessGetHeaders});</li>
 *   <li><b>getdata</b>: {@code MSG_WITNESS_BLOCK} gets the block as it is, {@code MSG_BLOCK} gets
 *       it without witness data (BIP-144; the generated blocks have none, so both are the same
 *       bytes); anything unknown is named in one {@code notfound};</li>
 *   <li><b>getaddr</b>: one addr with the node's own address (none if it listens on a wildcard
 *       address) and the addresses given to {@link #addKnownAddress} (so a crawler can walk a
 *       network of local nodes);</li>
 *   <li><b>getcfilters, getcfheaders, getcfcheckpt</b> (BIP-157): answered from the basic filters
 *       built for the whole chain at start ({@link FilterIndex}, {@link FilterRequests}: Core's
 *       rules and caps; a request Core would refuse disconnects the peer);</li>
 *   <li><b>ping</b>: answered by the {@link Peer} itself;</li>
 *   <li>after the handshake it announces its tip ({@link Peer#announceBlock}: headers or inv).</li>
 * </ul>
 *
 * Received inventory is recorded ({@link #receivedInventory()}) so a client can check its
 * announcements arrived. Each peer event is one line to the event sink (the log by default);
 * a peer's request lines are rate-limited (20 at once, then 1 a second; the rest counted and
 * reported with its next line and at its disconnect), so a flooding peer cannot flood the log.
 * Runs until {@link #close()}.
 */
public final class ServeNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServeNode.class);

    /**
     * The services the node advertises: it serves full blocks, witness-serialized when asked, and
     * BIP-157 basic filters ({@code NODE_COMPACT_FILTERS}).
     */
    public static final ServiceFlags SERVICES = ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS
            | ServiceFlags.NODE_COMPACT_FILTERS);

    /** The node's user agent. */
    public static final String USER_AGENT = UserAgent.of("btcpeer-serve", UserAgent.LIBRARY_VERSION, List.of());

    private final MemoryChain chain;
    private final FilterIndex filters;
    private final FilterRequests filterRequests;
    private final Consumer<String> events;
    private final PeerEventLimiter limiter;
    private final List<InventoryVector> received = new CopyOnWriteArrayList<>();
    private final List<NetAddress> known = new CopyOnWriteArrayList<>();
    private final ReentrantLock receivedLock = new ReentrantLock();
    private final Condition receivedMore = receivedLock.newCondition();
    private volatile InboundServer server;

    private ServeNode(MemoryChain chain, Consumer<String> events, PeerRuntime runtime) {
        this.chain = chain;
        this.limiter = new PeerEventLimiter(events, runtime.time());
        this.filters = FilterIndex.of(chain.blocks());
        this.filterRequests = new FilterRequests(filters);
        this.events = events;
    }

    /**
     * Starts a node on {@code bind:port} with the default event sink (an INFO log line per event).
     *
     * @param chain     the chain to serve
     * @param bind      the listen address, e.g. {@code 127.0.0.1}
     * @param port      the port, 0 for an ephemeral one
     * @param transport the transport to negotiate with peers
     * @param runtime   the peers' runtime
     * @return the running node
     * @throws IOException if it cannot listen
     */
    public static ServeNode start(MemoryChain chain, String bind, int port, TransportOption transport,
                                  PeerRuntime runtime) throws IOException {
        return start(chain, bind, port, transport, runtime, line -> log.info(line));
    }

    /**
     * Starts a node on {@code bind:port}.
     *
     * @param chain     the chain to serve
     * @param bind      the listen address, e.g. {@code 127.0.0.1}
     * @param port      the port, 0 for an ephemeral one
     * @param transport the transport to negotiate with peers
     * @param runtime   the peers' runtime
     * @param events    receives one line per peer event
     * @return the running node
     * @throws IOException if it cannot listen
     */
    public static ServeNode start(MemoryChain chain, String bind, int port, TransportOption transport,
                                  PeerRuntime runtime, Consumer<String> events) throws IOException {
        return start(chain, bind, port, transport, runtime, InboundOptions.DEFAULT, events);
    }

    /**
     * Starts a node on {@code bind:port} with a ban file, a whitelist and an inbound limit, and the
     * default event sink (an INFO log line per event, each peer's rate-limited).
     *
     * @param chain     the chain to serve
     * @param bind      the listen address
     * @param port      the port, 0 for an ephemeral one
     * @param transport the transport to negotiate with peers
     * @param runtime   the peers' runtime
     * @param options   ban file, whitelist, inbound limit
     * @return the running node
     * @throws IOException if it cannot listen
     */
    public static ServeNode start(MemoryChain chain, String bind, int port, TransportOption transport,
                                  PeerRuntime runtime, InboundOptions options) throws IOException {
        return start(chain, bind, port, transport, runtime, options, line -> log.info(line));
    }

    /**
     * Starts a node on {@code bind:port} with a ban file, a whitelist and an inbound limit.
     *
     * @param chain     the chain to serve
     * @param bind      the listen address, e.g. {@code 127.0.0.1}
     * @param port      the port, 0 for an ephemeral one
     * @param transport the transport to negotiate with peers
     * @param runtime   the peers' runtime
     * @param options   ban file, whitelist, inbound limit
     * @param events    receives the peer event lines (each peer's rate-limited)
     * @return the running node
     * @throws IOException if it cannot listen
     */
    public static ServeNode start(MemoryChain chain, String bind, int port, TransportOption transport,
                                  PeerRuntime runtime, InboundOptions options, Consumer<String> events) throws IOException {
        ServeNode node = new ServeNode(Objects.requireNonNull(chain, "chain"), Objects.requireNonNull(events, "events"),
                runtime);
        PeerConfig config = PeerConfig.builder()
                .network(chain.network())
                .userAgent(USER_AGENT)
                .services(SERVICES)
                .startHeight(chain::height)
                .sendQueueLimitBytes(16_000_000)
                .listeners(node.listeners())
                .build();
        node.server = InboundServer.start(bind, port, transport, config, runtime, options, node::onPeer, events);
        return node;
    }

    /** The chain being served. */
    public MemoryChain chain() {
        return chain;
    }

    /** The basic filters of the chain, built at start. */
    public FilterIndex filters() {
        return filters;
    }

    /** The listening address. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** The listening socket and its acceptor (counters, defences). */
    InboundServer server() {
        return server;
    }

    /** The listening port. */
    public int port() {
        return server.port();
    }

    /** The peers connected now. */
    public List<Peer> peers() {
        return server.peers();
    }

    /** Completes once the node is closed. */
    public CompletableFuture<Void> closed() {
        return server.closed();
    }

    /**
     * Adds an address the node tells peers about in its getaddr answers.
     *
     * @param address another node's address
     */
    public void addKnownAddress(InetSocketAddress address) {
        known.add(NetAddress.of(address));
    }

    /** Every inventory vector received in inv messages so far, in arrival order. */
    public List<InventoryVector> receivedInventory() {
        return List.copyOf(received);
    }

    /**
     * Waits until at least {@code count} inventory vectors have been received.
     *
     * @param count   how many
     * @param timeout how long to wait at most
     * @return whether they arrived in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitInventory(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        receivedLock.lock();
        try {
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                receivedMore.awaitNanos(left);
            }
            return true;
        } finally {
            receivedLock.unlock();
        }
    }

    private void onPeer(Peer peer) {
        // Lines start once the version handshake is done: a flood of connections that never finish one
        // (evicted or timed out) is summed up by the acceptor's summary line instead of two lines each.
        peer.handshake().thenAccept(p -> {
            events.accept(peer + " connected (" + peer.connection().version() + ")");
            events.accept(p + " handshake done: " + p.remoteVersion().map(v -> v.userAgent() + " version " + v.version()
                    + " height " + v.startHeight()).orElse("?"));
            if (chain.height() > 0) {
                p.announceBlock(chain.tip().header());
            }
        });
        peer.disconnected().thenAccept(d -> {
            limiter.forget(peer);
            if (peer.handshake().isDone() && !peer.handshake().isCompletedExceptionally()) {
                events.accept(peer + " disconnected: " + d);
            } else {
                log.debug("{} disconnected before its handshake completed: {}", peer, d);
            }
        });
    }

    private PeerListeners listeners() {
        return PeerListeners.builder()
                .on(GetHeadersMessage.class, this::onGetHeaders)
                .on(GetDataMessage.class, this::onGetData)
                .on(GetAddrMessage.class, (peer, m) -> onGetAddr(peer))
                .on(InvMessage.class, this::onInv)
                .on(GetCFiltersMessage.class, (peer, m) -> reply(peer, m.commandName(), filterRequests.answer(m)))
                .on(GetCFHeadersMessage.class, (peer, m) -> reply(peer, m.commandName(), filterRequests.answer(m)))
                .on(GetCFCheckptMessage.class, (peer, m) -> reply(peer, m.commandName(), filterRequests.answer(m)))
                .build();
    }

    private void onGetHeaders(Peer peer, GetHeadersMessage m) {
        List<BlockHeader> headers = chain.headersAfter(m.locator(), m.stopHash(), MemoryChain.MAX_HEADERS_RESULTS);
        limiter.say(peer, peer + " getheaders (locator " + m.locator().size() + ", fork at "
                + chain.forkHeight(m.locator()) + ") -> " + headers.size() + " headers");
        send(peer, new HeadersMessage(headers));
    }

    private void onGetData(Peer peer, GetDataMessage m) {
        List<InventoryVector> missing = new ArrayList<>();
        int sent = 0;
        for (InventoryVector item : m.items()) {
            boolean fullBlock = item.type() == InventoryVector.MSG_BLOCK || item.type() == InventoryVector.MSG_WITNESS_BLOCK;
            java.util.Optional<Block> block = fullBlock ? chain.block(item.hash()) : java.util.Optional.empty();
            if (block.isPresent()) {
                Block b = item.type() == InventoryVector.MSG_BLOCK ? withoutWitness(block.get()) : block.get();
                send(peer, new BlockMessage(b));
                sent++;
            } else {
                missing.add(item);
            }
        }
        if (!missing.isEmpty()) {
            send(peer, new NotFoundMessage(missing));
        }
        limiter.say(peer, peer + " getdata " + m.items().size() + " -> " + sent + " blocks, " + missing.size() + " notfound");
    }

    /** The block as a peer that did not ask for witnesses must see it (BIP-144): every transaction stripped. */
    static Block withoutWitness(Block block) {
        if (block.transactions().stream().noneMatch(org.btcpeer.wire.chain.Transaction::hasWitness)) {
            return block;
        }
        List<org.btcpeer.wire.chain.Transaction> stripped = new ArrayList<>(block.transactions().size());
        for (org.btcpeer.wire.chain.Transaction tx : block.transactions()) {
            stripped.add(new org.btcpeer.wire.chain.Transaction(tx.version(),
                    tx.inputs().stream().map(in -> in.withWitness(org.btcpeer.wire.chain.Witness.EMPTY)).toList(),
                    tx.outputs(), tx.lockTime()));
        }
        return new Block(block.header(), stripped);
    }

    private void reply(Peer peer, String command, FilterReply reply) {
        switch (reply) {
            case FilterReply.Send s -> {
                s.messages().forEach(m -> send(peer, m));
                limiter.say(peer, peer + " " + command + " -> " + s.messages().size() + " " + s.messages().getFirst().commandName());
            }
            case FilterReply.Disconnect d -> {
                events.accept(peer + " " + command + " refused, disconnecting: " + d.reason());
                peer.disconnect(d.reason());
            }
        }
    }

    private void onGetAddr(Peer peer) {
        InetSocketAddress self = server.address();
        long now = System.currentTimeMillis() / 1000;
        List<AddressRecord> answer = new ArrayList<>();
        if (!self.getAddress().isAnyLocalAddress()) {
            // our version's services: NODE_P2P_V2 too when v2 is offered
            answer.add(new AddressRecord(now, peer.config().advertisedServices(), NetAddress.of(self)));
        }
        for (NetAddress a : known) {
            answer.add(new AddressRecord(now, SERVICES, a));
        }
        if (answer.isEmpty()) {
            send(peer, new AddrMessage(List.of()));
            limiter.say(peer, peer + " getaddr -> empty addr");
            return;
        }
        peer.pushAddresses(answer);
        limiter.say(peer, peer + " getaddr -> " + answer.stream().map(r -> r.address().toString()).toList());
    }

    private void onInv(Peer peer, InvMessage m) {
        limiter.say(peer, peer + " " + MessageSummary.of(m)); // first, so a waiter woken below sees the line
        receivedLock.lock();
        try {
            received.addAll(m.items());
            receivedMore.signalAll();
        } finally {
            receivedLock.unlock();
        }
    }

    private void send(Peer peer, Message m) {
        peer.send(m).exceptionally(e -> {
            limiter.say(peer, peer + " could not send " + m.commandName() + ": " + e.getMessage());
            return null;
        });
    }

    /** Stops listening and disconnects every peer. Idempotent. */
    @Override
    public void close() {
        server.close();
    }

    /**
     * Waits until the node is closed.
     *
     * @param timeout how long at most
     * @return whether it closed in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitClose(Duration timeout) throws InterruptedException {
        try {
            server.closed().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
