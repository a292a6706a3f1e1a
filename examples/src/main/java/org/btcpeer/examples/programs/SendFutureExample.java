package org.btcpeer.examples.programs;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.btcpeer.examples.Connections;
import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerDisconnectedException;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.PingMessage;

/**
 * Send-completion futures: {@code peer.send(m)} never blocks and returns a
 * {@code CompletableFuture<Void>} that completes once the bytes reached the socket, in queue order,
 * or fails exactly once when the peer goes away first.
 *
 * <pre>java ... SendFutureExample [HOST [PORT]]    (regtest; default 127.0.0.1 18444)</pre>
 */
public final class SendFutureExample {

    /**
     * What happened.
     *
     * @param written               sends that completed normally
     * @param failedAfterDisconnect whether a send after the disconnect failed with {@link PeerDisconnectedException}
     */
    public record Result(int written, boolean failedAfterDisconnect) {
    }

    private SendFutureExample() {
    }

    /**
     * Runs the example against {@code HOST PORT} on regtest.
     *
     * @param args optional host and port
     * @throws Exception if the connection fails
     */
    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : NetworkParameters.REGTEST.defaultPort();
        run(new HostPort(host, port), NetworkParameters.REGTEST, PeerRuntime.create(), System.out);
    }

    /**
     * Sends ten pings, waits for all ten writes, disconnects, then shows a late send failing.
     *
     * @param target  the node
     * @param network its network
     * @param runtime the peer runtime
     * @param out     where to print
     * @return what happened
     * @throws Exception if the connection or a write fails
     */
    public static Result run(HostPort target, NetworkParameters network, PeerRuntime runtime, PrintStream out)
            throws Exception {
        Peer peer = Peer.outbound(Connections.dial(target, network, TransportOption.V1, Optional.empty(),
                Duration.ofSeconds(10)), PeerConfig.builder().network(network).build(), runtime);
        peer.handshake().get(10, TimeUnit.SECONDS);

        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            int n = i;
            CompletableFuture<Void> f = peer.send(new PingMessage(i));
            f.thenRun(() -> out.println("send: ping " + n + " written")); // runs on the writer thread: keep it short
            sends.add(f);
        }
        // allOf completes when every write has reached the socket (or fails if one failed).
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        int written = (int) sends.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
        out.println("send: all " + written + " pings written");

        peer.disconnect("example done");
        peer.awaitDisconnect(Duration.ofSeconds(5));
        boolean failed;
        try {
            peer.send(new PingMessage(11)).get(5, TimeUnit.SECONDS);
            failed = false;
        } catch (ExecutionException e) {
            failed = e.getCause() instanceof PeerDisconnectedException;
            out.println("send: after disconnect the future failed: " + e.getCause().getMessage());
        }
        return new Result(written, failed);
    }
}
