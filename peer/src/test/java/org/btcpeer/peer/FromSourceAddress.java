package org.btcpeer.peer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.btcpeer.peer.connect.NetGroup;
import org.btcpeer.transport.dial.DialTarget;
import org.btcpeer.transport.dial.Dialer;
import org.btcpeer.wire.NetAddress;

/**
 * Connections from a chosen 127.x.y.z source address, so loopback tests can stand for peers of
 * different netgroups (the inbound defences key on the remote address).
 */
final class FromSourceAddress {

    /** Where the test acceptors listen: loopback, an ephemeral port. */
    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** IPv4 grouped by /16 (Core's grouping puts all of 127/8 in one "local" group), so 127.1.x and 127.2.x differ. */
    static final NetGroup BY_SLASH_16 = a -> {
        byte[] b = a.address().toByteArray();
        return "ipv4:" + (b[0] & 0xff) + "." + (b[1] & 0xff);
    };

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
