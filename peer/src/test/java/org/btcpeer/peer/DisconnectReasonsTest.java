package org.btcpeer.peer;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.btcpeer.transport.MessageReader;
import org.btcpeer.transport.MessageWriter;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportVersion;
import org.btcpeer.transport.v1.V1FrameDecoder;
import org.btcpeer.transport.v1.V1FrameEncoder;
import org.btcpeer.transport.v2.V2Handshake;
import org.btcpeer.transport.v2.V2Session;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.PingMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The disconnect reasons no remote can provoke by ordinary protocol means: a v2 packet that fails
 * authentication after the handshake ({@link DisconnectReason#V2_FAILURE}) and a failure inside the
 * peer's own reader or writer ({@link DisconnectReason#IO_ERROR}). Connections are in-memory pipes
 * whose streams can be told to misbehave once the version handshake is done.
 */
@Timeout(30)
class DisconnectReasonsTest {

    private static final NetworkParameters NET = NetworkParameters.REGTEST;

    private final PeerHarness h = new PeerHarness();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    /** Passes bytes through; once armed, flips one bit at the given stream offset. */
    private static final class FlippingOutputStream extends FilterOutputStream {
        private long written;
        private volatile long flipAt = -1;

        FlippingOutputStream(OutputStream out) {
            super(out);
        }

        /** Flips a bit {@code ahead} bytes after what was written so far. */
        void flipAhead(int ahead) {
            flipAt = written + ahead;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
            long at = flipAt;
            if (at >= written && at < written + len) {
                copy[(int) (at - written)] ^= 0x01;
            }
            written += len;
            out.write(copy, 0, len);
        }
    }

    /** Passes reads or writes through until armed, then throws an unchecked exception: a bug in a lower layer. */
    private static final class Fault {
        volatile boolean armed;

        InputStream wrap(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (armed) {
                        throw new IllegalStateException("injected fault after a read");
                    }
                    return n;
                }
            };
        }

        OutputStream wrap(OutputStream out) {
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (armed) {
                        throw new IllegalStateException("injected fault in a write");
                    }
                    out.write(b, off, len);
                }
            };
        }
    }

    private static TransportConnection connection(Closeable close, int remotePort, TransportVersion version,
                                                  V2Session session, InputStream in, OutputStream out) {
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getLoopbackAddress(), remotePort);
        return version == TransportVersion.V2
                ? new TransportConnection(close, remote, version, session.sessionId(),
                        new MessageReader(in, session.decoder()), new MessageWriter(out, session.encoder()))
                : new TransportConnection(close, remote, version, null,
                        new MessageReader(in, new V1FrameDecoder(NET.magic())), new MessageWriter(out, new V1FrameEncoder(NET.magic())));
    }

    private static Closeable closer(MemoryPipe in, MemoryPipe out) {
        return () -> {
            in.closeReader();
            out.closeWriter();
        };
    }

    @Test
    void aV2PacketThatFailsAuthenticationIsAV2Failure() throws Exception {
        V2Handshake initiator = V2Handshake.initiator(NET.magic()).random(new Random(1)).build();
        V2Handshake responder = V2Handshake.responder(NET.magic()).random(new Random(2)).build();
        for (int round = 0; round < 8 && !(initiator.isComplete() && responder.isComplete()); round++) {
            responder.receive(initiator.takeOutput().asReadOnlyBuffer());
            initiator.receive(responder.takeOutput().asReadOnlyBuffer());
        }
        assertTrue(initiator.isComplete() && responder.isComplete(), "the in-memory v2 handshake completed");
        MemoryPipe toPeer = new MemoryPipe(1 << 20);
        MemoryPipe toRemote = new MemoryPipe(1 << 20);
        FlippingOutputStream tamper = new FlippingOutputStream(toPeer.out);
        TransportConnection ours = connection(closer(toPeer, toRemote), 50001, TransportVersion.V2, initiator.session(),
                toPeer.in, toRemote.out);
        TransportConnection theirs = connection(closer(toRemote, toPeer), 8333, TransportVersion.V2, responder.session(),
                toRemote.in, tamper);
        ScriptedRemote remote = new ScriptedRemote(theirs);
        Peer peer = Peer.outbound(ours, PeerHarness.config().build(), h.runtime);
        try (remote) {
            PeerHarness.handshake(new PeerHarness.Setup(peer, remote), ScriptedRemote.version(70016, 7));
            PeerHarness.sync(new PeerHarness.Setup(peer, remote), 1); // v2 packets in both directions work
            tamper.flipAhead(3 + 4); // inside the next packet's ciphertext, past its 3-byte encrypted length
            remote.send(new PingMessage(2));
            PeerDisconnect d = peer.disconnected().get(5, TimeUnit.SECONDS);
            assertEquals(DisconnectReason.V2_FAILURE, d.reason(), d.detail());
        }
    }

    private PeerDisconnect faultAfterHandshake(boolean inReader) throws Exception {
        MemoryPipe toPeer = new MemoryPipe(1 << 20);
        MemoryPipe toRemote = new MemoryPipe(1 << 20);
        Fault fault = new Fault();
        InputStream peerIn = inReader ? fault.wrap(toPeer.in) : toPeer.in;
        OutputStream peerOut = inReader ? toRemote.out : fault.wrap(toRemote.out);
        TransportConnection ours = connection(closer(toPeer, toRemote), 50001, TransportVersion.V1, null, peerIn, peerOut);
        TransportConnection theirs = connection(closer(toRemote, toPeer), 8333, TransportVersion.V1, null,
                toRemote.in, toPeer.out);
        ScriptedRemote remote = new ScriptedRemote(theirs);
        Peer peer = Peer.outbound(ours, PeerHarness.config().build(), h.runtime);
        try (remote) {
            PeerHarness.Setup s = new PeerHarness.Setup(peer, remote);
            PeerHarness.handshake(s, ScriptedRemote.version(70016, 8));
            PeerHarness.sync(s, 1);
            fault.armed = true;
            if (inReader) {
                remote.send(new PingMessage(2)); // the reader's next read fails
            } else {
                peer.send(new PingMessage(3)); // the writer's next write fails
            }
            return peer.disconnected().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUncheckedFailureInTheReaderIsAnIoError() throws Exception {
        PeerDisconnect d = faultAfterHandshake(true);
        assertEquals(DisconnectReason.IO_ERROR, d.reason(), d.detail());
        assertTrue(d.detail().contains("internal error in reader") && d.detail().contains("injected fault"), d.detail());
    }

    @Test
    void anUncheckedFailureInTheWriterIsAnIoError() throws Exception {
        PeerDisconnect d = faultAfterHandshake(false);
        assertEquals(DisconnectReason.IO_ERROR, d.reason(), d.detail());
        assertTrue(d.detail().contains("internal error in writer") && d.detail().contains("injected fault"), d.detail());
    }
}
