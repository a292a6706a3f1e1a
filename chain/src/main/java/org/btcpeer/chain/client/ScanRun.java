package org.btcpeer.chain.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.btcpeer.chain.client.FilterClientException.Failure;
import org.btcpeer.chain.filter.BlockFilter;
import org.btcpeer.chain.filter.FilterCheckException;
import org.btcpeer.chain.filter.FilterChecks;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerRequests;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.message.CFCheckptMessage;
import org.btcpeer.wire.message.CFHeadersMessage;
import org.btcpeer.wire.message.CFilterMessage;
import org.btcpeer.wire.message.CompactFilters;

/**
 * One scan of a {@link FilterClient}, run on its own thread: the steps of the class diagram there.
 * Holds the agreed filter headers of the range (32 bytes a block) and the peers still in use.
 */
final class ScanRun {

    private static final int CHECKPOINT_INTERVAL = CompactFilters.CHECKPOINT_INTERVAL;

    private final BlockHashes chain;
    private final SpentScriptSource spentScripts;
    private final Consumer<FilterClientEvent> events;
    private final CompletableFuture<Void> stopped;
    private final FilterScanRequest request;
    private final List<ByteString> watched;
    private final List<Peer> peers = new ArrayList<>();
    private int dropped;

    /** The height of the trusted header the verified headers chain from (-1: before genesis). */
    private int baseHeight = -1;
    private Hash256 baseHeader = Hash256.ZERO;
    /** Agreed filter headers from baseHeight + 1. */
    private final List<Hash256> headers = new ArrayList<>();

    ScanRun(BlockHashes chain, SpentScriptSource spentScripts, Consumer<FilterClientEvent> events,
            CompletableFuture<Void> stopped, List<Peer> candidates, FilterScanRequest request) {
        this.chain = chain;
        this.spentScripts = spentScripts;
        this.events = events;
        this.stopped = stopped;
        this.request = request;
        this.watched = List.copyOf(request.scripts());
        for (Peer p : candidates) {
            if (p.isConnected() && p.remoteVersion().map(v -> v.services().has(ServiceFlags.NODE_COMPACT_FILTERS)).orElse(false)) {
                peers.add(p);
            }
        }
    }

    FilterScan run() throws FilterClientException {
        if (peers.isEmpty()) {
            throw new FilterClientException(Failure.NO_FILTER_PEERS, "no connected peer offers NODE_COMPACT_FILTERS");
        }
        Map<Peer, List<Hash256>> checkpoints = checkpoints();
        trustAgreedCheckpoint(checkpoints);
        int start = baseHeight + 1;
        while (start <= request.toHeight()) {
            int end = Math.min(request.toHeight(), start + CompactFilters.MAX_GETCFHEADERS_SIZE - 1);
            headers.addAll(agreedHeaders(start, end, checkpoints));
            events.accept(new FilterClientEvent.HeadersVerified(end, peers.size()));
            start = end + 1;
        }
        return filters();
    }

    // ------------------------------------------------------------ filter headers

    /** Every peer's cfcheckpt up to the last height; a peer with the wrong number of checkpoints is dropped. */
    private Map<Peer, List<Hash256>> checkpoints() throws FilterClientException {
        Hash256 stop = chain.at(request.toHeight());
        int expected = request.toHeight() / CHECKPOINT_INTERVAL;
        Map<Peer, CompletableFuture<CFCheckptMessage>> asked = new LinkedHashMap<>();
        for (Peer p : peers) {
            asked.put(p, p.requests().getCFCheckpt(stop));
        }
        Map<Peer, List<Hash256>> byPeer = new LinkedHashMap<>();
        for (Map.Entry<Peer, CompletableFuture<CFCheckptMessage>> e : asked.entrySet()) {
            Optional<CFCheckptMessage> m = answer(e.getKey(), e.getValue());
            if (m.isPresent() && m.get().filterHeaders().size() != expected) {
                drop(e.getKey(), "its cfcheckpt to height " + request.toHeight() + " has " + m.get().filterHeaders().size()
                        + " headers, not " + expected);
            } else if (m.isPresent()) {
                byPeer.put(e.getKey(), m.get().filterHeaders());
            }
        }
        requirePeers();
        return byPeer;
    }

    /** Starts from the last checkpoint below the range that every peer agrees on (genesis if none). */
    private void trustAgreedCheckpoint(Map<Peer, List<Hash256>> checkpoints) {
        List<List<Hash256>> lists = List.copyOf(checkpoints.values());
        int agreed = FilterChecks.firstDisagreement(lists).orElse(lists.getFirst().size());
        int index = Math.min(agreed, (request.fromHeight() - 1) / CHECKPOINT_INTERVAL) - 1;
        if (index >= 0) {
            baseHeight = (index + 1) * CHECKPOINT_INTERVAL;
            baseHeader = lists.getFirst().get(index);
        }
    }

