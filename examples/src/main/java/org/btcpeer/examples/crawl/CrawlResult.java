package org.btcpeer.examples.crawl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.btcpeer.examples.HostPort;
import org.btcpeer.wire.message.VersionMessage;

/**
 * What the crawler found at one address.
 *
 * @param address   the address visited
 * @param depth     hops from a seed (seeds are 0)
 * @param version   the node's version message, if the handshake completed
 * @param transport "v1" or "v2", if connected
 * @param learned   the addresses its getaddr answer held (reachable kinds only)
 * @param error     why it was not reachable, if it was not
 */
public record CrawlResult(HostPort address, int depth, Optional<VersionMessage> version, Optional<String> transport,
                          List<HostPort> learned, Optional<String> error) {

    /**
     * Validates the fields.
     *
     * @param address   address
     * @param depth     depth
     * @param version   version
     * @param transport transport
     * @param learned   learned addresses
     * @param error     error
     */
    public CrawlResult {
        Objects.requireNonNull(address, "address");
        learned = List.copyOf(learned);
    }

    /** Whether the handshake completed. */
    public boolean reachable() {
        return version.isPresent();
    }
}
