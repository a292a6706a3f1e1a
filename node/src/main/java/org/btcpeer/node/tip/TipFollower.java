package org.btcpeer.node.tip;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.btcpeer.chain.sync.HeaderSyncEvent;
import org.btcpeer.node.compact.CompactBlockListener;
import org.btcpeer.node.compact.CompactBlockReport;
import org.btcpeer.node.compact.HighBandwidthSelector;
import org.btcpeer.node.download.BlockCheck;
import org.btcpeer.node.relay.RelayPeers;
import org.btcpeer.node.relay.RelayTarget;
import org.btcpeer.peer.Peer;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.SendCmpctMessage;

/**
 * Follows the tip once the initial download is over, joining header sync, the compact block
 * receiver and the {@link ActiveChain}:
 *
 * <ul>
 *   <li>{@link #newHeader}: a peer announced a header that extends our tip; ask that peer for the
 *       block, as a compact block if it speaks BIP-152 version 2, else in full (Core's direct
 *       fetch in {@code HeadersDirectFetchBlocks}, which asks {@code MSG_CMPCT_BLOCK} for a single
 *       new block);</li>
 *   <li>{@link #wanted}: the compact block receiver's test, only blocks that extend our tip;</li>
 *   <li>{@link #onReport}: a reconstructed block is connected; the full block after a fallback
 *       ({@link CompactBlockReport.Downloaded}) is first checked against its header
 *       ({@link BlockCheck}, witness commitment included). A block that fails the check or
 *       whose header is invalid disconnects its sender (Core: {@code BLOCK_MUTATED}). A peer
 *       whose block became our tip is offered a high-bandwidth slot
 *       ({@link HighBandwidthSelector#blockProvidedBy}, Core's
 *       {@code MaybeSetPeerAsAnnouncingHeaderAndIDs}). Then the report goes on to the
 *       application's listener.</li>
 * </ul>
 *
 * <p>Differences from Core: a header that does not extend our tip (a gap, a fork) is not fetched
 * here (Core fetches up to 16 missing blocks); Core direct-fetches only while its tip is recent.
 * Thread-safe.
 */
public final class TipFollower {

    private final ActiveChain chain;
    private final HighBandwidthSelector selector;
    private final CompactBlockListener then;

    /**
     * A follower with a high-bandwidth selector of its own ({@link #selector()}).
     *
     * @param chain the blocks we hold
     * @param then  told of each compact block report after it was acted on (for logs); must not block
     */
    public TipFollower(ActiveChain chain, CompactBlockListener then) {
        this(chain, new HighBandwidthSelector(), then);
    }

    /**
     * A follower.
     *
     * @param chain    the blocks we hold
     * @param selector the high-bandwidth peers
     * @param then     told of each compact block report after it was acted on (for logs); must not block
     */
    public TipFollower(ActiveChain chain, HighBandwidthSelector selector, CompactBlockListener then) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.then = Objects.requireNonNull(then, "then");
    }

    /** The high-bandwidth peers this follower chooses. */
    public HighBandwidthSelector selector() {
        return selector;
    }

    /**
     * The compact block receiver's {@code wanted} test: the block extends our tip.
     *
     * @param header an announced header
     * @return whether to reconstruct the block
     */
    public boolean wanted(BlockHeader header) {
        return chain.extendsTip(header);
    }

    /**
     * A peer announced a header (after header sync added it): if it extends our tip, ask that peer
     * for the block.
     *
     * @param peer   the announcer
     * @param header the header
     * @return whether the block was asked for
     */
    public boolean newHeader(Peer peer, BlockHeader header) {
        if (!chain.extendsTip(header) || !peer.isConnected()) {
            return false;
        }
        if (peer.features().peerCompactVersion() == SendCmpctMessage.CMPCTBLOCKS_VERSION) {
            peer.send(new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_CMPCT_BLOCK, header.hash()))));
        } else {
            peer.requests().getBlock(header.hash()).thenAccept(block -> checkAndConnect(peer, block));
        }
        return true;
    }

    /**
     * A consumer for {@code HeaderSync.Builder.events}: each {@link HeaderSyncEvent.NewTip} goes to
     * {@link #newHeader} with the peer that sent it, found among {@code peers}.
     *
     * @param peers where to find the announcing peer by id
     * @return the consumer
     */
    public Consumer<HeaderSyncEvent> headerSyncEvents(RelayPeers peers) {
        Objects.requireNonNull(peers, "peers");
        return event -> {
            if (event instanceof HeaderSyncEvent.NewTip t) {
                peers.current().stream().map(RelayTarget::peer).filter(p -> p.id() == t.peerId()).findFirst()
                        .ifPresent(p -> newHeader(p, t.tip().header()));
            }
        };
    }

    /**
     * Acts on a compact block receiver's report (use as its listener), then hands it on.
     *
     * @param peer   the peer the block came from
     * @param report what happened
     */
    public void onReport(Peer peer, CompactBlockReport report) {
        switch (report) {
            case CompactBlockReport.Reconstructed r -> connect(peer, r.block());
            case CompactBlockReport.FellBack f -> { }
            case CompactBlockReport.Downloaded d -> checkAndConnect(peer, d.block());
        }
        then.onReport(peer, report);
    }

    private void checkAndConnect(Peer peer, Block block) {
        BlockCheck.problem(block, true).ifPresentOrElse(
                problem -> peer.disconnect("block " + block.hash() + " does not match its header: " + problem),
                () -> connect(peer, block));
    }

    private void connect(Peer peer, Block block) {
        switch (chain.connect(block)) {
            case ConnectResult.Connected c -> selector.blockProvidedBy(peer);
            case ConnectResult.NotExtending n -> { }
            case ConnectResult.Invalid i -> peer.disconnect("block " + block.hash() + ": " + i.reason());
        }
    }
}
