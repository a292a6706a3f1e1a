package org.btcpeer.peer.connect;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.btcpeer.peer.MessageArrival;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerDisconnectedException;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.SendQueueFullException;
import org.btcpeer.transport.dial.DialTarget;
import org.btcpeer.wire.message.Message;

/**
 * A {@link ConnectionManager} driven through two bounded queues, for applications that prefer one
 * loop over callbacks: {@link LoopCommand}s in (connect, disconnect, send to a peer id, shutdown)
 * and {@link ConnectionEvent}s out (connected, disconnected with the reason, a message from a peer
 * id, address failed, send rejected, stopped). Every method is safe from any thread; each either
 * blocks or takes a timeout.
 *
 * <p>A peer's {@link ConnectionEvent.Connected} comes before any of its messages: the handshake's
 * own messages are not reported. A message filter given at start (say
 * {@link #allExcept allExcept(PingMessage.class, PongMessage.class)}) keeps unwanted types out of
 * the queue; the template's own listeners still see every message.
 *
 * <p>Commands are carried out in order by one virtual thread. The events queue holds at most
 * {@code eventCapacity} events; when the consumer falls behind, <b>messages apply backpressure</b>
 * (the peer's reader waits, so the peer is not read and TCP slows the remote) and <b>lifecycle
 * events are never blocked</b>: they use a reserve of {@code eventCapacity / 8} slots and are dropped
 * and counted ({@link #droppedEvents()}) only if the whole queue is full. See {@code docs/connect.md}.
 *
 * <pre>
 * try (EventLoopHandle loop = EventLoopHandle.start(config, PeerRuntime.create())) {
 *     loop.submit(new LoopCommand.Connect(DialTarget.host("127.0.0.1", 18444)));
 *     while (true) {
 *         switch (loop.take()) {
 *             case ConnectionEvent.Connected c -&gt; loop.submit(new LoopCommand.Send(c.peer().id(), new PingMessage(1)));
 *             case ConnectionEvent.MessageReceived m -&gt; System.out.println(m.message());
 *             default -&gt; { }
 *         }
 *     }
 * }
 * </pre>
 */
public final class EventLoopHandle implements AutoCloseable {

    /** Default events queue capacity. */
    public static final int DEFAULT_EVENT_CAPACITY = 1024;
    /** Default commands queue capacity. */
    public static final int DEFAULT_COMMAND_CAPACITY = 256;

    private final EventQueue events;
    private final BlockingQueue<LoopCommand> commands;
    private final Predicate<? super Message> reported;
    private final AtomicBoolean shutdownSubmitted = new AtomicBoolean();
    private volatile ConnectionManager manager;
    private volatile Thread loop;

    private EventLoopHandle(int eventCapacity, int commandCapacity, Predicate<? super Message> reported) {
        this.reported = Objects.requireNonNull(reported, "reported");
        this.events = new EventQueue(eventCapacity, Math.max(1, eventCapacity / 8));
        this.commands = new ArrayBlockingQueue<>(commandCapacity);
    }

    /**
     * Starts a manager with default queue sizes.
     *
     * @param config  the manager's configuration (its peer template's listeners still run)
     * @param runtime what the process's peers share
     * @return the running handle
     * @throws IOException if the listen address cannot be bound
     */
    public static EventLoopHandle start(ConnectionManagerConfig config, PeerRuntime runtime) throws IOException {
        return start(config, runtime, DEFAULT_EVENT_CAPACITY, DEFAULT_COMMAND_CAPACITY);
    }

    /**
     * Starts a manager.
     *
     * @param config          the manager's configuration
     * @param runtime         what the process's peers share
     * @param eventCapacity   events held at most (at least 2)
     * @param commandCapacity commands held at most (at least 1)
     * @return the running handle
     * @throws IOException if the listen address cannot be bound
     */
    public static EventLoopHandle start(ConnectionManagerConfig config, PeerRuntime runtime, int eventCapacity,
                                        int commandCapacity) throws IOException {
        return start(config, runtime, eventCapacity, commandCapacity, message -> true);
    }

    /**
     * Starts a manager whose handle reports only the messages {@code reported} accepts.
     *
     * @param config          the manager's configuration
     * @param runtime         what the process's peers share
     * @param eventCapacity   events held at most (at least 2)
     * @param commandCapacity commands held at most (at least 1)
     * @param reported        which received messages become {@link ConnectionEvent.MessageReceived}
     * @return the running handle
     * @throws IOException if the listen address cannot be bound
     */
    public static EventLoopHandle start(ConnectionManagerConfig config, PeerRuntime runtime, int eventCapacity,
                                        int commandCapacity, Predicate<? super Message> reported) throws IOException {
        EventLoopHandle h = new EventLoopHandle(eventCapacity, commandCapacity, reported);
        PeerConfig template = config.peerConfig();
        PeerListeners listeners = PeerListeners.builder()
                .include(template.listeners())
                .onAny(h::onMessage)
                .build();
        h.manager = ConnectionManager.start(config.withPeerConfig(template.toBuilder().listeners(listeners).build()),
                runtime, h.events::offerLifecycle);
        h.loop = Thread.ofVirtual().name("btcpeer-event-loop").start(h::run);
        return h;
    }

