package org.btcpeer.examples.programs;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.btcpeer.examples.Connections;
import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.UserAgent;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;

/**
 * An outbound peer, as btcd's {@code peer} example: listeners for version and verack, connect,
 * wait for the handshake, print what the remote said, disconnect.
 *
 * <pre>java ... OutboundPeerExample [HOST [PORT]]    (regtest; default 127.0.0.1 18444)</pre>
 */
public final class OutboundPeerExample {

    private OutboundPeerExample() {
    }

    /**
     * Runs the example against {@code HOST PORT} on regtest.
     *
     * @param args optional host and port
     * @throws Exception if the connection or handshake fails
     */
    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : NetworkParameters.REGTEST.defaultPort();
        run(new HostPort(host, port), NetworkParameters.REGTEST, PeerRuntime.create(), System.out);
    }

    /**
     * Connects, completes the handshake and disconnects.
     *
     * @param target  the node
     * @param network its network
     * @param runtime the peer runtime
     * @param out     where to print
     * @return the remote's version message
     * @throws Exception if the connection or handshake fails
     */
    public static VersionMessage run(HostPort target, NetworkParameters network, PeerRuntime runtime, PrintStream out)
            throws Exception {
        // 1. Listeners run on the peer's reader thread, in order; they must not block.
        PeerListeners listeners = PeerListeners.builder()
                .on(VersionMessage.class, (peer, v) -> out.println("outbound: received version " + v.version()
                        + " from " + v.userAgent() + " at height " + v.startHeight()))
                .on(VerackMessage.class, (peer, v) -> out.println("outbound: received verack"))
                .build();
        PeerConfig config = PeerConfig.builder()
                .network(network)
                .userAgent(UserAgent.of("outbound-example", "1.0", List.of()))
                .listeners(listeners)
                .build();

        // 2. The caller owns the connection; the examples make every one through Connections.
        TransportConnection connection = Connections.dial(target, network, TransportOption.V1, Optional.empty(),
                Duration.ofSeconds(10));

        // 3. The peer sends version at once and negotiates the rest.
        Peer peer = Peer.outbound(connection, config, runtime);
        peer.handshake().get(10, TimeUnit.SECONDS);
        VersionMessage remote = peer.remoteVersion().orElseThrow();
        out.println("outbound: handshake complete with " + peer.address() + ", negotiated version "
                + peer.features().version() + ", services " + remote.services().names());

        // 4. Disconnect and wait until both of the peer's threads have ended.
        peer.disconnect("example done");
        out.println("outbound: " + peer.awaitDisconnect(Duration.ofSeconds(5)));
        return remote;
    }
}
