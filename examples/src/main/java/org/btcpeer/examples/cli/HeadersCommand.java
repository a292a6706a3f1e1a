package org.btcpeer.examples.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.headers.HeaderFile;
import org.btcpeer.chain.sync.HeaderSync;
import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.sync.ClientSession;
import org.btcpeer.examples.sync.HeadersDownload;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code btcpeer headers}: sync headers with the library's {@code HeaderSync} into a validated
 * {@code HeaderChain} (in memory, or a {@code HeaderFile} that a later run resumes), print the tip.
 */
@Command(name = "headers", mixinStandardHelpOptions = true,
        description = "Download headers (getheaders, 2,000 per batch) into a chain validated with the network's "
                + "consensus rules (proof of work, difficulty, timestamps, versions), and print the tip. "
                + "With --store the chain is kept in a file and the next run resumes from its tip.")
public final class HeadersCommand extends BaseCommand {

    @Mixin
    ConnectOptions connect;

    @Option(names = "--max", paramLabel = "N", defaultValue = "2147483647",
            description = "Stop at height N (default: all).")
    int max;

    @Option(names = "--store", paramLabel = "FILE",
            description = "Keep the chain in FILE (created if missing, resumed from its tip if not).")
    Path store;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "The peer; the port defaults to the network's.")
    String target;

    /** Creates the command; picocli injects the fields. */
    public HeadersCommand() {
    }

    @Override
    protected Outcome execute() throws Exception {
        if (max < 0) {
            throw new CommandFailure("--max must not be negative");
        }
        HostPort to = connect.target(target);
        HeaderChain.Builder builder = HeaderChain.builder(ConsensusParams.of(connect.network()));
        HeaderFile file = store == null ? null : HeaderFile.open(store, builder);
        HeaderChain chain = file != null ? file.chain() : builder.build();
        int resumedFrom = chain.height();
        ProgressLine progress = new ProgressLine(err(), !json() && ProgressLine.interactive());
        long start = System.nanoTime();
        ChainHeader tip;
        try (file; HeaderSync sync = HeaderSync.builder(chain).time(runtime().time()).start();
             ClientSession s = ClientSession.connect(to, connect.network(), connect.transport(), connect.proxy(),
                     connect.timeout(), runtime(), UnaryOperator.identity(), sync.listeners())) {
            int peerHeight = s.peer().remoteVersion().map(v -> v.startHeight()).orElse(0);
            try {
                tip = HeadersDownload.run(s, sync, max, connect.timeout(),
                        h -> progress.update("headers", h, Math.min(max, peerHeight)));
            } finally {
                progress.clear();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        StringBuilder h = new StringBuilder();
        Format.row(h, 10, "peer", to + " (" + connect.network().name() + ")");
        Format.row(h, 10, "headers", (tip.height() - resumedFrom) + " new, validated (proof of work, difficulty, "
                + "time, version)" + (store != null ? "; stored in " + store + " from height " + resumedFrom : ""));
        Format.row(h, 10, "tip", tip.hash());
        Format.row(h, 10, "height", tip.height());
        Format.row(h, 10, "elapsed", Format.seconds(elapsed));
        Json j = new Json()
                .put("peer", to.toString())
                .put("network", connect.network().name())
                .put("headers", tip.height())
                .put("new_headers", Math.max(0, tip.height() - resumedFrom))
                .put("resumed_from", resumedFrom)
                .put("store", Optional.ofNullable(store).map(Path::toString).orElse(""))
                .put("tip_hash", tip.hash().toString())
                .put("tip_height", tip.height())
                .put("elapsed_ms", Format.millisValue(elapsed), 1);
        return new Outcome(h.toString(), j);
    }
}
