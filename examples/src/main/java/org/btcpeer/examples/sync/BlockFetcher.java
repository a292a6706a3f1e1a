package org.btcpeer.examples.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.VersionMessage;

/**
 * Downloads blocks for known headers with getdata, keeping up to {@code window} blocks in flight
 * in requests of at most {@link #BATCH} (Core keeps 16 per peer, {@code MAX_BLOCKS_IN_TRANSIT_PER_PEER};
 * a local node can take more). Each block is checked with {@link BlockChecks#verify}; bytes and
 * time are counted for a throughput figure. Blocks are asked for as {@code MSG_WITNESS_BLOCK}
 * when the peer offers {@code NODE_WITNESS}, else as {@code MSG_BLOCK}.
 */
public final class BlockFetcher {

    /** The most blocks named in one getdata. */
    public static final int BATCH = 16;

    /** The default number of blocks in flight. */
    public static final int DEFAULT_WINDOW = 64;

    /**
     * What a download did.
     *
     * @param blocks  blocks received and verified
     * @param bytes   their serialized size in bytes
     * @param elapsed from the first request to the last block
     */
    public record Result(int blocks, long bytes, Duration elapsed) {

        /** Throughput in megabytes (10^6 bytes) per second. */
        public double megabytesPerSecond() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds <= 0 ? 0 : bytes / 1e6 / seconds;
        }
    }

    private BlockFetcher() {
    }

    /**
     * Fetches and verifies the blocks of {@code headers}.
     *
     * @param session  a connected session
     * @param headers  the headers whose blocks to fetch
     * @param window   the most blocks in flight, at least 1
     * @param onBlock  receives each verified block, in arrival order
     * @param progress called with the number of blocks done after each block
     * @return counts and time
     * @throws SyncException        if a block is missing (notfound or no answer), fails a check, or the peer leaves
     * @throws InterruptedException if interrupted
     */
    public static Result fetch(ClientSession session, List<BlockHeader> headers, int window, Consumer<Block> onBlock,
                               IntConsumer progress) throws SyncException, InterruptedException {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1: " + window);
        }
        int type = blockType(session);
        Map<Hash256, BlockHeader> inFlight = new HashMap<>();
        int next = 0;
        int done = 0;
        long bytes = 0;
        long start = System.nanoTime();
        while (done < headers.size()) {
            while (next < headers.size() && inFlight.size() < window) {
                int n = Math.min(BATCH, Math.min(window - inFlight.size(), headers.size() - next));
                List<InventoryVector> items = new ArrayList<>(n);
                for (BlockHeader h : headers.subList(next, next + n)) {
                    items.add(new InventoryVector(type, h.hash()));
                    inFlight.put(h.hash(), h);
                }
                session.peer().send(new GetDataMessage(items));
                next += n;
            }
            Message m = session.inbox().next(session.peer(), session.timeout(), "block (" + inFlight.size() + " in flight)");
            switch (m) {
                case BlockMessage b -> {
                    Block block = b.block();
                    if (inFlight.remove(block.hash()) == null) {
                        continue; // not ours (an unsolicited block); ignore it
                    }
                    BlockChecks.verify(block, block.hash());
                    bytes += block.serializedSize();
                    done++;
                    onBlock.accept(block);
                    progress.accept(done);
                }
                case NotFoundMessage nf when !nf.items().isEmpty() -> throw new SyncException("peer does not have block "
                        + nf.items().get(0).hash() + (nf.items().size() > 1 ? " (and " + (nf.items().size() - 1) + " more)" : ""));
                default -> {
                    // a pong or late headers: not what we wait for
                }
            }
        }
        return new Result(done, bytes, Duration.ofNanos(System.nanoTime() - start));
    }
    /**
     * Fetches one block by hash and verifies it. Core ignores a getdata for a block it does not
     * have, so a missing block usually shows as no answer within the session's timeout.
     *
     * @param session a connected session
     * @param hash    the block hash
     * @return the verified block
     * @throws SyncException        if the peer answers notfound or nothing in time, or the block fails a check
     * @throws InterruptedException if interrupted
     */
    public static Block fetchOne(ClientSession session, Hash256 hash) throws SyncException, InterruptedException {
        int type = blockType(session);
        session.peer().send(new GetDataMessage(List.of(new InventoryVector(type, hash))));
        while (true) {
            Message m;
            try {
                m = session.inbox().next(session.peer(), session.timeout(), "block " + hash);
            } catch (SyncException e) {
                if (session.peer().isConnected()) {
                    throw new SyncException(e.getMessage() + " (the peer may not have it: Core ignores such requests)");
                }
                throw e;
            }
            switch (m) {
                case BlockMessage b when b.block().hash().equals(hash) -> {
                    BlockChecks.verify(b.block(), hash);
                    return b.block();
                }
                case NotFoundMessage nf when nf.items().stream().anyMatch(v -> v.hash().equals(hash)) ->
                        throw new SyncException("peer does not have block " + hash + " (notfound)");
                default -> {
                    // something else: keep waiting
                }
            }
        }
    }

    /** The inventory type to ask for blocks in: with witnesses when the peer serves them. */
    private static int blockType(ClientSession session) {
        boolean witness = session.peer().remoteVersion().map(VersionMessage::services)
                .orElse(ServiceFlags.NONE).has(ServiceFlags.NODE_WITNESS);
        return witness ? InventoryVector.MSG_WITNESS_BLOCK : InventoryVector.MSG_BLOCK;
    }
}
