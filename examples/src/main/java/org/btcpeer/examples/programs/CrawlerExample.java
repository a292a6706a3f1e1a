package org.btcpeer.examples.programs;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerConnector;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.RequiredServices;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.AddrMessage;
import org.btcpeer.wire.message.AddrV2Message;
import org.btcpeer.wire.message.GetAddrMessage;

/**
 * A crawler: from a seed, handshake with each node, ask it for addresses (getaddr), and walk the
 * ones it names, up to {@code limit} nodes. Prints each node's user agent and height.
 *
 * <pre>java ... CrawlerExample HOST PORT    (regtest)</pre>
 */
public final class CrawlerExample {

    private CrawlerExample() {
    }

    /**
     * Crawls from {@code seed}.
     *
     * @param seed    the first node
     * @param network the network
     * @param runtime the peer runtime
     * @param limit   the most nodes to visit
     * @param out     where to print
     * @return each visited node and its user agent ("unreachable: ..." if the visit failed)
     */
    public static Map<InetSocketAddress, String> run(InetSocketAddress seed, NetworkParameters network,
                                                     PeerRuntime runtime, int limit, PrintStream out) {
        Map<InetSocketAddress, String> visited = new LinkedHashMap<>();
        Deque<InetSocketAddress> queue = new ArrayDeque<>(List.of(seed));
        while (!queue.isEmpty() && visited.size() < limit) {
            InetSocketAddress next = queue.poll();
            if (visited.containsKey(next)) {
                continue;
            }
            CompletableFuture<List<AddressRecord>> addresses = new CompletableFuture<>();
            PeerListeners listeners = PeerListeners.builder()
                    .on(AddrMessage.class, (p, m) -> addresses.complete(m.addresses()))
                    .on(AddrV2Message.class, (p, m) -> addresses.complete(m.addresses()))
                    .build();
            PeerConfig config = PeerConfig.builder().network(network).relay(false)
                    .requiredServices(RequiredServices.NONE).listeners(listeners).build();
            try {
                Peer peer = PeerConnector.connect(next, config, runtime).handshake().get(10, TimeUnit.SECONDS);
                String agent = peer.remoteVersion().orElseThrow().userAgent();
                visited.put(next, agent);
                out.println("crawl: " + next + " " + agent + " height " + peer.remoteVersion().orElseThrow().startHeight());
                peer.send(GetAddrMessage.INSTANCE);
                for (AddressRecord r : addresses.completeOnTimeout(List.of(), 5, TimeUnit.SECONDS).get()) {
                    r.address().toInetSocketAddress().ifPresent(queue::add);
                }
                peer.disconnect("crawled");
            } catch (Exception e) {
                visited.put(next, "unreachable: " + e);
                out.println("crawl: " + next + " unreachable");
            }
        }
        return visited;
    }
}
