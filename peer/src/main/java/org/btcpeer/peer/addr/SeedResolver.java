package org.btcpeer.peer.addr;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Resolves a DNS seed's host name to the node addresses it returns. Behind an interface so tests
 * need no DNS and applications can resolve through their own resolver (or a proxy).
 */
@FunctionalInterface
public interface SeedResolver {

    /**
     * The addresses a seed name resolves to.
     *
     * @param host the seed's host name, e.g. {@code seed.bitcoin.sipa.be}
     * @return its A and AAAA records
     * @throws IOException if the name cannot be resolved
     */
    List<InetAddress> resolve(String host) throws IOException;

    /** The system resolver ({@link InetAddress#getAllByName}). */
    static SeedResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
