package org.btcpeer.examples.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.headers.HeaderValidationException;
import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.sync.ClientSession;
import org.btcpeer.node.download.BlockDownloader;
import org.btcpeer.node.download.BlockSource;
import org.btcpeer.node.download.DownloadConfig;
import org.btcpeer.node.download.DownloadProgress;
import org.btcpeer.peer.RequestTimeouts;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.message.HeadersMessage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code btcpeer sync}: headers from the first peer into a validated {@link HeaderChain}, then the
 * blocks from every peer at once with {@link BlockDownloader}, each block's merkle root (and
 * witness commitment) checked against its header.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Connect to all given peers, sync and validate headers up to --to-height (from the first peer), "
                + "download the blocks from all peers in parallel (Core's window of 1,024 and 16 blocks in flight per "
                + "peer, stallers disconnected), verify each block's merkle root against its header, print a summary.")
public final class SyncCommand extends BaseCommand {

    @Mixin
    ConnectOptions connect;

    @Option(names = "--to-height", paramLabel = "N", required = true, description = "Download blocks 1..N.")
    int toHeight;

    @Option(names = "--max-memory", paramLabel = "MIB", defaultValue = "64",
            description = "Bound on downloaded block bytes held in memory, in MiB (default: 64).")
    int maxMemoryMib;

    @Parameters(arity = "1..*", paramLabel = "HOST[:PORT]", description = "The peers; the port defaults to the network's.")
    List<String> targets;

    /** Creates the command; picocli injects the fields. */
    public SyncCommand() {
    }

    @Override
    protected Outcome execute() throws Exception {
        if (toHeight < 1) {
            throw new CommandFailure("--to-height must be at least 1");
        }
        if (maxMemoryMib < 1) {
            throw new CommandFailure("--max-memory must be at least 1 MiB");
        }
        HeaderChain chain = HeaderChain.builder(ConsensusParams.of(connect.network())).expectedHeaders(toHeight + 1).build();
        BlockDownloader downloader = new BlockDownloader(BlockSource.of(chain),
                DownloadConfig.CORE.withMaxHeldBytes((long) maxMemoryMib << 20), runtime().time());
        RequestTimeouts timeouts = RequestTimeouts.CORE.withOtherDownloadPeers(downloader.otherDownloadPeers());
        List<ClientSession> sessions = new ArrayList<>();
        ProgressLine progress = new ProgressLine(err(), !json() && ProgressLine.interactive());
        try (downloader) {
            for (String t : targets) {
                HostPort to = connect.target(t);
                sessions.add(ClientSession.connect(to, connect.network(), connect.transport(), connect.proxy(),
                        connect.timeout(), runtime(), b -> b.requestTimeouts(timeouts)));
            }
            long start = System.nanoTime();
            syncHeaders(sessions.get(0), chain, progress);
            Duration headersTime = Duration.ofNanos(System.nanoTime() - start);
            if (chain.height() < toHeight) {
                throw new CommandFailure(sessions.get(0).target() + " knows only " + chain.height()
                        + " blocks, fewer than --to-height " + toHeight);
            }
            Map<Long, AtomicLong> perPeer = new ConcurrentHashMap<>();
            AtomicLong transactions = new AtomicLong();
            sessions.forEach(s -> downloader.addPeer(s.peer()));
            var finished = downloader.start(1, toHeight, b -> {
                perPeer.computeIfAbsent(b.peerId(), id -> new AtomicLong()).incrementAndGet();
                transactions.addAndGet(b.block().transactions().size());
            });
            DownloadProgress done = await(finished, downloader, sessions, progress);
            return summary(chain, done, headersTime, sessions, perPeer, transactions.get());
        } finally {
            progress.clear();
            sessions.forEach(ClientSession::close);
        }
    }

