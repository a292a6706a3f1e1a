package org.btcpeer.examples.programs;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.btcpeer.examples.Connections;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerDisconnect;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.UserAgent;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.wire.NetworkParameters;

/**
 * An inbound listener: accept one connection, run an inbound peer on it, print every message it
 * receives, and return when the remote disconnects.
 *
 * <pre>java ... InboundListenerExample [PORT]    (regtest on 127.0.0.1; default 18444)</pre>
 */
public final class InboundListenerExample {

    private InboundListenerExample() {
    }

    /**
     * Listens on 127.0.0.1 and serves one peer.
     *
     * @param args an optional port
     * @throws Exception if listening fails
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : NetworkParameters.REGTEST.defaultPort();
        try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            System.out.println("inbound: listening on " + server.getLocalSocketAddress());
            run(server, NetworkParameters.REGTEST, PeerRuntime.create(), System.out);
        }
    }

    /**
     * Accepts one connection and prints its messages until it ends.
     *
     * @param server  a bound server socket
     * @param network the network
     * @param runtime the peer runtime
     * @param out     where to print
     * @return the commands received, in order
     * @throws Exception if accepting or negotiating fails
     */
    public static List<String> run(ServerSocket server, NetworkParameters network, PeerRuntime runtime, PrintStream out)
            throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        PeerConfig config = PeerConfig.builder()
                .network(network)
                .userAgent(UserAgent.of("inbound-example", "1.0", List.of()))
                // onAny sees every message the peer delivers, after the type-specific listeners.
                .listeners(PeerListeners.builder().onAny((peer, m) -> {
                    received.add(m.commandName());
                    out.println("inbound: " + peer.address() + " sent " + m.commandName());
                }).build())
                .build();

        Socket socket = server.accept();
        TransportConnection connection = Connections.accept(socket, network, TransportOption.V1);
        Peer peer = Peer.inbound(connection, config, runtime); // waits for the remote's version
        peer.handshake().thenAccept(p -> out.println("inbound: handshake complete with " + p.stats().userAgent()));

        PeerDisconnect end = peer.disconnected().get();
        out.println("inbound: peer ended: " + end);
        return List.copyOf(received);
    }
}
