package org.btcpeer.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.btcpeer.transport.dial.DialTarget;
import org.btcpeer.transport.dial.Dialer;
import org.btcpeer.wire.NetAddress;

/**
 * Connections from a chosen 127.x.y.z source address, so loopback tests can stand for peers of
 * different netgroups (the inbound defences key on the remote address).
 */
final class FromSourceAddress {

    private FromSourceAddress() {
    }

    /** A plain socket from {@code source} to {@code server}. */
    static Socket socket(String source, InetSocketAddress server) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(source, 0));
        s.connect(server);
        return s;
    }

    /** An outbound peer (v2 not tried) from {@code source} to {@code server}; its handshake may still run. */
    static Peer peer(String source, InetSocketAddress server, PeerConfig config, PeerRuntime runtime) throws Exception {
        Dialer dialer = (target, timeout) -> {
            Socket s = socket(source, server);
            s.setTcpNoDelay(true);
            return s;
        };
        return PeerConnector.connect(new DialTarget.Address(NetAddress.of(server)), dialer, config, runtime, false);
    }
}
