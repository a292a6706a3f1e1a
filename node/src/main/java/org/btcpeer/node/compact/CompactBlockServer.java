package org.btcpeer.node.compact;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockTransactions;
import org.btcpeer.wire.chain.BlockTransactionsRequest;
import org.btcpeer.wire.chain.HeaderAndShortIds;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.BlockTxnMessage;
import org.btcpeer.wire.message.CmpctBlockMessage;
import org.btcpeer.wire.message.GetBlockTxnMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.SendCmpctMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves compact blocks (BIP-152, Core's {@code NewPoWValidBlock}, {@code ProcessGetBlockData}
 * for {@code MSG_CMPCT_BLOCK} and the getblocktxn handler): announces a new block with cmpctblock
 * to the peers that asked for high-bandwidth mode, answers getdata({@code MSG_CMPCT_BLOCK}) for
 * blocks at most {@value #MAX_CMPCTBLOCK_DEPTH} deep (deeper: the full block), and getblocktxn for
 * blocks at most {@value #MAX_BLOCKTXN_DEPTH} deep (deeper: the full block). A getblocktxn naming
 * a position past the block's end is misbehaviour ({@link CompactMisbehaviour#OUT_OF_BOUNDS_GETBLOCKTXN}).
 *
 * <p>The most recently announced block and its compact form are kept, as Core's
 * {@code m_most_recent_block}: every peer gets the same cmpctblock (one nonce), and getblocktxn
 * for it needs no store lookup. Requests for blocks we do not have are not answered (as Core).
 *
 * <p>Thread-safe.
 */
public final class CompactBlockServer {

    /** Core's {@code MAX_CMPCTBLOCK_DEPTH}: deeper blocks asked as compact are sent in full. */
    public static final int MAX_CMPCTBLOCK_DEPTH = 5;

    /** Core's {@code MAX_BLOCKTXN_DEPTH}: getblocktxn for deeper blocks is answered with the full block. */
    public static final int MAX_BLOCKTXN_DEPTH = 10;

    private static final Logger log = LoggerFactory.getLogger(CompactBlockServer.class);

    private final CompactBlockSource source;
    private final MisbehaviourReporter reporter;
    private final RandomGenerator random;
    private volatile Recent recent;

    /** The most recently announced block and its compact form. */
    private record Recent(Block block, HeaderAndShortIds compact) {
    }

    /**
     * A server that disconnects misbehaving peers and draws nonces from a {@link SecureRandom}.
     *
     * @param source the stored blocks
     */
    public CompactBlockServer(CompactBlockSource source) {
        this(source, MisbehaviourReporter.disconnecting(), new SecureRandom());
    }

    /**
     * A server.
     *
     * @param source   the stored blocks
     * @param reporter where misbehaviour goes
     * @param random   the source of compact block nonces
     */
    public CompactBlockServer(CompactBlockSource source, MisbehaviourReporter reporter, RandomGenerator random) {
        this.source = Objects.requireNonNull(source, "source");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The listeners to include in each peer's configuration (getblocktxn, and getdata for compact blocks only).
     *
     * @return the listeners to include in each peer's configuration (getblocktxn, and getdata for compact blocks only)
     */
    public PeerListeners listeners() {
        return PeerListeners.builder()
                .on(GetBlockTxnMessage.class, (peer, m) -> onGetBlockTxn(peer, m.request()))
                .on(GetDataMessage.class, (peer, m) -> {
                    for (InventoryVector v : m.items()) {
                        if (v.type() == InventoryVector.MSG_CMPCT_BLOCK) {
                            answerCompactBlockRequest(peer, v.hash());
                        }
                    }
                })
                .build();
    }

    /**
     * Announces a new tip: sends its cmpctblock to every connected peer in {@code peers} that sent
     * {@code sendcmpct(1, 2)}, and marks the block known to them so a later headers/inv
     * announcement ({@code Peer.announceBlock}) skips them. The block becomes the most recent one.
     *
     * @param block the new block (already checked by the application)
     * @param peers candidate peers, e.g. every connected peer
     * @return the peers it was sent to
     */
    public List<Peer> announce(Block block, Collection<Peer> peers) {
        Recent r = new Recent(block, HeaderAndShortIds.fromBlock(block, random.nextLong()));
        recent = r;
        CmpctBlockMessage message = new CmpctBlockMessage(r.compact());
        List<Peer> sent = new ArrayList<>();
        for (Peer p : peers) {
            if (p.isConnected() && p.features().peerCompactVersion() == SendCmpctMessage.CMPCTBLOCKS_VERSION
                    && p.features().peerHighBandwidth()) {
                p.send(message);
                p.addKnownInventory(block.hash());
                sent.add(p);
            }
        }
        return sent;
    }

    /**
     * Answers getdata({@code MSG_CMPCT_BLOCK}): the cmpctblock if the block is at most
     * {@value #MAX_CMPCTBLOCK_DEPTH} deep, else the full block; nothing if we do not have it.
     * A chain server that handles getdata itself hands these entries here.
     *
     * @param peer      the asking peer
     * @param blockHash the block asked for
     * @return whether something was sent
     */
    public boolean answerCompactBlockRequest(Peer peer, Hash256 blockHash) {
        Recent r = recent;
        if (r != null && r.block().hash().equals(blockHash)) {
            peer.send(new CmpctBlockMessage(r.compact()));
            return true;
        }
        OptionalInt depth = source.depth(blockHash);
        Optional<Block> block = depth.isPresent() ? source.block(blockHash) : Optional.empty();
        if (block.isEmpty()) {
            log.debug("{}: getdata for compact block {} we don't have", peer, blockHash);
            return false;
        }
        if (depth.getAsInt() <= MAX_CMPCTBLOCK_DEPTH) {
            peer.send(new CmpctBlockMessage(HeaderAndShortIds.fromBlock(block.get(), random.nextLong())));
        } else {
            peer.send(new BlockMessage(block.get())); // an old block: the peer's pool cannot help
        }
        return true;
    }

    /**
     * Answers getblocktxn from the most recent block or a stored one at most
     * {@value #MAX_BLOCKTXN_DEPTH} deep; a deeper block is sent in full (Core: cheaper for us than
     * a disk read per small request).
     *
     * @param peer    the asking peer
     * @param request the request
     */
    void onGetBlockTxn(Peer peer, BlockTransactionsRequest request) {
        Recent r = recent;
        if (r != null && r.block().hash().equals(request.blockHash())) {
            sendTransactions(peer, r.block(), request);
            return;
        }
        OptionalInt depth = source.depth(request.blockHash());
        Optional<Block> block = depth.isPresent() ? source.block(request.blockHash()) : Optional.empty();
        if (block.isEmpty()) {
            log.debug("{}: sent us a getblocktxn for a block we don't have: {}", peer, request.blockHash());
            return;
        }
        if (depth.getAsInt() <= MAX_BLOCKTXN_DEPTH) {
            sendTransactions(peer, block.get(), request);
        } else {
            log.debug("{}: sent us a getblocktxn for a block > {} deep", peer, MAX_BLOCKTXN_DEPTH);
            peer.send(new BlockMessage(block.get()));
        }
    }

    private void sendTransactions(Peer peer, Block block, BlockTransactionsRequest request) {
        List<Transaction> txs = block.transactions();
        int last = request.indexes().last();
        if (last >= txs.size()) {
            reporter.report(peer, CompactMisbehaviour.OUT_OF_BOUNDS_GETBLOCKTXN, "position " + last + " of block "
                    + block.hash() + " with " + txs.size() + " transactions");
            return;
        }
        List<Transaction> answer = new ArrayList<>(request.indexes().size());
        for (int i = 0; i < request.indexes().size(); i++) {
            answer.add(txs.get(request.indexes().get(i)));
        }
        peer.send(new BlockTxnMessage(new BlockTransactions(request.blockHash(), answer)));
    }
}
