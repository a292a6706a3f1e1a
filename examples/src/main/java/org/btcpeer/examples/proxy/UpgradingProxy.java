package org.btcpeer.examples.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.btcpeer.examples.Connections;
import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportVersion;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.Message;

/**
 * A v1-to-v2 upgrading proxy: legacy software that speaks only v1 connects to the listening port;
 * for each connection the proxy dials the upstream node (BIP-324 v2, falling back to v1 as Core
 * does) and relays every message both ways, unknown commands included. It works at the transport
 * level, not as a peer: the client's own version handshake passes through untouched.
 *
 * <p>Two virtual threads per session copy messages; when either direction ends, both connections
 * close. Messages are decoded and re-encoded, so the canonical form of each is what goes out.
 */
public final class UpgradingProxy implements AutoCloseable {

    /** One relayed client connection. */
    public static final class Session {
        private final TransportConnection downstream;
        private final TransportConnection upstream;
        private final AtomicLong toUpstream = new AtomicLong();
        private final AtomicLong toDownstream = new AtomicLong();

        Session(TransportConnection downstream, TransportConnection upstream) {
            this.downstream = downstream;
            this.upstream = upstream;
        }

        /** The transport negotiated with the upstream node. */
        public TransportVersion upstreamTransport() {
            return upstream.version();
        }

        /** The upstream v2 session id, if v2. */
        public Optional<String> upstreamSessionId() {
            return upstream.sessionIdHex();
        }

        /** Messages relayed from the client to the upstream node. */
        public long messagesToUpstream() {
            return toUpstream.get();
        }

        /** Messages relayed from the upstream node to the client. */
        public long messagesToDownstream() {
            return toDownstream.get();
        }

        void close() {
            closeQuietly(downstream);
            closeQuietly(upstream);
        }
    }

    private final ServerSocket server;
    private final HostPort upstreamAddress;
    private final NetworkParameters network;
    private final TransportOption upstreamTransport;
    private final Duration timeout;
    private final Consumer<String> events;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private UpgradingProxy(ServerSocket server, HostPort upstream, NetworkParameters network,
                           TransportOption upstreamTransport, Duration timeout, Consumer<String> events) {
        this.server = server;
        this.upstreamAddress = upstream;
        this.network = network;
        this.upstreamTransport = upstreamTransport;
        this.timeout = timeout;
        this.events = events;
    }

    /**
     * Listens for v1 clients and relays them to {@code upstream}.
     *
     * @param listen            the address to listen on
     * @param upstream          the node to relay to
     * @param network           the network of both sides
     * @param upstreamTransport how to reach the upstream node (normally v2-preferred)
     * @param timeout           connect and handshake timeout for the upstream connection
     * @param events            one line per session event
     * @return the running proxy
     * @throws IOException if the listen address cannot be bound
     */
    public static UpgradingProxy start(InetSocketAddress listen, HostPort upstream, NetworkParameters network,
                                       TransportOption upstreamTransport, Duration timeout, Consumer<String> events)
            throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(listen);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        UpgradingProxy p = new UpgradingProxy(server, upstream, network, upstreamTransport, timeout, events);
        Thread.ofVirtual().name("btcpeer-proxy-accept").start(p::acceptLoop);
        return p;
    }

    /** The listening port. */
    public int port() {
        return server.getLocalPort();
    }

    /** Sessions relaying now. */
    public List<Session> sessions() {
        return List.copyOf(sessions);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    events.accept("accept failed: " + e.getMessage());
                }
                return;
            }
            Thread.ofVirtual().name("btcpeer-proxy-session").start(() -> relay(client));
        }
    }

    private void relay(Socket client) {
        String from = String.valueOf(client.getRemoteSocketAddress());
        TransportConnection downstream;
        try {
            downstream = Connections.accept(client, network, TransportOption.V1); // closes the socket on failure
        } catch (IOException | TransportException e) {
            events.accept("client " + from + " failed: " + e.getMessage());
            return;
        }
        TransportConnection upstream;
        try {
            upstream = Connections.dial(upstreamAddress, network, upstreamTransport, Optional.empty(), timeout);
        } catch (IOException | TransportException e) {
            events.accept("client " + from + ": upstream " + upstreamAddress + " failed: " + e.getMessage());
            closeQuietly(downstream);
            return;
        }
        Session s = new Session(downstream, upstream);
        sessions.add(s);
        events.accept("client " + from + " relayed to " + upstreamAddress + " over "
                + upstream.version().toString()
                + upstream.sessionIdHex().map(id -> " (session " + id + ")").orElse(""));
        Thread up = Thread.ofVirtual().name("btcpeer-proxy-up").start(() -> pump(downstream, upstream, s.toUpstream, s));
        pump(upstream, downstream, s.toDownstream, s);
        try {
            up.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.remove(s);
        events.accept("client " + from + " closed: " + s.messagesToUpstream() + " messages up, "
                + s.messagesToDownstream() + " down");
    }

    /** Copies messages from one connection to the other until either fails; then closes both. */
    private static void pump(TransportConnection from, TransportConnection to, AtomicLong count, Session s) {
        try {
            while (true) {
                Message m = from.reader().read().message();
                to.writer().write(m);
                count.incrementAndGet();
            }
        } catch (EOFException closedByPeer) {
            // normal end of one direction
        } catch (IOException | TransportException e) {
            // a broken or hostile side ends the session
        } finally {
            s.close();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    /** Stops listening and closes every session. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Session s : sessions) {
            s.close();
        }
    }
}
