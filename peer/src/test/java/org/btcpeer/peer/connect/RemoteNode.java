package org.btcpeer.peer.connect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerAcceptor;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.transport.dial.DialTarget;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;

/** Another node on 127.0.0.1 (its own runtime, so its nonces are its own) that records the peers it accepted. */
final class RemoteNode implements AutoCloseable {

    static final ServiceFlags SERVICES = ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS);

    final List<Peer> accepted = new CopyOnWriteArrayList<>();
    private final PeerAcceptor acceptor;

    private RemoteNode(UnaryOperator<PeerConfig.Builder> configure) throws IOException {
        PeerConfig config = configure.apply(PeerConfig.builder().network(NetworkParameters.REGTEST).services(SERVICES)).build();
        acceptor = PeerAcceptor.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config,
                PeerRuntime.create(), accepted::add);
    }

    static RemoteNode start() throws IOException {
        return new RemoteNode(UnaryOperator.identity());
    }

    static RemoteNode start(UnaryOperator<PeerConfig.Builder> configure) throws IOException {
        return new RemoteNode(configure);
    }

    NetAddress address() {
        return NetAddress.of(acceptor.localAddress());
    }

    DialTarget target() {
        return DialTarget.of(address());
    }

    int port() {
        return acceptor.localAddress().getPort();
    }

    /** Peers that completed their handshake and are still connected. */
    List<Peer> connected() {
        return accepted.stream().filter(p -> p.isConnected() && p.handshake().isDone()
                && !p.handshake().isCompletedExceptionally()).toList();
    }

    @Override
    public void close() {
        acceptor.close();
    }
}
