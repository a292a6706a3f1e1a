package org.btcpeer.examples.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.btcpeer.examples.TransportOption;
import org.btcpeer.peer.InboundLimits;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerAcceptor;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.connect.NetGroup;
import org.btcpeer.peer.inbound.BanList;
import org.btcpeer.peer.inbound.Discouragement;
import org.btcpeer.peer.inbound.InboundDefences;

/**
 * The examples' listening socket: the library's {@link PeerAcceptor} (v1 and v2 detected on one
 * port, admission limits, eviction, discouragement, bans, whitelist) with the command-line
 * transport option and {@link InboundOptions}, and a line per refused or failed connection count
 * at close. The acceptor itself logs a one-line summary a minute while connections are refused or evicted.
 */
public final class InboundServer implements AutoCloseable {

    /** At most this many inbound peers (Core's default of 125 connections). */
    public static final int MAX_PEERS = 125;

    private final PeerAcceptor acceptor;
    private final Consumer<String> events;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private InboundServer(PeerAcceptor acceptor, Consumer<String> events) {
        this.acceptor = acceptor;
        this.events = events;
    }

    /**
     * Binds and starts accepting.
     *
     * @param bind      the address to bind (a host name or literal)
     * @param port      the port, 0 for an ephemeral one
     * @param transport the transport to negotiate with each peer
     * @param config    the configuration of every inbound peer (network, listeners, ...)
     * @param runtime   the peers' shared runtime
     * @param onPeer    called with each new peer, before it has read anything
     * @param events    receives one line per connection event
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static InboundServer start(String bind, int port, TransportOption transport, PeerConfig config,
                                      PeerRuntime runtime, Consumer<Peer> onPeer, Consumer<String> events)
            throws IOException {
        return start(bind, port, transport, config, runtime, InboundOptions.DEFAULT, onPeer, events);
    }

    /**
     * Binds and starts accepting with a ban file, a whitelist and an inbound limit.
     *
     * @param bind      the address to bind (a host name or literal)
     * @param port      the port, 0 for an ephemeral one
     * @param transport the transport to negotiate with each peer
     * @param config    the configuration of every inbound peer (network, listeners, ...)
     * @param runtime   the peers' shared runtime
     * @param options   ban file, whitelist, inbound limit
     * @param onPeer    called with each new peer, before it has read anything
     * @param events    receives one line per connection event (and one if the ban file was corrupt)
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static InboundServer start(String bind, int port, TransportOption transport, PeerConfig config,
                                      PeerRuntime runtime, InboundOptions options, Consumer<Peer> onPeer,
                                      Consumer<String> events) throws IOException {
        Objects.requireNonNull(transport, "transport");
        PeerConfig withPolicy = config.toBuilder().transportPolicy(transport.policy()).build();
        InboundLimits limits = new InboundLimits(options.maxInbound(), InboundLimits.DEFAULT.maxConcurrentHandshakes(),
                InboundLimits.DEFAULT.handshakesPerSecond(), InboundLimits.DEFAULT.handshakeBurst());
        BanList bans = options.banFile().map(f -> BanList.persistent(f, InstantSource.system()))
                .orElseGet(() -> BanList.inMemory(InstantSource.system()));
        bans.loadProblem().ifPresent(why -> events.accept("ban file " + options.banFile().get()
                + " ignored (moved to .corrupt): " + why));
        InboundDefences defences = new InboundDefences(new Discouragement(false, new SecureRandom()), bans,
                options.whitelist());
        try {
            PeerAcceptor acceptor = PeerAcceptor.start(new InetSocketAddress(InetAddress.getByName(bind), port),
                    withPolicy, runtime, limits, NetGroup.core(), defences, Objects.requireNonNull(onPeer, "onPeer"));
            return new InboundServer(acceptor, Objects.requireNonNull(events, "events"));
        } catch (IOException e) {
            throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The bound address and port. */
    public InetSocketAddress address() {
        return acceptor.localAddress();
    }

    /** The acceptor, for its counters and its discouragement set. */
    public PeerAcceptor acceptor() {
        return acceptor;
    }

    /** The bound port. */
    public int port() {
        return acceptor.localAddress().getPort();
    }

    /** The peers connected right now. */
    public List<Peer> peers() {
        return acceptor.peers();
    }

    /** Connections refused so far because an inbound limit was reached. */
    public long refusedCount() {
        return acceptor.refusedCount();
    }

    /** Completes once the server is closed. */
    public CompletableFuture<Void> closed() {
        return closed.copy();
    }

    /** Stops accepting and disconnects every peer. Idempotent. */
    @Override
    public void close() {
        if (closed.isDone()) {
            return;
        }
        acceptor.close();
        if (acceptor.refusedCount() > 0 || acceptor.evictedCount() > 0 || acceptor.failedHandshakeCount() > 0) {
            events.accept("closed: " + acceptor.refusedCount() + " connections refused (" + acceptor.bannedCount()
                    + " banned), " + acceptor.evictedCount() + " evicted, "
                    + acceptor.failedHandshakeCount() + " failed their transport handshake");
        }
        closed.complete(null);
    }
}
