package org.btcpeer.examples.node;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.btcpeer.peer.inbound.Whitelist;

/**
 * How a listening example defends itself: where its bans are kept, which subnets have which
 * permissions, and how many inbound peers it holds (the CLI's {@code --ban-file}, {@code --whitelist}
 * and {@code --max-inbound}).
 *
 * @param banFile    the ban list file (loaded at start, written on every change), or empty for bans in memory
 * @param whitelist  permissions by subnet
 * @param maxInbound inbound peers at most, 1 to {@value #MAX_INBOUND_LIMIT}
 */
public record InboundOptions(Optional<Path> banFile, Whitelist whitelist, int maxInbound) {

    /** The highest {@code --max-inbound} accepted. */
    public static final int MAX_INBOUND_LIMIT = 100_000;

    /** No ban file, no whitelist, {@link InboundServer#MAX_PEERS} inbound peers. */
    public static final InboundOptions DEFAULT = new InboundOptions(Optional.empty(), Whitelist.EMPTY, InboundServer.MAX_PEERS);

    /**
     * Validates the options.
     *
     * @param banFile    ban file
     * @param whitelist  whitelist
     * @param maxInbound 1 to {@value #MAX_INBOUND_LIMIT}
     */
    public InboundOptions {
        Objects.requireNonNull(banFile, "banFile");
        Objects.requireNonNull(whitelist, "whitelist");
        if (maxInbound < 1 || maxInbound > MAX_INBOUND_LIMIT) {
            throw new IllegalArgumentException("max inbound must be 1 to " + MAX_INBOUND_LIMIT + ": " + maxInbound);
        }
    }
}
