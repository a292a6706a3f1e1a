package org.btcpeer.examples.programs;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.btcpeer.examples.Connections;
import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.message.HeadersMessage;

/**
 * Header sync driven by a listener: each headers message is checked to link to the last header we
 * have, and the listener itself asks for the next batch, until a batch shorter than 2,000 says the
 * peer has no more. The main thread only waits for the result.
 *
 * <pre>java ... HeadersSyncExample [HOST [PORT]]    (regtest; default 127.0.0.1 18444)</pre>
 */
public final class HeadersSyncExample {

    private HeadersSyncExample() {
    }

    /**
     * Runs the example against {@code HOST PORT} on regtest.
     *
     * @param args optional host and port
     * @throws Exception if the sync fails
     */
    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : NetworkParameters.REGTEST.defaultPort();
        run(new HostPort(host, port), NetworkParameters.REGTEST, PeerRuntime.create(), System.out);
    }

    /**
     * Syncs every header from genesis.
     *
     * @param target  the node
     * @param network its network
     * @param runtime the peer runtime
     * @param out     where to print
     * @return the headers after genesis
     * @throws Exception if a header does not link, or the sync does not finish within 30 s
     */
    public static List<BlockHeader> run(HostPort target, NetworkParameters network, PeerRuntime runtime, PrintStream out)
            throws Exception {
        List<BlockHeader> chain = new ArrayList<>(); // touched only by the reader thread until `done` completes
        CompletableFuture<List<BlockHeader>> done = new CompletableFuture<>();

        PeerListeners listeners = PeerListeners.builder().on(HeadersMessage.class, (peer, msg) -> {
            for (BlockHeader h : msg.headers()) {
                Hash256 tip = chain.isEmpty() ? network.genesisHash() : chain.get(chain.size() - 1).hash();
                if (!h.prevBlock().equals(tip)) {
                    done.completeExceptionally(new IllegalStateException("header " + h.hash() + " does not link"));
                    return;
                }
                chain.add(h);
            }
            out.println("headers: +" + msg.headers().size() + " -> height " + chain.size());
            if (msg.headers().size() < HeadersMessage.MAX_HEADERS) {
                done.complete(List.copyOf(chain));
            } else {
                // Never block in a listener: pushGetHeaders only queues the request.
                peer.pushGetHeaders(List.of(chain.get(chain.size() - 1).hash()), Hash256.ZERO);
            }
        }).build();

        PeerConfig config = PeerConfig.builder().network(network).listeners(listeners).build();
        Peer peer = Peer.outbound(Connections.dial(target, network, TransportOption.V1, Optional.empty(),
                Duration.ofSeconds(10)), config, runtime);
        peer.disconnected().thenAccept(d -> done.completeExceptionally(new IllegalStateException("disconnected: " + d)));
        try {
            peer.handshake().get(10, TimeUnit.SECONDS);
            peer.pushGetHeaders(List.of(network.genesisHash()), Hash256.ZERO);
            List<BlockHeader> headers = done.get(30, TimeUnit.SECONDS);
            out.println("headers: synced " + headers.size() + ", tip "
                    + (headers.isEmpty() ? network.genesisHash() : headers.get(headers.size() - 1).hash()));
            return headers;
        } finally {
            peer.disconnect("example done");
        }
    }
}
