package org.btcpeer.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A one-connection TCP relay on 127.0.0.1 between an initiator and a responder, which can flip one
 * bit of the upstream (initiator to responder) or downstream stream at an absolute offset, or cut
 * the connection (close both sides) once a number of upstream bytes were forwarded.
 */
final class TamperingRelay implements Closeable {

    /** A change to one direction: flip {@code mask} at {@code flipOffset} (-1: none). */
    record Flip(long offset, int mask) {
        static final Flip NONE = new Flip(-1, 0);
    }

    private final ServerSocket listener;
    private final int targetPort;
    private final Flip up;
    private final Flip down;
    private final long cutUpAfter;
    private volatile Socket fromInitiator;
    private volatile Socket toResponder;

    /**
     * Starts listening; the relay connects to {@code targetPort} when the initiator connects.
     *
     * @param targetPort the responder's port
     * @param up         the upstream flip
     * @param down       the downstream flip
     * @param cutUpAfter close everything after this many upstream bytes (-1: never)
     */
    TamperingRelay(int targetPort, Flip up, Flip down, long cutUpAfter) throws IOException {
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.up = up;
        this.down = down;
        this.cutUpAfter = cutUpAfter;
        Thread.ofVirtual().name("relay-accept").start(this::acceptOne);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptOne() {
        try {
            fromInitiator = listener.accept();
            toResponder = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            Thread.ofVirtual().name("relay-up").start(() -> pump(fromInitiator, toResponder, up, cutUpAfter));
            Thread.ofVirtual().name("relay-down").start(() -> pump(toResponder, fromInitiator, down, -1));
        } catch (IOException e) {
            closeQuietly();
        }
    }

    private void pump(Socket from, Socket to, Flip flip, long cutAfter) {
        byte[] buf = new byte[8192];
        long offset = 0;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            if (cutAfter == 0) {
                in.read(buf, 0, 1); // wait for the first byte, then cut without forwarding it
                closeQuietly();
                return;
            }
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    to.shutdownOutput();
                    return;
                }
                if (flip.offset() >= offset && flip.offset() < offset + n) {
                    buf[(int) (flip.offset() - offset)] ^= (byte) flip.mask();
                }
                if (cutAfter > 0 && offset + n >= cutAfter) {
                    out.write(buf, 0, (int) (cutAfter - offset));
                    out.flush();
                    closeQuietly();
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
                offset += n;
            }
        } catch (IOException e) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        for (Closeable c : new Closeable[]{fromInitiator, toResponder}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    @Override
    public void close() throws IOException {
        closeQuietly();
        listener.close();
    }
}