    /** getheaders from the first peer until the chain reaches the target or the peer has no more. */
    private void syncHeaders(ClientSession s, HeaderChain chain, ProgressLine progress) throws Exception {
        while (chain.height() < toHeight) {
            HeadersMessage h;
            try {
                h = s.peer().requests().getHeaders(chain.locator(), Hash256.ZERO)
                        .get(connect.timeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new CommandFailure("headers from " + s.target() + " failed: "
                        + (e instanceof ExecutionException x ? x.getCause() : "no answer within " + connect.timeout()));
            }
            if (h.headers().isEmpty()) {
                return;
            }
            try {
                chain.addAll(h.headers());
            } catch (HeaderValidationException e) {
                throw new CommandFailure("invalid header from " + s.target() + ": " + e.getMessage());
            }
            progress.update("headers", Math.min(chain.height(), toHeight), toHeight);
        }
    }

    private DownloadProgress await(java.util.concurrent.CompletableFuture<DownloadProgress> finished,
                                   BlockDownloader downloader, List<ClientSession> sessions, ProgressLine progress)
            throws Exception {
        while (true) {
            try {
                return finished.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                DownloadProgress p = downloader.progress();
                progress.update(String.format(java.util.Locale.ROOT, "blocks %.1f MB/s ETA %s", p.bytesPerSecond() / 1e6,
                        p.eta().map(Format::seconds).orElse("?")), p.consumedBlocks(), p.totalBlocks());
                if (sessions.stream().noneMatch(s -> s.peer().isConnected())) {
                    throw new CommandFailure("every peer disconnected at height " + p.consumedHeight() + " of " + toHeight
                            + (p.badBlocks() > 0 ? " (" + p.badBlocks() + " sent blocks that did not match their headers)" : ""));
                }
            } catch (ExecutionException e) {
                throw new CommandFailure("download failed: " + e.getCause().getMessage());
            }
        }
    }

    private Outcome summary(HeaderChain chain, DownloadProgress done, Duration headersTime, List<ClientSession> sessions,
                            Map<Long, AtomicLong> perPeer, long transactions) {
        double seconds = Math.max(1e-9, done.elapsed().toNanos() / 1e9);
        StringBuilder h = new StringBuilder();
        Map<String, Long> byPeer = new TreeMap<>();
        for (ClientSession s : sessions) {
            byPeer.put(s.target().toString(), Optional.ofNullable(perPeer.get(s.peer().id())).map(AtomicLong::get).orElse(0L));
        }
        Format.row(h, 12, "peers", byPeer.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " blocks)")
                .reduce((a, b) -> a + ", " + b).orElse(""));
        Format.row(h, 12, "headers", chain.height() + " validated in " + Format.seconds(headersTime));
        Format.row(h, 12, "blocks", done.consumedBlocks() + " verified (merkle root and witness commitment), "
                + transactions + " transactions");
        Format.row(h, 12, "tip", toHeight + " " + chain.atHeight(toHeight).orElseThrow().hash());
        Format.row(h, 12, "downloaded", Format.bytes(done.receivedBytes()) + " in " + Format.seconds(done.elapsed()));
        Format.row(h, 12, "rate", String.format(java.util.Locale.ROOT, "%.1f blocks/s, ", done.consumedBlocks() / seconds)
                + Format.rate(done.receivedBytes() / seconds / 1e6));
        Format.row(h, 12, "incidents", done.badBlocks() + " bad blocks, " + done.stallDisconnects() + " stallers dropped, "
                + done.reassignedBlocks() + " blocks reassigned");
        List<Object> peersJson = new ArrayList<>();
        byPeer.forEach((k, v) -> peersJson.add(new Json().put("peer", k).put("blocks", v)));
        Json j = new Json()
                .put("network", connect.network().name())
                .put("peers", Json.array(peersJson))
                .put("headers", chain.height())
                .put("blocks", done.consumedBlocks())
                .put("verified", done.consumedBlocks())
                .put("transactions", transactions)
                .put("tip_height", toHeight)
                .put("tip_hash", chain.atHeight(toHeight).orElseThrow().hash().toString())
                .put("bytes", done.receivedBytes())
                .put("elapsed_ms", Format.millisValue(done.elapsed()), 1)
                .put("headers_ms", Format.millisValue(headersTime), 1)
                .put("blocks_per_second", done.consumedBlocks() / seconds, 1)
                .put("mb_per_second", done.receivedBytes() / seconds / 1e6, 2)
                .put("bad_blocks", done.badBlocks())
                .put("stall_disconnects", done.stallDisconnects())
                .put("reassigned", done.reassignedBlocks())
                .put("peak_held_bytes", done.peakHeldBytes());
        return new Outcome(h.toString(), j);
    }
}
