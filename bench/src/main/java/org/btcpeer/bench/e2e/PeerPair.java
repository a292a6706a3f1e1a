package org.btcpeer.bench.e2e;

import org.btcpeer.bench.Table;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerAcceptor;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerConnector;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.SendQueueFullException;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.transport.TransportVersion;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.RawMessage;

/**
 * Two peers connected over a loopback socket through the whole stack: a server
 * ({@link PeerAcceptor}, its own {@link PeerRuntime}) and a client ({@link PeerConnector}, another
 * runtime), with default configuration apart from the network (regtest) and the transport policy.
 */
final class PeerPair implements AutoCloseable {

    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final PeerRuntime serverRuntime = PeerRuntime.create();
    private final PeerRuntime clientRuntime = PeerRuntime.create();
    private final Counter received = new Counter();
    private final BlockingQueue<Long> pongs = new LinkedBlockingQueue<>();
    private final PeerAcceptor acceptor;
    private final Peer client;

    /**
     * Connects the pair and waits for both version handshakes.
     *
     * @param version the transport the client insists on
     * @throws Exception if the connection fails
     */
    PeerPair(TransportVersion version) throws Exception {
        CompletableFuture<Peer> inbound = new CompletableFuture<>();
        PeerListeners serverListeners = PeerListeners.builder()
                .on(RawMessage.class, (p, m) -> received.add())
                .on(InvMessage.class, (p, m) -> received.add())
                .build();
        PeerListeners clientListeners = PeerListeners.builder()
                .on(PongMessage.class, (p, m) -> pongs.add(m.nonce()))
                .build();
        acceptor = PeerAcceptor.start(LOOPBACK, config(TransportPolicy.V2_PREFERRED, serverListeners), serverRuntime,
                inbound::complete);
        TransportPolicy policy = version == TransportVersion.V1 ? TransportPolicy.V1_ONLY : TransportPolicy.V2_REQUIRED;
        client = PeerConnector.connect(acceptor.localAddress(), config(policy, clientListeners), clientRuntime);
        client.handshake().get(30, TimeUnit.SECONDS);
        inbound.get(30, TimeUnit.SECONDS).handshake().get(30, TimeUnit.SECONDS);
        if (client.stats().transport() != version) {
            throw new IllegalStateException("expected " + version + ", negotiated " + client.stats().transport());
        }
    }

    private static PeerConfig config(TransportPolicy policy, PeerListeners listeners) {
        // -Dbench.sendQueueBytes=N overrides the send queue limit (default Core's 1 MB) to study its effect.
        long queue = Long.getLong("bench.sendQueueBytes", 1_000_000);
        return PeerConfig.builder().network(NetworkParameters.REGTEST).transportPolicy(policy).listeners(listeners)
                .services(org.btcpeer.wire.ServiceFlags.of(org.btcpeer.wire.ServiceFlags.NODE_NETWORK
                        | org.btcpeer.wire.ServiceFlags.NODE_WITNESS)) // what the dialing side requires by default
                .sendQueueLimitBytes(queue).build();
    }

    /**
     * Sends {@code count} copies of a message from the client, keeping its send queue full, and
     * waits until the server's listeners saw them all.
     *
     * @param message the message
     * @param count   how many
     * @return messages per second, from the first send to the last delivery, and the CPU used
     * @throws Exception on failure or after 120 s
     */
    Rate sendMany(Message message, int count) throws Exception {
        received.arm(count);
        long cpu = Table.processCpuNanos();
        long start = System.nanoTime();
        sendAll(client, message, count);
        long end = received.await(Duration.ofSeconds(120));
        return new Rate(count, end - start, Table.processCpuNanos() - cpu);
    }

    /**
     * Sends messages as fast as the bounded send queue takes them: when it refuses one, waits for
     * the older half of the outstanding sends to complete, then goes on.
     */
    static void sendAll(Peer peer, Message message, int count) {
        ArrayDeque<CompletableFuture<Void>> window = new ArrayDeque<>();
        int sent = 0;
        while (sent < count) {
            CompletableFuture<Void> f = peer.send(message);
            if (f.isCompletedExceptionally()) {
                Throwable cause = f.exceptionNow();
                if (!(cause instanceof SendQueueFullException)) {
                    throw new IllegalStateException("send failed", cause);
                }
                if (window.isEmpty()) {
                    Thread.onSpinWait(); // only the peer's own messages are queued
                    continue;
                }
                int drain = Math.max(1, window.size() / 2);
                for (int i = 0; i < drain; i++) {
                    window.pollFirst().join();
                }
                continue;
            }
            window.addLast(f);
            sent++;
            while (!window.isEmpty() && window.peekFirst().isDone()) {
                window.pollFirst();
            }
        }
    }

    /**
     * Round-trip times of pings answered by the server peer, one at a time.
     *
     * @param count how many
     * @return nanoseconds, one per ping
     * @throws InterruptedException if interrupted
     */
    long[] pingRtts(int count) throws InterruptedException {
        long[] rtt = new long[count];
        for (int i = 0; i < count; i++) {
            long nonce = 0x5eed_0000_0000L + i; // distinct from the peer's own (random) keep-alive nonces
            long start = System.nanoTime();
            client.send(new PingMessage(nonce));
            Long got;
            do {
                got = pongs.poll(10, TimeUnit.SECONDS);
                if (got == null) {
                    throw new IllegalStateException("no pong for ping " + i);
                }
            } while (got != nonce);
            rtt[i] = System.nanoTime() - start;
        }
        return rtt;
    }

    @Override
    public void close() throws IOException {
        client.disconnect("benchmark over");
        acceptor.close();
    }

    /** Counts deliveries on the server peer's reader thread (the only writer). */
    private static final class Counter {
        private volatile long count;
        private volatile long target = Long.MAX_VALUE;
        private volatile long doneNanos;
        private volatile CountDownLatch latch = new CountDownLatch(1);

        void arm(long n) {
            latch = new CountDownLatch(1);
            count = 0;
            target = n;
        }

        void add() { // one writer, the server peer's reader thread, so read-then-write is safe
            long c = count + 1;
            count = c;
            if (c == target) {
                doneNanos = System.nanoTime();
                latch.countDown();
            }
        }

        long await(Duration timeout) throws InterruptedException {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("only " + count + " of " + target + " messages arrived in " + timeout);
            }
            return doneNanos;
        }
    }
}