    /**
     * A message filter for {@link #start(ConnectionManagerConfig, PeerRuntime, int, int, Predicate)}
     * that reports every message except those of the given types.
     *
     * @param types the message types to leave out, such as {@code PingMessage.class}
     * @return the filter
     */
    @SafeVarargs
    public static Predicate<Message> allExcept(Class<? extends Message>... types) {
        Set<Class<? extends Message>> left = Set.of(types);
        return message -> !left.contains(message.getClass());
    }

    private void onMessage(Peer peer, Message message) {
        // The handshake completes on this reader thread after the verack's listeners, and the
        // manager queues Connected from that completion: anything after it follows Connected.
        if (!peer.handshake().isDone() || !reported.test(message)) {
            return;
        }
        MessageArrival arrival = peer.lastArrival().orElseThrow(); // set by the reader before listeners run
        try {
            events.putMessage(new ConnectionEvent.MessageReceived(peer.id(), message, arrival.wireBytes(), arrival.receivedAt()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The manager behind the handle (address book, peers, counts). */
    public ConnectionManager manager() {
        return manager;
    }

    // ---------------------------------------------------------------- commands in

    /**
     * Queues a command, waiting while the commands queue is full.
     *
     * @param command the command
     * @throws InterruptedException  if interrupted while waiting
     * @throws IllegalStateException if shutdown was already submitted
     */
    public void submit(LoopCommand command) throws InterruptedException {
        accepting(command);
        commands.put(command);
    }

    /**
     * Queues a command, waiting at most {@code timeout} for room.
     *
     * @param command the command
     * @param timeout how long to wait
     * @return whether it was queued
     * @throws InterruptedException  if interrupted while waiting
     * @throws IllegalStateException if shutdown was already submitted
     */
    public boolean offer(LoopCommand command, Duration timeout) throws InterruptedException {
        accepting(command);
        boolean queued = commands.offer(command, timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (!queued && command instanceof LoopCommand.Shutdown) {
            shutdownSubmitted.set(false);
        }
        return queued;
    }

    private void accepting(LoopCommand command) {
        Objects.requireNonNull(command, "command");
        if (command instanceof LoopCommand.Shutdown ? !shutdownSubmitted.compareAndSet(false, true) : shutdownSubmitted.get()) {
            throw new IllegalStateException("the event loop is shutting down");
        }
    }

    // ---------------------------------------------------------------- events out

    /**
     * The next event, waiting for one.
     *
     * @return the event
     * @throws InterruptedException if interrupted
     */
    public ConnectionEvent take() throws InterruptedException {
        return events.take();
    }

    /**
     * The next event, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait
     * @return the event, or empty
     * @throws InterruptedException if interrupted
     */
    public Optional<ConnectionEvent> poll(Duration timeout) throws InterruptedException {
        return events.poll(timeout);
    }

    /** Lifecycle events dropped because the queue was full, plus messages dropped at shutdown. */
    public long droppedEvents() {
        return events.droppedCount();
    }

    // ---------------------------------------------------------------- the loop

    private void run() {
        while (true) {
            LoopCommand c;
            try {
                c = commands.take();
            } catch (InterruptedException e) {
                c = new LoopCommand.Shutdown();
            }
            switch (c) {
                case LoopCommand.Connect connect -> connect(connect.target());
                case LoopCommand.Disconnect d -> manager.disconnect(d.peerId());
                case LoopCommand.Send s -> send(s.peerId(), s.message());
                case LoopCommand.Shutdown ignored -> {
                    events.close(); // readers waiting to queue a message must not hold their peers open
                    manager.shutdown(Duration.ofSeconds(30));
                    events.offerLifecycle(new ConnectionEvent.Stopped());
                    return;
                }
            }
        }
    }

    private void connect(DialTarget target) {
        manager.connect(target).exceptionally(e -> {
            Throwable cause = unwrap(e);
            if (cause instanceof IllegalStateException) { // refused before dialing: no AddressFailed from the manager
                events.offerLifecycle(new ConnectionEvent.AddressFailed(target, ConnectionType.MANUAL, cause.getMessage(), cause));
            }
            return null;
        });
    }

    private void send(long peerId, Message message) {
        Optional<Peer> peer = manager.peer(peerId);
        if (peer.isEmpty()) {
            events.offerLifecycle(new ConnectionEvent.SendRejected(peerId, message.commandName(), "no peer " + peerId));
            return;
        }
        peer.get().send(message).exceptionally(e -> {
            Throwable cause = unwrap(e);
            String why = cause instanceof SendQueueFullException ? "send queue full: " + cause.getMessage()
                    : cause instanceof PeerDisconnectedException ? "peer disconnected: " + cause.getMessage()
                    : String.valueOf(cause.getMessage());
            events.offerLifecycle(new ConnectionEvent.SendRejected(peerId, message.commandName(), why));
            return null;
        });
    }

    /**
     * Waits until the loop has stopped (after a shutdown command).
     *
     * @param timeout how long at most
     * @return whether it stopped
     * @throws InterruptedException if interrupted
     */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return loop.join(timeout);
    }

    /** Submits a shutdown (if none was) and waits up to 60 seconds for the loop to stop. */
    @Override
    public void close() {
        try {
            if (!shutdownSubmitted.get()) {
                try {
                    submit(new LoopCommand.Shutdown());
                } catch (IllegalStateException alreadySubmitted) {
                    // another thread did
                }
            }
            loop.join(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The failure inside a {@link CompletionException}, or {@code e} itself. */
    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
