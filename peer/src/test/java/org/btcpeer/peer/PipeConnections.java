package org.btcpeer.peer;

import java.io.Closeable;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.btcpeer.transport.MessageReader;
import org.btcpeer.transport.MessageWriter;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportVersion;
import org.btcpeer.transport.v1.V1FrameDecoder;
import org.btcpeer.transport.v1.V1FrameEncoder;
import org.btcpeer.wire.NetworkParameters;

/** Two v1 transport connections joined by in-memory pipes. */
public final class PipeConnections {

    public final TransportConnection a;
    public final TransportConnection b;
    public final MemoryPipe aToB;
    public final MemoryPipe bToA;

    public PipeConnections(NetworkParameters network, int capacity) {
        aToB = new MemoryPipe(capacity);
        bToA = new MemoryPipe(capacity);
        a = connection(network, bToA, aToB, 8333, 50001);
        b = connection(network, aToB, bToA, 50001, 8333);
    }

    private static TransportConnection connection(NetworkParameters network, MemoryPipe in, MemoryPipe out, int localPort, int remotePort) {
        Closeable close = () -> {
            in.closeReader();
            out.closeWriter();
        };
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getLoopbackAddress(), remotePort);
        return new TransportConnection(close, remote, TransportVersion.V1, null,
                new MessageReader(in.in, new V1FrameDecoder(network.magic())),
                new MessageWriter(out.out, new V1FrameEncoder(network.magic())));
    }
}
