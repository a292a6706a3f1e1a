package org.btcpeer.peer;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts inbound connections on one port and turns each into a running {@link Peer}: v1 and v2
 * are detected from the first bytes (per the configuration's transport policy). Each connection
 * is handshaken on its own virtual thread, within {@link InboundLimits}. Closing the acceptor stops
 * listening and disconnects its peers.
 */
public final class PeerAcceptor implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(PeerAcceptor.class);

    private final ServerSocket server;
    private final PeerConfig config;
    private final PeerRuntime runtime;
    private final InboundLimits limits;
    private final Consumer<Peer> onPeer;
    private final Set<Peer> peers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger handshaking = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failedHandshakes = new AtomicLong();
    private final ReentrantLock bucketLock = new ReentrantLock();
    private double tokens;
    private long lastRefillNanos;
    private volatile boolean closed;

    private PeerAcceptor(ServerSocket server, PeerConfig config, PeerRuntime runtime, InboundLimits limits,
                         Consumer<Peer> onPeer) {
        this.server = server;
        this.config = config;
        this.runtime = runtime;
        this.limits = limits;
        this.onPeer = onPeer;
        this.tokens = limits.handshakeBurst();
        this.lastRefillNanos = runtime.time().nanoTime();
    }

    /**
     * Listens on {@code bind} with the default limits.
     *
     * @param bind    the address to listen on (port 0 for an ephemeral port)
     * @param config  the configuration of accepted peers
     * @param runtime what the process's peers share
     * @param onPeer  called with each new peer right after it starts; its threads already run, so its
     *                handshake may be under way or even complete when this is called
     * @return the running acceptor
     * @throws IOException if the address cannot be bound
     */
    public static PeerAcceptor start(InetSocketAddress bind, PeerConfig config, PeerRuntime runtime,
                                     Consumer<Peer> onPeer) throws IOException {
        return start(bind, config, runtime, InboundLimits.DEFAULT, onPeer);
    }

    /**
     * Listens on {@code bind}.
     *
     * @param bind    the address to listen on
     * @param config  the configuration of accepted peers
     * @param runtime what the process's peers share
     * @param limits  admission limits
     * @param onPeer  called with each new peer
     * @return the running acceptor
     * @throws IOException if the address cannot be bound
     */
    public static PeerAcceptor start(InetSocketAddress bind, PeerConfig config, PeerRuntime runtime,
                                     InboundLimits limits, Consumer<Peer> onPeer) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(bind, 1024);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        PeerAcceptor a = new PeerAcceptor(server, Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(runtime, "runtime"), Objects.requireNonNull(limits, "limits"),
                Objects.requireNonNull(onPeer, "onPeer"));
        Thread.ofVirtual().name("btcpeer-acceptor-" + server.getLocalPort()).start(a::acceptLoop);
        return a;
    }

    /** The bound address (with the actual port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** The connected inbound peers. */
    public List<Peer> peers() {
        return List.copyOf(peers);
    }

    /** Connections closed at once because a limit was reached. */
    public long refusedCount() {
        return refused.get();
    }

    /** Connections whose transport handshake failed. */
    public long failedHandshakeCount() {
        return failedHandshakes.get();
    }

    /** Handshakes in progress now. */
    public int handshakesInProgress() {
        return handshaking.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("accept failed on {}: {}", localAddress(), e.toString());
                }
                return;
            }
            String why = admit();
            if (why != null) {
                refused.incrementAndGet();
                log.debug("refusing {}: {}", s.getRemoteSocketAddress(), why);
                closeQuietly(s);
                continue;
            }
            // One deadline from accept covers the transport handshake and the version handshake (Core's
            // m_peer_connect_timeout, counted from the connection's creation).
            HandshakeDeadline deadline = HandshakeDeadline.startingNow(runtime.time(), config.handshakeTimeout());
            Thread.ofVirtual().name("btcpeer-inbound-handshake").start(() -> handshake(s, deadline));
        }
    }

    /** Reserves a handshake slot, or says which limit refuses the connection. */
    private String admit() {
        if (peers.size() + handshaking.get() >= limits.maxInboundPeers()) {
            return "inbound peer limit " + limits.maxInboundPeers();
        }
        if (!takeToken()) {
            return "handshake rate limit " + limits.handshakesPerSecond() + "/s";
        }
        if (handshaking.incrementAndGet() > limits.maxConcurrentHandshakes()) {
            handshaking.decrementAndGet();
            return "concurrent handshake limit " + limits.maxConcurrentHandshakes();
        }
        return null;
    }

    private boolean takeToken() {
        bucketLock.lock();
        try {
            long now = runtime.time().nanoTime();
            tokens = Math.min(limits.handshakeBurst(), tokens + (now - lastRefillNanos) / 1e9 * limits.handshakesPerSecond());
            lastRefillNanos = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        } finally {
            bucketLock.unlock();
        }
    }

    private void handshake(Socket s, HandshakeDeadline deadline) {
        boolean handedOver = false;
        try {
            s.setTcpNoDelay(true);
            TransportConnection c = TransportHandshake.accept(s,
                    PeerConnector.transportConfig(config, deadline.remaining(runtime.time().nanoTime())));
            if (closed) {
                return;
            }
            Peer p = Peer.inbound(c, config, runtime, deadline);
            peers.add(p);
            handedOver = true;
            handshaking.decrementAndGet();
            p.disconnected().whenComplete((d, e) -> peers.remove(p));
            // From here the peer counts against maxInboundPeers; its version handshake has what is left of the deadline.
            onPeer.accept(p);
        } catch (IOException | TransportException e) {
            failedHandshakes.incrementAndGet();
            log.debug("inbound handshake from {} failed: {}", s.getRemoteSocketAddress(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("inbound peer callback failed", e);
        } finally {
            if (!handedOver) {
                handshaking.decrementAndGet();
                closeQuietly(s);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Stops listening and disconnects every peer accepted here. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Peer p : peers) {
            p.disconnect("acceptor closed");
        }
    }
}
