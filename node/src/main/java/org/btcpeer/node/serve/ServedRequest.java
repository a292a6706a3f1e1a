package org.btcpeer.node.serve;

import org.btcpeer.peer.Peer;

/**
 * One request {@link ChainServer} answered, for the application's log: which peer, what it asked
 * and what it got.
 *
 * @param peer    the peer
 * @param command the request's command ({@code getheaders}, {@code getblocks}, {@code getdata})
 * @param answer  a one-line summary of the answer, e.g. {@code "2000 headers"}
 */
public record ServedRequest(Peer peer, String command, String answer) {

    @Override
    public String toString() {
        return peer + " " + command + " -> " + answer;
    }
}
