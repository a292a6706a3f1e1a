package org.btcpeer.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.btcpeer.examples.node.InboundOptions;
import org.btcpeer.examples.node.InboundServer;
import org.btcpeer.peer.inbound.Whitelist;

import picocli.CommandLine.Option;

/** The inbound-defence options of {@code serve} and {@code listen}: ban file, whitelist, inbound limit. */
public final class InboundCliOptions {

    @Option(names = "--ban-file", paramLabel = "FILE",
            description = "Keep manual bans in FILE (loaded at start, rewritten atomically on every change; a corrupt "
                    + "file is reported, moved to FILE.corrupt and ignored). Default: bans in memory only.")
    Path banFile;

    @Option(names = "--whitelist", paramLabel = "[PERMS@]SUBNET", converter = Converters.WhitelistEntry.class,
            description = "Give inbound peers from SUBNET permissions (repeatable): Core's syntax perm,perm@SUBNET, "
                    + "or SUBNET=perm,perm; permissions noban, relay, forcerelay, download, addr, mempool; a bare SUBNET "
                    + "gets Core's default noban,relay,mempool.")
    List<Whitelist.Entry> whitelist = new ArrayList<>();

    @Option(names = "--max-inbound", paramLabel = "N", converter = Converters.MaxInbound.class,
            description = "Inbound peers at most, 1 to " + InboundOptions.MAX_INBOUND_LIMIT + "; when full, a newcomer "
                    + "evicts a peer by Core's rules (default: " + InboundServer.MAX_PEERS + ").")
    Integer maxInbound;

    /** Creates the options; picocli injects the fields. */
    public InboundCliOptions() {
    }

    /** The options as the node takes them. */
    public InboundOptions toOptions() {
        return new InboundOptions(Optional.ofNullable(banFile), new Whitelist(whitelist),
                maxInbound == null ? InboundServer.MAX_PEERS : maxInbound);
    }
}
