package org.btcpeer.examples.sync;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import org.btcpeer.examples.Connections;
import org.btcpeer.examples.Handshakes;
import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerDisconnect;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.UserAgent;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;

/**
 * An outbound peer that has completed its handshake, with an {@link Inbox} for the answers a
 * client waits for. Opened with {@link #connect}; closing it disconnects the peer.
 */
public final class ClientSession implements AutoCloseable {

    /** The user agent of the CLI's outbound peers. */
    public static final String USER_AGENT = UserAgent.of("btcpeer-cli", UserAgent.LIBRARY_VERSION, List.of());

    private final Peer peer;
    private final Inbox inbox;
    private final HostPort target;
    private final Duration timeout;

    private ClientSession(Peer peer, Inbox inbox, HostPort target, Duration timeout) {
        this.peer = peer;
        this.inbox = inbox;
        this.target = target;
        this.timeout = timeout;
    }

    /**
     * Connects (through {@link Connections#dial}), starts an outbound peer and waits for its
     * handshake.
     *
     * @param target    host and port
     * @param network   the network
     * @param transport the transport choice
     * @param proxy     a proxy, if any
     * @param timeout   the limit for the TCP connect and for the handshake
     * @param runtime   the peer runtime
     * @param configure changes to the peer configuration (trickle interval, timeouts, ...); it must
     *                  not replace the listeners, which feed the session's {@link Inbox}
     * @return the session, handshake complete
     * @throws IOException          if the connection fails
     * @throws TransportException   if the transport handshake fails
     * @throws SyncException        if the version handshake fails; the message says why
     * @throws InterruptedException if interrupted
     */
    public static ClientSession connect(HostPort target, NetworkParameters network, TransportOption transport,
                                        Optional<HostPort> proxy, Duration timeout, PeerRuntime runtime,
                                        UnaryOperator<PeerConfig.Builder> configure)
            throws IOException, TransportException, SyncException, InterruptedException {
        return connect(target, network, transport, proxy, timeout, runtime, configure, PeerListeners.NONE);
    }

    /**
     * Connects as {@link #connect(HostPort, NetworkParameters, TransportOption, Optional, Duration,
     * PeerRuntime, UnaryOperator)} with more listeners, e.g. a library {@code HeaderSync}'s.
     *
     * @param target    host and port
     * @param network   the network
     * @param transport the transport choice
     * @param proxy     a proxy, if any
     * @param timeout   the limit for the TCP connect and for the handshake
     * @param runtime   the peer runtime
     * @param configure changes to the peer configuration, not to its listeners
     * @param extra     listeners that run after the session's inbox
     * @return the session, handshake complete
     * @throws IOException          if the connection fails
     * @throws TransportException   if the transport handshake fails
     * @throws SyncException        if the version handshake fails; the message says why
     * @throws InterruptedException if interrupted
     */
    public static ClientSession connect(HostPort target, NetworkParameters network, TransportOption transport,
                                        Optional<HostPort> proxy, Duration timeout, PeerRuntime runtime,
                                        UnaryOperator<PeerConfig.Builder> configure, PeerListeners extra)
            throws IOException, TransportException, SyncException, InterruptedException {
        Objects.requireNonNull(target, "target");
        TransportConnection connection = Connections.dial(target, network, transport, proxy, timeout);
        Inbox inbox = new Inbox();
        PeerConfig config = configure.apply(PeerConfig.builder()
                .network(network)
                .userAgent(USER_AGENT)
                .transportPolicy(transport.policy())
                .handshakeTimeout(timeout)
                .listeners(inbox.register(PeerListeners.builder()).include(extra).build())).build();
        Peer peer = Peer.outbound(connection, config, runtime);
        Optional<String> failure = Handshakes.await(peer, target, network, timeout);
        if (failure.isPresent()) {
            throw new SyncException(failure.get());
        }
        return new ClientSession(peer, inbox, target, timeout);
    }

    /**
     * Connects with the default peer configuration.
     *
     * @param target    host and port
     * @param network   the network
     * @param transport the transport choice
     * @param timeout   the limit for the TCP connect and for the handshake
     * @param runtime   the peer runtime
     * @return the session
     * @throws IOException          if the connection fails
     * @throws TransportException   if the transport handshake fails
     * @throws SyncException        if the version handshake fails
     * @throws InterruptedException if interrupted
     */
    public static ClientSession connect(HostPort target, NetworkParameters network, TransportOption transport,
                                        Duration timeout, PeerRuntime runtime)
            throws IOException, TransportException, SyncException, InterruptedException {
        return connect(target, network, transport, Optional.empty(), timeout, runtime, UnaryOperator.identity());
    }

    /** The peer. */
    public Peer peer() {
        return peer;
    }

    /** The answers received and not yet consumed. */
    public Inbox inbox() {
        return inbox;
    }

    /** Where the session is connected. */
    public HostPort target() {
        return target;
    }

    /** The limit for each awaited answer. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Sends a ping with a fresh nonce and waits for the matching pong; other answers that arrive
     * meanwhile are dropped.
     *
     * @return the round trip time
     * @throws SyncException        if no pong came in time, or the peer went away
     * @throws InterruptedException if interrupted
     */
    public Duration ping() throws SyncException, InterruptedException {
        long nonce;
        do {
            nonce = ThreadLocalRandom.current().nextLong();
        } while (nonce == 0);
        long start = System.nanoTime();
        peer.send(new PingMessage(nonce));
        long deadline = start + timeout.toNanos();
        while (true) {
            Message m = inbox.next(peer, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), "pong");
            if (m instanceof PongMessage pong && pong.nonce() == nonce) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
    }

    /**
     * Describes how a peer ended, waiting briefly for its threads to finish.
     *
     * @param peer a disconnected or disconnecting peer
     * @return the reason and detail
     */
    static String disconnectDetail(Peer peer) {
        try {
            PeerDisconnect d = peer.awaitDisconnect(Duration.ofSeconds(1));
            return d.toString();
        } catch (TimeoutException e) {
            return "disconnecting";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "disconnecting";
        }
    }

    /** Disconnects the peer and waits briefly until it has ended. */
    @Override
    public void close() {
        peer.disconnect("client done");
        try {
            peer.awaitDisconnect(Duration.ofSeconds(2));
        } catch (TimeoutException ignored) {
            // its threads end on their own once the socket is closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
