package org.btcpeer.node.serve;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.btcpeer.node.TransactionPool;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.SendQueueFullException;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.PartialMerkleTree;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.Command;
import org.btcpeer.wire.message.FilterAddMessage;
import org.btcpeer.wire.message.FilterClearMessage;
import org.btcpeer.wire.message.FilterLoadMessage;
import org.btcpeer.wire.message.GetBlocksMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.GetHeadersMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.MerkleBlockMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.RawMessage;
import org.btcpeer.wire.message.TxMessage;

/**
 * Answers peers' chain requests from a {@link ChainSource} and a {@link TransactionPool}, as Core's
 * net_processing does:
 *
 * <ul>
 *   <li><b>getheaders</b>: up to 2,000 headers after the locator's fork point, through the stop hash;
 *       an empty locator asks for the stop hash's header alone (nothing is sent if it is unknown);</li>
 *   <li><b>getblocks</b>: one inv of up to 500 block hashes after the fork point, before the stop
 *       hash; when the answer was cut at 500, the peer's later getdata for the last of them is
 *       followed by an inv of our tip, so it asks again (Core's {@code m_continuation_block});</li>
 *   <li><b>getdata</b>: {@code MSG_WITNESS_BLOCK} and {@code MSG_CMPCT_BLOCK} get the block as stored
 *       (the latter left to a compact block server when made with {@link #leavingCompactBlocks}),
 *       {@code MSG_BLOCK} without witnesses (BIP-144), {@code MSG_FILTERED_BLOCK} a merkleblock and
 *       the matched transactions when the peer loaded a BIP-37 filter (nothing otherwise, as Core);
 *       {@code MSG_TX}, {@code MSG_WITNESS_TX} and {@code MSG_WTX} from the pool; every block or
 *       transaction we do not have is named in one {@code notfound} at the end;</li>
 *   <li><b>filterload, filteradd, filterclear</b>: the peer's BIP-37 filter (the peer only passes
 *       them on when our services include {@code NODE_BLOOM}); a filteradd without a filter
 *       disconnects, as Core's "bad filteradd message";</li>
 *   <li>{@link #announceTip}: BIP-130 announcements, up to 8 headers that connect to what the peer
 *       has, else an inv of the tip (Core's {@code MAX_BLOCKS_TO_ANNOUNCE} in {@code SendMessages}).</li>
 * </ul>
 *
 * <p>Work per request is bounded: answers are capped as Core's, and a peer's blocks are sent with at
 * most 2 waiting in its send queue, across getdata messages (a downloader asks for each block in
 * its own getdata, up to 16 at once). Before a block is queued, the peer's reader waits until
 * fewer than 2 of its blocks are unwritten and, if the send queue still refuses the block (it holds
 * its byte limit), until its earlier blocks are written; as Core stops processing a peer's
 * messages while its send buffer is full ({@code fPauseSend}), so no block is dropped because the
 * queue was full. A peer that stops reading is disconnected by its send-stall timeout, which ends
 * the wait.
 *
 * <p>Unlike Core, unknown <em>blocks</em> are named in the notfound too (Core names only
 * transactions and lets a block request time out); Core ignores block entries in a notfound, and
 * light clients stop waiting sooner.
 *
 * <p>Install {@link #listeners()} in every serving peer's {@code PeerConfig}.
 */
public final class ChainServer {

    /** Core's {@code MAX_BLOCKS_TO_ANNOUNCE}: more new blocks than this are announced by an inv of the tip. */
    public static final int MAX_BLOCKS_TO_ANNOUNCE = 8;

    /** How many block messages of a peer wait in its send queue before its reader waits. */
    static final int BLOCKS_IN_FLIGHT = 2;

    private final ChainSource chain;
    private final TransactionPool pool;
    private final Consumer<ServedRequest> served;
    private final Map<Long, ServedPeer> peers = new ConcurrentHashMap<>();
    private final boolean answersCompactBlockRequests;