    /** The filter headers from start to end every remaining peer agrees on, after dropping the liars. */
    private List<Hash256> agreedHeaders(int start, int end, Map<Peer, List<Hash256>> checkpoints)
            throws FilterClientException {
        Hash256 previous = header(start - 1);
        Hash256 stop = chain.at(end);
        Map<Peer, CompletableFuture<CFHeadersMessage>> asked = new LinkedHashMap<>();
        for (Peer p : peers) {
            asked.put(p, p.requests().getCFHeaders(start, stop));
        }
        Map<Peer, List<Hash256>> claims = new LinkedHashMap<>();
        for (Map.Entry<Peer, CompletableFuture<CFHeadersMessage>> e : asked.entrySet()) {
            Peer p = e.getKey();
            Optional<CFHeadersMessage> m = answer(p, e.getValue());
            if (m.isEmpty()) {
                continue;
            }
            if (m.get().filterHashes().size() != end - start + 1) {
                drop(p, "its cfheaders from " + start + " to " + end + " has " + m.get().filterHashes().size() + " hashes");
                continue;
            }
            try {
                List<Hash256> chained = FilterChecks.headers(m.get(), stop, previous, Optional.empty());
                Optional<String> contradiction = contradictsCheckpoints(start, chained, checkpoints.get(p));
                if (contradiction.isPresent()) {
                    drop(p, contradiction.get());
                } else {
                    claims.put(p, chained);
                }
            } catch (FilterCheckException ex) {
                drop(p, "its cfheaders from " + start + ": " + ex.getMessage());
            }
        }
        while (true) {
            requirePeers();
            claims.keySet().retainAll(peers);
            OptionalInt differ = FilterChecks.firstDisagreement(List.copyOf(claims.values()));
            if (differ.isEmpty()) {
                return claims.values().iterator().next();
            }
            int i = differ.getAsInt();
            Hash256 before = i == 0 ? previous : claims.values().iterator().next().get(i - 1);
            Map<Peer, Hash256> claimed = new LinkedHashMap<>();
            claims.forEach((p, list) -> claimed.put(p, list.get(i)));
            settle(start + i, before, claimed);
        }
    }

    /** Why a peer's headers contradict its own cfcheckpt, if they do. */
    private static Optional<String> contradictsCheckpoints(int start, List<Hash256> chained, List<Hash256> checkpoints) {
        int first = ((start + CHECKPOINT_INTERVAL - 1) / CHECKPOINT_INTERVAL) * CHECKPOINT_INTERVAL;
        for (int h = Math.max(first, CHECKPOINT_INTERVAL); h < start + chained.size(); h += CHECKPOINT_INTERVAL) {
            Hash256 checkpoint = checkpoints.get(h / CHECKPOINT_INTERVAL - 1);
            if (!chained.get(h - start).equals(checkpoint)) {
                return Optional.of("its cfheaders give header " + chained.get(h - start) + " at height " + h
                        + ", its own cfcheckpt " + checkpoint);
            }
        }
        return Optional.empty();
    }

    /**
     * Peers differ on the filter header at {@code height} and agree before it: fetch the block and
     * each side's filter, drop whom the evidence convicts.
     */
    private void settle(int height, Hash256 before, Map<Peer, Hash256> claimed) throws FilterClientException {
        Hash256 hash = chain.at(height);
        Block block = null;
        for (Peer p : List.copyOf(claimed.keySet())) {
            Optional<Block> b = answer(p, p.requests().getBlock(hash));
            if (b.isPresent()) {
                Optional<String> problem = FilterDispute.blockProblem(b.get(), hash);
                if (problem.isEmpty()) {
                    block = b.get();
                    break;
                }
                drop(p, "it sent " + problem.get());
            }
        }
        if (block == null) {
            throw new FilterClientException(Failure.UNRESOLVED_DISAGREEMENT, "peers differ on the filter header at height "
                    + height + " and none of them sent block " + hash);
        }
        Optional<List<ByteString>> spent = spentScripts.spentScripts(block);
        int before0 = peers.size();
        for (Map.Entry<Peer, Hash256> e : claimed.entrySet()) {
            Peer p = e.getKey();
            if (!peers.contains(p)) {
                continue;
            }
            Optional<List<CFilterMessage>> f = answer(p, p.requests().getCFilters(height, List.of(hash)));
            if (f.isPresent()) {
                Optional<String> evidence = FilterDispute.evidence(block, before, e.getValue(), f.get().getFirst(), spent);
                if (evidence.isPresent()) {
                    drop(p, evidence.get());
                }
            }
        }
        if (peers.size() == before0) {
            throw new FilterClientException(Failure.UNRESOLVED_DISAGREEMENT, "peers differ on the filter header at height "
                    + height + " and the block convicts none of them" + (spent.isEmpty() ? " (no spent scripts known)" : ""));
        }
    }

    /** The agreed filter header at a height from baseHeight (the trusted start) on. */
    private Hash256 header(int height) {
        return height == baseHeight ? baseHeader : headers.get(height - baseHeight - 1);
    }

    // ------------------------------------------------------------ filters and blocks

