package org.btcpeer.examples.sync;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.PongMessage;

/**
 * Hands the answers a client waits for (headers, block, notfound, pong) from the peer's reader
 * thread to the thread that asked: the listeners only enqueue, never block. The queue is bounded;
 * a peer that floods it past {@link #CAPACITY} is disconnected.
 */
public final class Inbox {

    /** The most unconsumed answers held (far above the 128 blocks a fetcher keeps in flight). */
    public static final int CAPACITY = 10_000;

    private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(CAPACITY);

    /**
     * Registers this inbox's listeners.
     *
     * @param listeners the builder of a peer's listeners
     * @return the same builder
     */
    public PeerListeners.Builder register(PeerListeners.Builder listeners) {
        return listeners
                .on(HeadersMessage.class, this::offer)
                .on(BlockMessage.class, this::offer)
                .on(NotFoundMessage.class, this::offer)
                .on(PongMessage.class, this::offer);
    }

    private void offer(Peer peer, Message m) {
        if (!queue.offer(m)) {
            peer.disconnect("client inbox full (" + CAPACITY + " unconsumed answers)");
        }
    }

    /**
     * The next answer, waiting while the peer is connected.
     *
     * @param peer    the peer the answer comes from
     * @param timeout how long to wait at most
     * @param what    what is awaited, for the error message
     * @return the message
     * @throws SyncException        if nothing arrived in time, or the peer disconnected
     * @throws InterruptedException if interrupted
     */
    public Message next(Peer peer, Duration timeout, String what) throws SyncException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message m = queue.poll(50, TimeUnit.MILLISECONDS);
            if (m != null) {
                return m;
            }
            if (!peer.isConnected()) {
                throw new SyncException("peer disconnected while waiting for " + what + ": " + ClientSession.disconnectDetail(peer));
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new SyncException("no " + what + " from " + peer.address() + " within " + timeout.toSeconds() + " s");
            }
        }
    }
}
