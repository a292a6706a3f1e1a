package org.btcpeer.node.tip;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.btcpeer.node.compact.CompactBlockServer;
import org.btcpeer.node.relay.RelayPeers;
import org.btcpeer.node.relay.RelayTarget;
import org.btcpeer.node.serve.ChainServer;
import org.btcpeer.peer.Peer;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * Tells every peer about our new tip once, the way Core's {@code NewPoWValidBlock} and
 * {@code SendMessages} do together: a cmpctblock to the peers that asked for high-bandwidth
 * compact blocks ({@link CompactBlockServer#announce}), and to every other peer after its
 * handshake up to 8 headers or an inv ({@link ChainServer#announceTip}, BIP-130). A peer that got
 * the cmpctblock gets nothing else. {@link #greet} announces our tip to a peer right after its
 * handshake, so a peer that is behind asks us for the rest.
 *
 * <p>Difference from Core: Core sends the cmpctblock once the header and proof of work are
 * checked and the headers or inv after full validation; here both go out when the application
 * calls {@link #announce}. Thread-safe.
 */
public final class TipAnnouncer {

    private final RelayPeers peers;
    private final ChainServer server;
    private final CompactBlockServer compact;
    private final Supplier<BlockHeader> tip;
    private volatile CompletableFuture<?> quietUntil = CompletableFuture.completedFuture(null);

    /**
     * What one announcement did.
     *
     * @param compactBlockTo the peers sent the cmpctblock
     * @param announcedTo    the peers given to {@link ChainServer#announceTip} (headers, an inv, or nothing if they had it)
     */
    public record Announced(List<Peer> compactBlockTo, List<Peer> announcedTo) {
        /**
         * Copies the lists.
         *
         * @param compactBlockTo the cmpctblock peers
         * @param announcedTo    the others
         */
        public Announced {
            compactBlockTo = List.copyOf(compactBlockTo);
            announcedTo = List.copyOf(announcedTo);
        }
    }

    /**
     * An announcer.
     *
     * @param peers   every peer to tell, block-relay-only ones included (read at each announcement)
     * @param server  the chain server answering these peers (it knows which headers each has)
     * @param compact the compact block server answering these peers
     * @param tip     our tip's header now (for {@link #greet})
     */
    public TipAnnouncer(RelayPeers peers, ChainServer server, CompactBlockServer compact, Supplier<BlockHeader> tip) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.server = Objects.requireNonNull(server, "server");
        this.compact = Objects.requireNonNull(compact, "compact");
        this.tip = Objects.requireNonNull(tip, "tip");
    }

    /**
     * Announces nothing until {@code done} completes successfully, then our tip to every peer
     * (headers or an inv): Core announces no block during its initial block download.
     *
     * @param done e.g. the initial download's future
     * @return this announcer
     */
    public TipAnnouncer quietUntil(CompletableFuture<?> done) {
        quietUntil = Objects.requireNonNull(done, "done");
        done.thenRun(() -> ready().forEach(p -> server.announceTip(p, tip.get())));
        return this;
    }

    /**
     * Announces a block that just became our tip to every peer after its handshake (nothing while
     * {@link #quietUntil quiet}).
     *
     * @param block the new tip, its transactions checked against its header
     * @return who got what
     */
    public Announced announce(Block block) {
        if (!quietUntil.isDone() || quietUntil.isCompletedExceptionally()) {
            return new Announced(List.of(), List.of());
        }
        List<Peer> ready = ready();
        List<Peer> pushed = compact.announce(block, ready);
        List<Peer> others = new ArrayList<>();
        for (Peer p : ready) {
            if (!pushed.contains(p)) {
                server.announceTip(p, block.header());
                others.add(p);
            }
        }
        return new Announced(pushed, others);
    }

    /** Every peer after its handshake, once. */
    private List<Peer> ready() {
        List<Peer> ready = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (RelayTarget t : peers.current()) {
            Peer p = t.peer();
            if (seen.add(p.id()) && p.isConnected() && p.handshake().isDone() && !p.handshake().isCompletedExceptionally()) {
                ready.add(p);
            }
        }
        return ready;
    }

    /**
     * Announces our tip to a peer once its handshake completes (nothing if we are at genesis or it
     * has our tip).
     *
     * @param peer a new peer
     */
    public void greet(Peer peer) {
        peer.handshake().thenAccept(p -> server.announceTip(p, tip.get()));
    }
}
