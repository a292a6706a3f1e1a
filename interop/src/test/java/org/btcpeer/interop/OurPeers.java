package org.btcpeer.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerConnector;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.UserAgent;
import org.btcpeer.transport.TransportException;
import org.btcpeer.wire.NetworkParameters;

/** Our side of each case: regtest peer configurations and a connect that waits for the handshake. */
final class OurPeers {

    /** The user agent Core must see. */
    static final String USER_AGENT = UserAgent.of("btcpeer-interop", UserAgent.LIBRARY_VERSION, List.of());

    private OurPeers() {
    }

    /**
     * A regtest configuration with a short outbound trickle (200 ms, so announcements do not wait
     * Core's 2 s average) and a 20 s handshake bound; everything else is the library's default.
     *
     * @return the builder
     */
    static PeerConfig.Builder regtest() {
        return PeerConfig.builder()
                .network(NetworkParameters.REGTEST)
                .userAgent(USER_AGENT)
                .outboundTrickleInterval(Duration.ofMillis(200))
                .handshakeTimeout(Duration.ofSeconds(20));
    }

    /**
     * Connects to a node and waits (at most 20 s) for the version handshake.
     *
     * @param address the node
     * @param config  our configuration
     * @param runtime the runtime
     * @return the peer, handshake complete
     */
    static Peer connect(InetSocketAddress address, PeerConfig config, PeerRuntime runtime) {
        try {
            Peer peer = PeerConnector.connect(address, config, runtime);
            return peer.handshake().get(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TransportException | ExecutionException | TimeoutException e) {
            throw new AssertionError("connecting to Core at " + address + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Our socket's local port: Core's getpeerinfo {@code addr} for a peer of ours that dialed it.
     *
     * @param peer an outbound peer of ours
     * @return the local port
     */
    static int localPort(Peer peer) {
        return peer.connection().socket().orElseThrow().getLocalPort();
    }
}
