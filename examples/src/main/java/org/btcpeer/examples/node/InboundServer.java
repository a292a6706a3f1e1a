package org.btcpeer.examples.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.btcpeer.examples.Connections;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;

/**
 * A listening socket that turns every accepted connection into an inbound {@link Peer}: the
 * transport is negotiated through {@link Connections#accept} on a virtual thread per connection,
 * then {@link Peer#inbound} starts the peer with the given configuration. Closing the server stops
 * accepting and disconnects every peer.
 */
public final class InboundServer implements AutoCloseable {

    /** The most peers at once, as Core's {@code DEFAULT_MAX_PEER_CONNECTIONS}; more are refused at accept. */
    public static final int MAX_PEERS = 125;

    private final ServerSocket server;
    private final TransportOption transport;
    private final PeerConfig config;
    private final PeerRuntime runtime;
    private final Consumer<Peer> onPeer;
    private final Consumer<String> events;
    private final Set<Peer> peers = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Thread acceptThread;

    private InboundServer(ServerSocket server, TransportOption transport, PeerConfig config, PeerRuntime runtime,
                          Consumer<Peer> onPeer, Consumer<String> events) {
        this.server = server;
        this.transport = transport;
        this.config = config;
        this.runtime = runtime;
        this.onPeer = onPeer;
        this.events = events;
        this.acceptThread = Thread.ofVirtual().name("btcpeer-accept-" + server.getLocalPort()).unstarted(this::acceptLoop);
    }

    /**
     * Binds and starts accepting.
     *
     * @param bind      the address to listen on, e.g. {@code 127.0.0.1}
     * @param port      the port, 0 for an ephemeral one
     * @param transport the transport to negotiate with each peer
     * @param config    the configuration of every inbound peer (network, listeners, ...)
     * @param runtime   the peers' shared runtime
     * @param onPeer    called with each new peer, before it has read anything
     * @param events    receives one line per connection event
     * @return the running server
     * @throws IOException if the address cannot be bound, or the transport is not in this build
     */
    public static InboundServer start(String bind, int port, TransportOption transport, PeerConfig config,
                                      PeerRuntime runtime, Consumer<Peer> onPeer, Consumer<String> events)
            throws IOException {
        Connections.requireAvailable(transport);
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        InboundServer s = new InboundServer(server, Objects.requireNonNull(transport), Objects.requireNonNull(config),
                Objects.requireNonNull(runtime), Objects.requireNonNull(onPeer), Objects.requireNonNull(events));
        s.acceptThread.start();
        return s;
    }

    /** The bound address and port. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** The bound port. */
    public int port() {
        return server.getLocalPort();
    }

    /** The peers connected right now. */
    public List<Peer> peers() {
        return List.copyOf(peers);
    }

    /** Completes once the server is closed. */
    public CompletableFuture<Void> closed() {
        return closed.copy();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    events.accept("accept failed: " + e.getMessage());
                    pause(); // e.g. out of file descriptors: do not spin
                }
                continue;
            }
            if (peers.size() >= MAX_PEERS) {
                events.accept("refused " + socket.getRemoteSocketAddress() + ": " + MAX_PEERS + " peers already");
                closeQuietly(socket);
                continue;
            }
            Thread.ofVirtual().name("btcpeer-inbound-setup").start(() -> setUp(socket));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // refused anyway
        }
    }

    private void setUp(Socket socket) {
        String remote = String.valueOf(socket.getRemoteSocketAddress());
        TransportConnection connection;
        try {
            connection = Connections.accept(socket, config.network(), transport);
        } catch (IOException | TransportException e) {
            events.accept("connection from " + remote + " failed: " + e.getMessage());
            return;
        }
        if (server.isClosed()) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            return;
        }
        Peer peer = Peer.inbound(connection, config, runtime);
        peers.add(peer);
        peer.disconnected().whenComplete((d, e) -> peers.remove(peer));
        onPeer.accept(peer);
    }

    /** Stops accepting and disconnects every peer. Idempotent. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // the socket is closed either way
        }
        for (Peer p : peers) {
            p.disconnect("server closing");
        }
        closed.complete(null);
    }
}
