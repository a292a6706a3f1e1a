package org.btcpeer.examples.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.btcpeer.chain.filter.FilterIndex;
import org.btcpeer.chain.filter.FilterReply;
import org.btcpeer.chain.filter.FilterRequests;
import org.btcpeer.chain.filter.SpentScripts;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.node.TransactionPool;
import org.btcpeer.node.compact.CompactBlockServer;
import org.btcpeer.node.compact.CompactMisbehaviour;
import org.btcpeer.node.compact.MisbehaviourReporter;
import org.btcpeer.node.relay.Broadcast;
import org.btcpeer.node.relay.Relay;
import org.btcpeer.node.relay.RelayPeers;
import org.btcpeer.node.serve.ChainServer;
import org.btcpeer.node.tip.TipAnnouncer;
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
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.AddrMessage;
import org.btcpeer.wire.message.GetAddrMessage;
import org.btcpeer.wire.message.GetCFCheckptMessage;
import org.btcpeer.wire.message.GetCFHeadersMessage;
import org.btcpeer.wire.message.GetCFiltersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small serving node: it holds a {@link MemoryChain}, listens on a local address and answers
 * every inbound peer the way a pruned-nothing Core node would for the chain it has. It is a thin
 * user of the node module's parts:
 *
 * <ul>
 *   <li>{@link ChainServer} answers getheaders, getblocks (with Core's continuation, which bitcoinj
 *       needs to sync), getdata for blocks, witness blocks and transactions, naming everything unknown in one notfound, and announces the tip after the
 *       handshake (BIP-130: headers or inv);</li>
 *   <li>{@link CompactBlockServer} answers getdata for compact blocks (a cmpctblock for the top
 *       {@value CompactBlockServer#MAX_CMPCTBLOCK_DEPTH} blocks, the full block below) and getblocktxn
 *       (top {@value CompactBlockServer#MAX_BLOCKTXN_DEPTH} blocks; an index past the block's end
 *       disconnects and discourages the peer, as Core's {@code Misbehaving}). A block added with
 *       {@link #addBlock} is pushed as a cmpctblock to the peers that asked for high-bandwidth mode;</li>
 *   <li>{@link Relay} announces transactions given to {@link #broadcast} to every suitable peer and
 *       keeps them for the getdata that follows;</li>
 *   <li><b>getaddr</b>: one addr with the node's own address (none if it listens on a wildcard
 *       address) and the addresses given to {@link #addKnownAddress} (so a crawler can walk a
 *       network of local nodes);</li>
 *   <li><b>getcfilters, getcfheaders, getcfcheckpt</b> (BIP-157): answered from the basic filters
 *       built for the whole chain at start and for each block added since ({@link FilterIndex},
 *       {@link FilterRequests}: Core's rules and caps; a request Core would refuse disconnects the peer);</li>
 *   <li><b>ping</b>: answered by the {@link Peer} itself.</li>
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
     * BIP-157 basic filters ({@code NODE_COMPACT_FILTERS}). Not {@code NODE_BLOOM}, as Core's default
     * since 0.19: see {@link #SERVICES_WITH_BLOOM}.
     */
    public static final ServiceFlags SERVICES = ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS
            | ServiceFlags.NODE_COMPACT_FILTERS);

    /** {@link #SERVICES} and {@code NODE_BLOOM}: filterload, filteradd, filterclear and filtered blocks (BIP-37, BIP-111). */
    public static final ServiceFlags SERVICES_WITH_BLOOM = ServiceFlags.of(SERVICES.bits() | ServiceFlags.NODE_BLOOM);

    /** The node's user agent. */
    public static final String USER_AGENT = UserAgent.of("btcpeer-serve", UserAgent.LIBRARY_VERSION, List.of());

    private volatile MemoryChain chain;
    private final ReentrantLock chainLock = new ReentrantLock();
    private final FilterIndex filters;
    /** The unspent outputs' scripts, for the filters of appended blocks; guarded by {@link #chainLock}. */
    private final SpentScripts spentScripts = new SpentScripts();
    private final FilterRequests filterRequests;
    private final Consumer<String> events;
    private final PeerEventLimiter limiter;
    private final List<InventoryVector> received = new CopyOnWriteArrayList<>();
    private final List<NetAddress> known = new CopyOnWriteArrayList<>();
    private final ReentrantLock receivedLock = new ReentrantLock();
    private final Condition receivedMore = receivedLock.newCondition();
    private final Relay relay;
    private final ChainServer chainServer;
    private final CompactBlockServer compactServer;
    private final TipAnnouncer tipAnnouncer;
    private volatile InboundServer server;

    private ServeNode(MemoryChain chain, Consumer<String> events, PeerRuntime runtime) {
        this.chain = chain;
        this.limiter = new PeerEventLimiter(events, runtime.time());
        this.filters = new FilterIndex();
        for (Block b : chain.blocks()) {
            filters.connect(b, spentScripts.connect(b));
        }
        this.filterRequests = new FilterRequests(filters);
        this.events = events;
        this.relay = Relay.of(RelayPeers.ofPeers(this::peers), (peer, header) -> chainServer().announceTip(peer, header),
                Relay.DEFAULT_RECENT_CAPACITY);
        this.chainServer = ChainServer.leavingCompactBlocks(new MemoryChainSource(this::chain),
                relay.servingPool(TransactionPool.empty()), r -> limiter.say(r.peer(), r.toString()));
        this.compactServer = new CompactBlockServer(new MemoryCompactBlockSource(this::chain), this::onMisbehaviour,
                new SplittableRandom());
        this.tipAnnouncer = new TipAnnouncer(RelayPeers.ofPeers(this::peers), chainServer, compactServer,
                () -> this.chain.tip().header());
    }

    private void onMisbehaviour(Peer peer, CompactMisbehaviour what, String detail) {
        events.accept(peer + " misbehaving, disconnecting: " + what.coreMessage() + ": " + detail);
        MisbehaviourReporter.discouragingVia(server.acceptor()).report(peer, what, detail);
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
        return start(chain, bind, port, transport, runtime, InboundOptions.DEFAULT, events, SERVICES);
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
        return start(chain, bind, port, transport, runtime, options, line -> log.info(line), SERVICES);
    }

    /**
     * Starts a node that advertises {@code services}: {@link #SERVICES_WITH_BLOOM} serves BIP-37
     * light wallets (bitcoinj's {@code PeerGroup} leaves peers without {@code NODE_BLOOM}).
     *
     * @param chain     the chain to serve
     * @param bind      the listen address, e.g. {@code 127.0.0.1}
     * @param port      the port, 0 for an ephemeral one
     * @param transport the transport to negotiate with peers
     * @param runtime   the peers' runtime
     * @param events    receives the peer event lines (each peer's rate-limited)
     * @param services  the services to advertise, {@link #SERVICES} or {@link #SERVICES_WITH_BLOOM}
     * @return the running node
     * @throws IOException if it cannot listen
     */
    public static ServeNode start(MemoryChain chain, String bind, int port, TransportOption transport,
                                  PeerRuntime runtime, Consumer<String> events, ServiceFlags services) throws IOException {
        return start(chain, bind, port, transport, runtime, InboundOptions.DEFAULT, events, services);
    }

    /**
     * Starts a node on {@code bind:port} with a ban file, a whitelist, an inbound limit and the
     * services it advertises.
     *
     * @param chain     the chain to serve
     * @param bind      the listen address, e.g. {@code 127.0.0.1}
     * @param port      the port, 0 for an ephemeral one
     * @param transport the transport to negotiate with peers
     * @param runtime   the peers' runtime
     * @param options   ban file, whitelist, inbound limit
     * @param events    receives the peer event lines (each peer's rate-limited)
     * @param services  the services to advertise, {@link #SERVICES} or {@link #SERVICES_WITH_BLOOM}
     * @return the running node
     * @throws IOException if it cannot listen
     */
    public static ServeNode start(MemoryChain chain, String bind, int port, TransportOption transport,
                                  PeerRuntime runtime, InboundOptions options, Consumer<String> events,
                                  ServiceFlags services) throws IOException {
        ServeNode node = new ServeNode(Objects.requireNonNull(chain, "chain"), Objects.requireNonNull(events, "events"),
                runtime);
        PeerConfig config = PeerConfig.builder()
                .network(chain.network())
                .userAgent(USER_AGENT)
                .services(services)
                .startHeight(() -> node.chain().height())
                .sendQueueLimitBytes(16_000_000)
                .listeners(node.listeners())
                .build();
        node.server = InboundServer.start(bind, port, transport, config, runtime, options, node::onPeer, events);
        return node;
    }

    /** The chain being served now. */
    public MemoryChain chain() {
        return chain;
    }

    /**
     * Makes {@code block} the new tip without announcing it (a test then announces it its own way).
     * Its basic filter and filter header are added first, as Core's block filter index follows
     * each connected block, so a peer that sees the new tip can fetch them.
     *
     * @param block a block whose parent is the tip
     * @throws IllegalArgumentException if it does not link to the tip, or spends an output the
     *                                  chain does not hold unspent (its filter cannot be built);
     *                                  the node is then unchanged
     */
    public void append(Block block) {
        chainLock.lock();
        try {
            MemoryChain longer = chain.with(block);
            filters.connect(block, spentScripts.connect(block));
            chain = longer;
        } finally {
            chainLock.unlock();
        }
    }

    /**
     * Makes {@code block} the new tip and announces it, as Core's {@code NewPoWValidBlock} and
     * {@code UpdatedBlockTip} do: a cmpctblock to every peer that asked for high-bandwidth mode
     * ({@code sendcmpct(1, 2)}), headers or an inv (BIP-130) to the others.
     *
     * @param block a block whose parent is the tip (not validated: the caller built it)
     * @return the peers that got the cmpctblock
     * @throws IllegalArgumentException if it does not link to the tip
     */
    public List<Peer> addBlock(Block block) {
        append(block);
        TipAnnouncer.Announced told = tipAnnouncer.announce(block);
        events.accept("new tip " + chain.heightOf(block.hash()).orElse(-1) + " " + block.hash() + ": cmpctblock to "
                + told.compactBlockTo().size() + " high-bandwidth peers, announced to " + told.announcedTo().size() + " others");
        return told.compactBlockTo();
    }

    /** What answers the peers' chain requests. */
    public ChainServer chainServer() {
        return chainServer;
    }

    /** What answers the peers' compact block requests (getdata {@code MSG_CMPCT_BLOCK}, getblocktxn). */
    public CompactBlockServer compactServer() {
        return compactServer;
    }

    /** What announces transactions and blocks to the peers. */
    public Relay relay() {
        return relay;
    }

    /**
     * Announces a transaction to every suitable peer and keeps it for their getdata.
     *
     * @param tx      the transaction
     * @param feeRate its fee rate in sat/kvB, or -1 if unknown
     * @return the broadcast, whose futures say when peers asked for it
     */
    public Broadcast broadcast(Transaction tx, long feeRate) {
        Broadcast b = relay.broadcast(tx, feeRate);
        events.accept("broadcast " + tx.txid() + " -> queued for " + b.announcedTo() + " peers");
        return b;
    }

    /** The basic filters of the chain: built at start, then extended by each appended block. */
    public FilterIndex filters() {
        return filters;
    }

    /** The listening address. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** The listening socket and its acceptor (counters, defences). */
    public InboundServer server() {
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
            MemoryChain now = chain;
            if (now.height() > 0) {
                chainServer.announceTip(p, now.tip().header());
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
                .include(chainServer.listeners())
                .include(compactServer.listeners())
                .include(relay.listeners())
                .on(GetAddrMessage.class, (peer, m) -> onGetAddr(peer))
                .on(InvMessage.class, this::onInv)
                .on(GetCFiltersMessage.class, (peer, m) -> reply(peer, m.commandName(), filterRequests.answer(m)))
                .on(GetCFHeadersMessage.class, (peer, m) -> reply(peer, m.commandName(), filterRequests.answer(m)))
                .on(GetCFCheckptMessage.class, (peer, m) -> reply(peer, m.commandName(), filterRequests.answer(m)))
                .build();
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