    private FilterScan filters() throws FilterClientException {
        List<FilterScan.MatchedBlock> matches = new ArrayList<>();
        int verified = 0;
        int next = 0;
        for (int start = request.fromHeight(); start <= request.toHeight(); ) {
            int end = Math.min(request.toHeight(), start + CompactFilters.MAX_GETCFILTERS_SIZE - 1);
            List<Hash256> hashes = new ArrayList<>(end - start + 1);
            for (int h = start; h <= end; h++) {
                hashes.add(chain.at(h));
            }
            List<BlockFilter> filters = null;
            Peer server = null;
            while (filters == null) {
                requirePeers();
                server = peers.get(next++ % peers.size());
                filters = verifiedFilters(server, start, hashes);
            }
            List<Integer> matched = new ArrayList<>();
            for (int i = 0; i < filters.size(); i++) {
                int h = start + i;
                boolean match = !watched.isEmpty() && filters.get(i).filter().matchAny(watched);
                if (match) {
                    matched.add(h);
                }
                events.accept(new FilterClientEvent.FilterVerified(h, header(h), filters.get(i), match, request.toHeight()));
            }
            verified += filters.size();
            matches.addAll(blocks(matched, server));
            start = end + 1;
        }
        return new FilterScan(request, verified, matches, dropped);
    }

    /** A batch of filters from one peer, each checked against the agreed headers; null if the peer failed or lied. */
    private List<BlockFilter> verifiedFilters(Peer server, int start, List<Hash256> hashes) throws FilterClientException {
        Optional<List<CFilterMessage>> got = answer(server, server.requests().getCFilters(start, hashes));
        if (got.isEmpty()) {
            return null;
        }
        List<BlockFilter> filters = new ArrayList<>(hashes.size());
        for (int i = 0; i < hashes.size(); i++) {
            int h = start + i;
            try {
                filters.add(FilterChecks.filter(got.get().get(i), hashes.get(i), header(h - 1), header(h)));
            } catch (FilterCheckException e) {
                drop(server, "its cfilter at height " + h + " does not match the filter headers all peers agreed on: "
                        + e.getMessage());
                return null;
            }
        }
        return filters;
    }

    /** Downloads the matching blocks, preferring the peer that served their filters. */
    private List<FilterScan.MatchedBlock> blocks(List<Integer> heights, Peer preferred) throws FilterClientException {
        List<FilterScan.MatchedBlock> out = new ArrayList<>();
        for (int from = 0; from < heights.size(); from += PeerRequests.MAX_BLOCKS_IN_FLIGHT) {
            List<Integer> chunk = heights.subList(from, Math.min(heights.size(), from + PeerRequests.MAX_BLOCKS_IN_FLIGHT));
            List<Hash256> hashes = chunk.stream().map(chain::at).toList();
            List<Block> blocks = null;
            while (blocks == null) {
                requirePeers();
                Peer p = peers.contains(preferred) ? preferred : peers.getFirst();
                Optional<List<Block>> got = answer(p, p.requests().getBlocks(hashes));
                if (got.isPresent()) {
                    blocks = got.get();
                    for (int i = 0; i < blocks.size() && blocks != null; i++) {
                        Optional<String> problem = FilterDispute.blockProblem(blocks.get(i), hashes.get(i));
                        if (problem.isPresent()) {
                            drop(p, "it sent " + problem.get());
                            blocks = null;
                        }
                    }
                }
            }
            for (int i = 0; i < chunk.size(); i++) {
                out.add(new FilterScan.MatchedBlock(chunk.get(i), blocks.get(i)));
                events.accept(new FilterClientEvent.BlockMatched(chunk.get(i), blocks.get(i)));
            }
        }
        return out;
    }

    // ------------------------------------------------------------ peers

    /**
     * Waits for a peer's answer. A failed request (timeout, notfound, disconnect, refusal) takes the
     * peer out of this scan without blame and gives empty.
     */
    private <T> Optional<T> answer(Peer peer, CompletableFuture<T> f) throws FilterClientException {
        try {
            CompletableFuture.anyOf(f, stopped).join();
        } catch (CompletionException | CancellationException e) {
            // f failed: handled below
        }
        if (stopped.isDone()) {
            throw new FilterClientException(Failure.STOPPED, "the client was stopped");
        }
        try {
            return Optional.of(f.join());
        } catch (CompletionException | CancellationException e) {
            peers.remove(peer);
            return Optional.empty();
        }
    }

    private void drop(Peer peer, String evidence) {
        peers.remove(peer);
        dropped++;
        peer.disconnect("BIP-157 peer lied: " + evidence);
        events.accept(new FilterClientEvent.PeerDropped(peer, evidence));
    }

    private void requirePeers() throws FilterClientException {
        if (peers.isEmpty()) {
            throw new FilterClientException(Failure.NO_PEER_LEFT, "every filter peer failed to answer or was dropped"
                    + (dropped > 0 ? " (" + dropped + " for lying)" : ""));
        }
    }
}
