package org.btcpeer.bench.e2e;

import org.btcpeer.bench.Table;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * The bounds of the end-to-end runs: plain loopback sockets moving the same bytes with no
 * protocol at all, on platform threads.
 */
final class RawSocket {

    private RawSocket() {
    }

    /**
     * Writes {@code count} copies of a frame to a socket whose other end reads and discards them.
     *
     * @param frame   the bytes of one message as they would be on the wire
     * @param count   how many
     * @param batched false: one {@code write} call per frame (as the peer's writer does);
     *                true: through a 64 KiB buffer, flushed at the end (the copying bound)
     * @return frames per second, from the first write to the last byte read, and the CPU used
     * @throws Exception on I/O failure
     */
    static Rate framesPerSecond(byte[] frame, int count, boolean batched) throws Exception {
        long total = (long) frame.length * count;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Future<Long> readAll = start(Thread.ofPlatform(), () -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    byte[] buf = new byte[64 * 1024];
                    long got = 0;
                    while (got < total) {
                        int n = in.read(buf);
                        if (n < 0) {
                            throw new IOException("closed after " + got + " bytes");
                        }
                        got += n;
                    }
                    return System.nanoTime();
                }
            });
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                c.setTcpNoDelay(true);
                OutputStream out = batched ? new BufferedOutputStream(c.getOutputStream(), 64 * 1024) : c.getOutputStream();
                long cpu = Table.processCpuNanos();
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    out.write(frame);
                }
                out.flush();
                long end = readAll.get(); // the reader's failure, if any, is thrown here
                return new Rate(count, end - start, Table.processCpuNanos() - cpu);
            }
        }
    }

    /**
     * Round trips of a frame echoed by the other end, one at a time.
     *
     * @param size    the frame size
     * @param count   how many
     * @param virtual false: both ends on platform threads (the kernel's floor); true: both ends on
     *                virtual threads (the floor of the concurrency model btcpeer uses), the
     *                caller's thread only waiting for each round trip as a btcpeer caller waits
     *                for a pong
     * @return nanoseconds, one per round trip
     * @throws Exception on I/O failure
     */
    static long[] echoRtts(int size, int count, boolean virtual) throws Exception {
        if (virtual) {
            return start(Thread.ofVirtual(), () -> echoRtts(size, count, Thread.ofVirtual())).get();
        }
        return echoRtts(size, count, Thread.ofPlatform().daemon());
    }

    private static long[] echoRtts(int size, int count, Thread.Builder threads) throws Exception {
        long[] rtt = new long[count];
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Future<Void> echo = start(threads, () -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    s.setTcpNoDelay(true);
                    byte[] buf = new byte[size];
                    for (int i = 0; i < count; i++) {
                        in.readNBytes(buf, 0, size);
                        out.write(buf);
                    }
                }
                return null;
            });
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                c.setTcpNoDelay(true);
                InputStream in = c.getInputStream();
                OutputStream out = c.getOutputStream();
                byte[] frame = new byte[size];
                for (int i = 0; i < count; i++) {
                    long start = System.nanoTime();
                    out.write(frame);
                    if (in.readNBytes(frame, 0, size) != size) {
                        throw new IOException("echo closed");
                    }
                    rtt[i] = System.nanoTime() - start;
                }
            }
            echo.get(); // the echo thread's failure, if any, is thrown here
        }
        return rtt;
    }

    /** Runs {@code body} on a new thread of {@code threads}; its result or failure comes out of {@code get()}. */
    private static <T> Future<T> start(Thread.Builder threads, Callable<T> body) {
        FutureTask<T> task = new FutureTask<>(body);
        threads.start(task);
        return task;
    }
}
