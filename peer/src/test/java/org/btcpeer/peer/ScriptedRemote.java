package org.btcpeer.peer;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.VersionMessage;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The far end of a pipe, driven by a test message by message: it sends exactly what the test says
 * and records what it receives, so hostile sequences are explicit.
 */
public final class ScriptedRemote implements AutoCloseable {

    private final TransportConnection connection;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final Thread reader;

    public ScriptedRemote(TransportConnection connection) {
        this.connection = connection;
        this.reader = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    received.add(connection.reader().read().message());
                }
            } catch (IOException | TransportException ignored) {
                // closed
            }
        });
    }

    public void send(Message m) throws IOException {
        connection.writer().write(m);
    }

    /** The next message the peer sent, waiting up to 5 s. */
    public Message next() throws InterruptedException {
        Message m = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(m, "expected a message from the peer");
        return m;
    }

    /** The next message of type {@code type}, skipping others. */
    <M extends Message> M next(Class<M> type) throws InterruptedException {
        while (true) {
            Message m = next();
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
    }

    /** A message if one arrives within {@code wait}, else null. */
    public Message poll(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Every message the peer sent before it closed the connection, waiting up to 5 s for the close:
     * for negative checks, where the close (e.g. {@link Peer#disconnectAfterFlush}) comes after
     * anything the check looks for.
     */
    public java.util.List<Message> untilClosed() throws InterruptedException {
        assertTrue(reader.join(Duration.ofSeconds(5)), "expected the peer to close the connection");
        return java.util.List.copyOf(received);
    }

    public static VersionMessage version(int protocol, long nonce) {
        return version(protocol, nonce, ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS), true);
    }

    /** A version offering {@code services} with the relay flag {@code relay}. */
    public static VersionMessage version(int protocol, long nonce, ServiceFlags services, boolean relay) {
        return new VersionMessage(protocol, services,
                1_700_000_000L, ServiceFlags.NONE, NetAddress.UNSPECIFIED, ServiceFlags.NONE, NetAddress.UNSPECIFIED,
                nonce, "/Satoshi:27.0.0/", 850_000, relay);
    }

    /** Every message the peer sent until (and including) the next one of {@code type}. */
    public java.util.List<Message> until(Class<? extends Message> type) throws InterruptedException {
        java.util.List<Message> seen = new java.util.ArrayList<>();
        while (true) {
            Message m = next();
            seen.add(m);
            if (type.isInstance(m)) {
                return seen;
            }
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
        reader.interrupt();
    }
}