    private ChainServer(ChainSource chain, TransactionPool pool, Consumer<ServedRequest> served,
                        boolean answersCompactBlockRequests) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.served = Objects.requireNonNull(served, "served");
        this.answersCompactBlockRequests = answersCompactBlockRequests;
    }

    /**
     * A server for a chain and a pool.
     *
     * @param chain  the chain to serve
     * @param pool   the transactions to serve
     * @param served told about every answered request (for logs); must not block
     * @return the server
     */
    public static ChainServer of(ChainSource chain, TransactionPool pool, Consumer<ServedRequest> served) {
        return new ChainServer(chain, pool, served, true);
    }

    /**
     * A server for a chain and a pool that leaves getdata({@code MSG_CMPCT_BLOCK}) for blocks it has
     * to a compact block server ({@code org.btcpeer.node.compact.CompactBlockServer}) included in the
     * same peers' listeners, so the peer gets one answer (a cmpctblock, or the full block when deep)
     * rather than two. Unknown blocks are still named in the notfound.
     *
     * @param chain  the chain to serve
     * @param pool   the transactions to serve
     * @param served told about every answered request (for logs); must not block
     * @return the server
     */
    public static ChainServer leavingCompactBlocks(ChainSource chain, TransactionPool pool,
                                                   Consumer<ServedRequest> served) {
        return new ChainServer(chain, pool, served, false);
    }

    /**
     * A server for a chain and a pool that reports nothing.
     *
     * @param chain the chain to serve
     * @param pool  the transactions to serve
     * @return the server
     */
    public static ChainServer of(ChainSource chain, TransactionPool pool) {
        return new ChainServer(chain, pool, r -> { }, true);
    }

    /** The listeners that answer requests; include them in each serving peer's config. */
    public PeerListeners listeners() {
        return PeerListeners.builder()
                .on(GetHeadersMessage.class, this::onGetHeaders)
                .on(GetBlocksMessage.class, this::onGetBlocks)
                .on(GetDataMessage.class, this::onGetData)
                .on(InvMessage.class, this::onInv)
                .on(HeadersMessage.class, this::onHeaders)
                .on(FilterLoadMessage.class, (peer, m) -> state(peer).filter(BloomFilter.of(m)))
                .on(FilterAddMessage.class, this::onFilterAdd)
                .on(FilterClearMessage.class, (peer, m) -> state(peer).filter(null))
                .build();
    }

    /**
     * Announces our tip to a peer (BIP-130): if it asked for headers (sendheaders) and at most
     * {@link #MAX_BLOCKS_TO_ANNOUNCE} blocks it lacks lead from a header it has to {@code tip}, one
     * headers message with them; otherwise an inv of {@code tip}, once. Nothing if it has the tip.
     *
     * @param peer a peer after its handshake
     * @param tip  our new best block's header, on the {@link ChainSource}'s best chain
     */
    public void announceTip(Peer peer, BlockHeader tip) {
        ServedPeer state = state(peer);
        Hash256 hash = tip.hash();
        OptionalInt tipHeight = chain.height(hash);
        if (tipHeight.isEmpty()) {
            return; // reorganized away meanwhile: the next tip is announced instead
        }
        if (hasHeader(state, tipHeight.getAsInt())) {
            return;
        }
        if (peer.features().peerWantsHeaders()) {
            List<BlockHeader> missing = new ArrayList<>();
            for (int h = tipHeight.getAsInt(); h > 0 && missing.size() <= MAX_BLOCKS_TO_ANNOUNCE && !hasHeader(state, h); h--) {
                chain.header(h).ifPresent(missing::add);
            }
            if (!missing.isEmpty() && missing.size() <= MAX_BLOCKS_TO_ANNOUNCE
                    && hasHeader(state, tipHeight.getAsInt() - missing.size())) {
                List<BlockHeader> headers = missing.reversed();
                headers.forEach(hd -> peer.addKnownInventory(hd.hash()));
                state.headerSent(hash);
                send(peer, new HeadersMessage(headers));
                return;
            }
        }
        if (state.invAnnounced(hash)) {
            peer.addKnownInventory(hash);
            send(peer, new InvMessage(List.of(InventoryVector.block(hash))));
        }
    }

    /** Core's {@code PeerHasHeader}: the best-chain block at {@code height} is an ancestor of a block the peer has. */
    private boolean hasHeader(ServedPeer state, int height) {
        if (height <= 0) {
            return true; // genesis
        }
        return atOrAbove(state.bestHeaderSent(), height) || atOrAbove(state.bestKnown(), height);
    }

    private boolean atOrAbove(Hash256 hash, int height) {
        if (hash == null) {
            return false;
        }
        OptionalInt h = chain.height(hash);
        return h.isPresent() && h.getAsInt() >= height;
    }

    private ServedPeer state(Peer peer) {
        ServedPeer existing = peers.get(peer.id());
        if (existing != null) {
            return existing;
        }
        ServedPeer created = new ServedPeer();
        ServedPeer raced = peers.putIfAbsent(peer.id(), created);
        if (raced != null) {
            return raced;
        }
        // registered outside the map's update: a peer already gone removes its entry at once
        peer.disconnected().whenComplete((d, e) -> peers.remove(peer.id(), created));
        return created;
    }

    /** How many peers the server holds state for (for tests: entries go when peers disconnect). */
    int trackedPeers() {
        return peers.size();
    }

    private void onGetHeaders(Peer peer, GetHeadersMessage m) {
        List<BlockHeader> headers = Locators.headers(chain, m.locator(), m.stopHash());
        if (headers == null) {
            served.accept(new ServedRequest(peer, m.commandName(), "nothing (empty locator, unknown stop hash)"));
            return;
        }
        ServedPeer state = state(peer);
        if (headers.isEmpty()) {
            chain.header(chain.height()).ifPresent(tip -> state.headerSent(tip.hash()));
        } else {
            state.headerSent(headers.getLast().hash());
        }
        send(peer, new HeadersMessage(headers));
        served.accept(new ServedRequest(peer, m.commandName(), headers.size() + " headers (locator "
                + m.locator().size() + ")"));
    }

    private void onGetBlocks(Peer peer, GetBlocksMessage m) {
        Locators.BlocksAnswer answer = Locators.blocks(chain, m.locator(), m.stopHash());
        if (answer.continuation() != null) {
            state(peer).continuation(answer.continuation());
        }
        if (!answer.hashes().isEmpty()) {
            send(peer, new InvMessage(answer.hashes().stream().map(InventoryVector::block).toList()));
        }
        served.accept(new ServedRequest(peer, m.commandName(), answer.hashes().size() + " block invs"
                + (answer.continuation() != null ? ", continues at " + answer.continuation() : "")));
    }

    private void onGetData(Peer peer, GetDataMessage m) {
        List<InventoryVector> notFound = new ArrayList<>();
        Deque<CompletableFuture<Void>> inFlight = state(peer).blocksQueued();
        int blocks = 0;
        int merkleBlocks = 0;
        int txs = 0;
        for (InventoryVector item : m.items()) {
            if (!peer.isConnected()) {
                return;
            }
            switch (item.type()) {
                case InventoryVector.MSG_TX, InventoryVector.MSG_WITNESS_TX, InventoryVector.MSG_WTX -> {
                    if (sendTransaction(peer, item)) {
                        txs++;
                    } else {
                        notFound.add(item);
                    }
                }
                case InventoryVector.MSG_BLOCK, InventoryVector.MSG_WITNESS_BLOCK, InventoryVector.MSG_CMPCT_BLOCK,
                     InventoryVector.MSG_FILTERED_BLOCK -> {
                    Optional<ByteString> bytes = chain.block(item.hash());
                    if (bytes.isEmpty()) {
                        notFound.add(item);
                        continue;
                    }
                    if (item.type() == InventoryVector.MSG_CMPCT_BLOCK && !answersCompactBlockRequests) {
                        continue; // the compact block server answers it
                    }
                    while (inFlight.size() >= BLOCKS_IN_FLIGHT) {
                        awaitOldest(inFlight);
                    }
                    CompletableFuture<Void> sent = sendBlock(peer, item, bytes.get(), inFlight);
                    if (sent != null) {
                        inFlight.addLast(sent);
                        if (item.type() == InventoryVector.MSG_FILTERED_BLOCK) {
                            merkleBlocks++;
                        } else {
                            blocks++;
                        }
                    }
                    if (state(peer).takeContinuation(item.hash())) {
                        chain.header(chain.height()).ifPresent(tip ->
                                send(peer, new InvMessage(List.of(InventoryVector.block(tip.hash())))));
                    }
                }
                default -> {
                    // other types (MSG_FILTERED_WITNESS_BLOCK, unknown numbers): Core ignores them too
                }
            }
        }
        if (!notFound.isEmpty()) {
            send(peer, new NotFoundMessage(notFound));
        }
        served.accept(new ServedRequest(peer, m.commandName(), blocks + " blocks, " + merkleBlocks + " merkleblocks, " + txs + " txs, "
                + notFound.size() + " notfound (of " + m.items().size() + ")"));
    }

    /** Sends a pooled transaction; false if the pool lacks it or the peer may not get transactions now. */
    private boolean sendTransaction(Peer peer, InventoryVector item) {
        Optional<Transaction> tx = item.type() == InventoryVector.MSG_WTX ? pool.byWtxid(item.hash()) : pool.byTxid(item.hash());
        if (tx.isEmpty()) {
            return false;
        }
        Transaction t = item.type() == InventoryVector.MSG_TX ? WitnessStripping.withoutWitness(tx.get()) : tx.get();
        return !peer.send(new TxMessage(t)).isCompletedExceptionally();
    }

    /** Waits until the oldest of a peer's queued blocks is written or failed, and forgets it. */
    private static void awaitOldest(Deque<CompletableFuture<Void>> inFlight) {
        inFlight.removeFirst().exceptionally(e -> null).join();
    }

    /**
     * Queues {@code message}; while the send queue refuses it for being full, waits for the peer's
     * earlier blocks to be written and tries again (nothing else to wait for: the refusal stands).
     */
    private static CompletableFuture<Void> sendWhenRoom(Peer peer, Message message,
                                                        Deque<CompletableFuture<Void>> inFlight) {
        CompletableFuture<Void> sent = peer.send(message);
        while (!inFlight.isEmpty() && sent.isCompletedExceptionally()
                && sent.exceptionNow() instanceof SendQueueFullException) {
            awaitOldest(inFlight);
            sent = peer.send(message);
        }
        return sent;
    }

    /**
     * Sends a stored block as {@code item} asks; the send's completion, or null if nothing was sent
     * (a filtered block without a filter, as Core; bytes that do not decode). Stored bytes are sent
     * as they are, without decoding or re-encoding them.
     */
    private CompletableFuture<Void> sendBlock(Peer peer, InventoryVector item, ByteString bytes,
                                              Deque<CompletableFuture<Void>> inFlight) {
        if (item.type() == InventoryVector.MSG_WITNESS_BLOCK || item.type() == InventoryVector.MSG_CMPCT_BLOCK) {
            return sendWhenRoom(peer, new RawMessage(Command.BLOCK.wireName(), bytes), inFlight);
        }
        Block block;
        try {
            block = Block.decode(bytes);
        } catch (WireException e) {
            served.accept(new ServedRequest(peer, "getdata", "stored block " + item.hash() + " does not decode: "
                    + e.getMessage()));
            return null;
        }
        if (item.type() == InventoryVector.MSG_BLOCK) {
            Block stripped = WitnessStripping.withoutWitness(block);
            // encoded once here, so a retry after a full queue does not encode it again
            return sendWhenRoom(peer, new RawMessage(Command.BLOCK.wireName(),
                    stripped == block ? bytes : new BlockMessage(stripped).payload()), inFlight);
        }
        BloomFilter filter = state(peer).filter();
        if (filter == null) {
            return null;
        }
        return sendMerkleBlock(peer, block, filter);
    }

    /** Core's {@code CMerkleBlock(block, filter)}: the matched transactions' proof, then each of them without witness. */
    private static CompletableFuture<Void> sendMerkleBlock(Peer peer, Block block, BloomFilter filter) {
        List<Transaction> txs = block.transactions();
        List<Hash256> txids = new ArrayList<>(txs.size());
        BitSet matched = new BitSet(txs.size());
        for (int i = 0; i < txs.size(); i++) {
            txids.add(txs.get(i).txid());
            if (filter.isRelevantAndUpdate(txs.get(i))) {
                matched.set(i);
            }
        }
        CompletableFuture<Void> last = peer.send(new MerkleBlockMessage(block.header(), PartialMerkleTree.build(txids, matched)));
        for (int i = matched.nextSetBit(0); i >= 0; i = matched.nextSetBit(i + 1)) {
            last = peer.send(new TxMessage(WitnessStripping.withoutWitness(txs.get(i))));
        }
        return last;
    }

    private void onInv(Peer peer, InvMessage m) {
        for (InventoryVector v : m.items()) {
            if (v.isBlock()) {
                raiseKnown(peer, v.hash());
            }
        }
    }

    private void onHeaders(Peer peer, HeadersMessage m) {
        if (!m.headers().isEmpty()) {
            raiseKnown(peer, m.headers().getLast().hash());
        }
    }

    /** Core's {@code UpdateBlockAvailability}: the peer has this block; remember it if it is our best chain's and higher. */
    private void raiseKnown(Peer peer, Hash256 hash) {
        OptionalInt h = chain.height(hash);
        if (h.isEmpty()) {
            return;
        }
        ServedPeer state = state(peer);
        Hash256 known = state.bestKnown();
        OptionalInt knownHeight = known == null ? OptionalInt.empty() : chain.height(known);
        if (knownHeight.isEmpty() || knownHeight.getAsInt() < h.getAsInt()) {
            state.known(hash);
        }
    }

    private void onFilterAdd(Peer peer, FilterAddMessage m) {
        BloomFilter filter = state(peer).filter();
        if (filter == null) {
            peer.disconnect("bad filteradd message: no filter loaded (Core's Misbehaving)");
            return;
        }
        filter.insert(m.element());
    }

    private static void send(Peer peer, Message m) {
        peer.send(m).exceptionally(e -> null); // a peer that went away needs no answer
    }
}
