package org.btcpeer.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import org.btcpeer.chain.client.BlockHashes;
import org.btcpeer.chain.client.FilterClient;
import org.btcpeer.chain.client.FilterClientEvent;
import org.btcpeer.chain.client.FilterScan;
import org.btcpeer.chain.client.FilterScanRequest;
import org.btcpeer.chain.client.SpentScriptSource;
import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.headers.HeaderValidationException;
import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.sync.ClientSession;
import org.btcpeer.peer.Peer;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.message.HeadersMessage;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code btcpeer filters}: BIP-157/158 over the library's {@link FilterClient}: headers from the
 * first peer into a validated {@link HeaderChain}, then filter headers cross-checked across the
 * peers given, every filter verified against them, the watched scripts matched and only the
 * matching blocks downloaded.
 */
@Command(name = "filters", mixinStandardHelpOptions = true,
        description = "Fetch and verify BIP-158 compact block filters (BIP-157) for a range of heights: headers from "
                + "the first peer (validated), filter headers cross-checked across all peers given, each filter "
                + "checked against its filter header. With --match, download and print only the blocks whose filter "
                + "matches a script; without, print every filter.")
public final class FiltersCommand extends BaseCommand {

    @Mixin
    ConnectOptions connect;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "HOST[:PORT]",
            description = "The peers (offering NODE_COMPACT_FILTERS); the port defaults to the network's.")
    List<String> targets;

    @Option(names = "--from", paramLabel = "H", required = true, description = "The first height.")
    int from;

    @Option(names = "--to", paramLabel = "H", required = true, description = "The last height.")
    int to;

    @Option(names = "--match", paramLabel = "SCRIPT_HEX", arity = "1..*", converter = ScriptHex.class,
            description = "Output scripts to watch, hex (e.g. 0014...); blocks paying or spending one are downloaded.")
    List<ByteString> scripts = new ArrayList<>();

    /** Creates the command; picocli injects the fields. */
    public FiltersCommand() {
    }

    /** {@code --match}: a non-empty script in hex. */
    public static final class ScriptHex implements ITypeConverter<ByteString> {
        /** Creates the converter; picocli calls it. */
        public ScriptHex() {
        }

        @Override
        public ByteString convert(String value) {
            if (value.isEmpty() || value.length() % 2 != 0 || !value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new TypeConversionException("invalid script '" + value + "': expected an even number of hex digits");
            }
            return ByteString.fromHex(value);
        }
    }

    @Override
    protected Outcome execute() throws Exception {
        if (from < 0 || to < from) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid range --from " + from + " --to " + to + ": expected 0 <= from <= to");
        }
        List<HostPort> peers = new ArrayList<>();
        for (String t : targets) {
            peers.add(connect.target(t));
        }
        List<ClientSession> sessions = new ArrayList<>();
        ProgressLine progress = new ProgressLine(err(), !json() && ProgressLine.interactive());
        try {
            for (HostPort p : peers) {
                sessions.add(ClientSession.connect(p, connect.network(), connect.transport(), connect.proxy(),
                        connect.timeout(), runtime(), UnaryOperator.identity()));
            }
            HeaderChain chain = headers(sessions.getFirst().peer(), progress);
            List<Json> filters = new ArrayList<>();
            StringBuilder lines = new StringBuilder();
            FilterClient client = new FilterClient(BlockHashes.of(chain), SpentScriptSource.NONE, e -> {
                if (e instanceof FilterClientEvent.FilterVerified f) {
                    progress.update("filters", f.height() - from + 1, to - from + 1);
                    if (scripts.isEmpty()) {
                        filters.add(new Json().put("height", f.height()).put("block_hash", f.filter().blockHash().toString())
                                .put("filter_header", f.header().toString()).put("elements", f.filter().filter().size())
                                .put("filter", f.filter().encoded().hex()));
                        lines.append("%8d  %s  header %s  %d elements%n".formatted(f.height(), f.filter().blockHash(),
                                f.header(), f.filter().filter().size()));
                    }
                } else if (e instanceof FilterClientEvent.PeerDropped d) {
                    lines.append("dropped %s: %s%n".formatted(d.peer(), d.evidence()));
                }
            });
            FilterScan scan = scan(client, sessions.stream().map(ClientSession::peer).toList());
            progress.clear();
            return report(peers, chain, scan, filters, lines);
        } finally {
            progress.clear();
            sessions.forEach(ClientSession::close);
        }
    }

    /** Downloads headers from genesis to at least {@code --to} into a validated chain. */
    private HeaderChain headers(Peer peer, ProgressLine progress) throws Exception {
        HeaderChain chain = HeaderChain.builder(ConsensusParams.of(connect.network())).build();
        while (chain.height() < to) {
            HeadersMessage m = await(peer.requests().getHeaders(chain.locator(), Hash256.ZERO), "headers");
            if (m.headers().isEmpty()) {
                break;
            }
            try {
                chain.addAll(m.headers());
            } catch (HeaderValidationException e) {
                throw new CommandFailure("invalid header from " + peer + ": " + e.getMessage());
            }
            progress.update("headers", chain.height(), to);
        }
        if (chain.height() < to) {
            throw new CommandFailure("the peer's chain ends at height " + chain.height() + ", below --to " + to);
        }
        return chain;
    }

    private FilterScan scan(FilterClient client, List<Peer> peers) throws Exception {
        try {
            return client.scan(peers, new FilterScanRequest(from, to, new LinkedHashSet<>(scripts))).get();
        } catch (ExecutionException e) {
            throw new CommandFailure(e.getCause().getMessage());
        } finally {
            client.stop();
        }
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> f, String what) throws Exception {
        try {
            return f.get(connect.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new CommandFailure(what + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new CommandFailure(what + ": no answer within " + connect.timeout().toSeconds() + " s");
        }
    }

    private Outcome report(List<HostPort> peers, HeaderChain chain, FilterScan scan, List<Json> filters,
                           StringBuilder lines) {
        StringBuilder h = new StringBuilder();
        Format.row(h, 10, "peers", peers + " (" + connect.network().name() + ")");
        Format.row(h, 10, "range", from + ".." + to + " (headers verified to " + chain.height() + ")");
        Format.row(h, 10, "filters", scan.filtersVerified() + " verified against the filter-header chain"
                + (peers.size() > 1 ? ", cross-checked across " + peers.size() + " peers" : ""));
        if (!scripts.isEmpty()) {
            Format.row(h, 10, "matches", scan.matches().size() + " blocks for " + scripts.size() + " scripts");
        }
        h.append(lines);
        List<Json> matches = new ArrayList<>();
        Set<ByteString> watched = Set.copyOf(scripts);
        for (FilterScan.MatchedBlock m : scan.matches()) {
            boolean pays = m.block().transactions().stream().flatMap(t -> t.outputs().stream())
                    .anyMatch(o -> watched.contains(o.scriptPubKey()));
            h.append("%8d  %s  %d txs%s%n".formatted(m.height(), m.block().hash(), m.block().transactions().size(),
                    pays ? "  pays a watched script" : "  (spends one, or a false positive)"));
            matches.add(new Json().put("height", m.height()).put("block_hash", m.block().hash().toString())
                    .put("tx_count", m.block().transactions().size()).put("pays_watched_script", pays));
        }
        Json j = new Json()
                .put("peers", peers.stream().map(HostPort::toString).toList())
                .put("network", connect.network().name())
                .put("from", from)
                .put("to", to)
                .put("filters_verified", scan.filtersVerified())
                .put("peers_dropped", scan.droppedPeers())
                .put("matches", matches);
        if (scripts.isEmpty()) {
            j.put("filters", filters);
        }
        return new Outcome(h.toString(), j);
    }
}
