package org.btcpeer.examples.cli;

import java.time.Duration;
import java.util.function.UnaryOperator;

import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.sync.ClientSession;
import org.btcpeer.examples.sync.HeaderChain;
import org.btcpeer.examples.sync.HeaderSync;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code btcpeer headers}: sync headers from genesis, verify linkage and proof of work, print the tip. */
@Command(name = "headers", mixinStandardHelpOptions = true,
        description = "Download headers from genesis (getheaders, 2,000 per batch), check that they link and carry "
                + "valid proof of work, and print the tip.")
public final class HeadersCommand extends BaseCommand {

    @Mixin
    ConnectOptions connect;

    @Option(names = "--max", paramLabel = "N", defaultValue = "2147483647",
            description = "Stop after N headers (default: all).")
    int max;

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
        ProgressLine progress = new ProgressLine(err(), !json() && ProgressLine.interactive());
        try (ClientSession s = ClientSession.connect(to, connect.network(), connect.transport(), connect.proxy(),
                connect.timeout(), runtime(), UnaryOperator.identity())) {
            long start = System.nanoTime();
            int peerHeight = s.peer().remoteVersion().map(v -> v.startHeight()).orElse(0);
            HeaderChain chain;
            try {
                chain = HeaderSync.sync(s, max, h -> progress.update("headers", h, Math.min(max, peerHeight)));
            } finally {
                progress.clear();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            StringBuilder h = new StringBuilder();
            Format.row(h, 10, "peer", to + " (" + connect.network().name() + ")");
            Format.row(h, 10, "headers", chain.height() + " verified (linkage from genesis, proof of work)");
            Format.row(h, 10, "tip", chain.tipHash());
            Format.row(h, 10, "height", chain.height());
            Format.row(h, 10, "elapsed", Format.seconds(elapsed));
            Json j = new Json()
                    .put("peer", to.toString())
                    .put("network", connect.network().name())
                    .put("headers", chain.height())
                    .put("tip_hash", chain.tipHash().toString())
                    .put("tip_height", chain.height())
                    .put("elapsed_ms", Format.millisValue(elapsed), 1);
            return new Outcome(h.toString(), j);
        }
    }
}
