package org.btcpeer.peer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.VersionMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link PeerAcceptor#peers()} lists an inbound peer before it can read anything, so before its handshake completes. */
@Timeout(30)
class AcceptorListingTest {

    @Test
    void aPeerIsListedBeforeItsFirstMessageIsRead() throws Exception {
        AtomicReference<PeerAcceptor> acceptor = new AtomicReference<>();
        CompletableFuture<Boolean> listedAtVersion = new CompletableFuture<>();
        PeerConfig inbound = PeerConfig.builder().network(NetworkParameters.REGTEST)
                .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS))
                .listeners(PeerListeners.builder()
                        .on(VersionMessage.class, (peer, v) -> listedAtVersion.complete(acceptor.get().peers().contains(peer)))
                        .build())
                .build();
        try (PeerAcceptor a = PeerAcceptor.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), inbound,
                PeerRuntime.create(), p -> { })) {
            acceptor.set(a);
            Peer out = PeerConnector.connect(a.localAddress(), PeerConfig.builder().network(NetworkParameters.REGTEST)
                    .transportPolicy(TransportPolicy.V1_ONLY).build(), PeerRuntime.create());
            try {
                out.handshake().get(10, TimeUnit.SECONDS);
                assertTrue(listedAtVersion.get(5, TimeUnit.SECONDS), "listed when its version was read");
                assertEquals(1, a.peers().size(), "listed once the dialer's handshake completed, no waiting");
            } finally {
                out.disconnect("done");
            }
        }
    }
}
