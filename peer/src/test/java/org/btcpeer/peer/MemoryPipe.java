package org.btcpeer.peer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A one-way in-memory byte pipe with a bounded buffer: writes block when it is full (a peer that
 * never reads), closing the write end gives the reader EOF after the buffered bytes, closing the
 * read end makes both sides fail.
 */
public final class MemoryPipe {

    private final byte[] buf;
    private int head;
    private int count;
    private boolean writerClosed;
    private boolean readerClosed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    public MemoryPipe(int capacity) {
        buf = new byte[capacity];
    }

    public final InputStream in = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            lock.lock();
            try {
                while (count == 0) {
                    if (readerClosed) {
                        throw new IOException("pipe closed");
                    }
                    if (writerClosed) {
                        return -1;
                    }
                    awaitQuietly();
                }
                if (readerClosed) {
                    throw new IOException("pipe closed");
                }
                int n = Math.min(len, count);
                for (int i = 0; i < n; i++) {
                    b[off + i] = buf[(head + i) % buf.length];
                }
                head = (head + n) % buf.length;
                count -= n;
                changed.signalAll();
                return n;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            closeReader();
        }
    };

    public final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                int done = 0;
                while (done < len) {
                    if (writerClosed || readerClosed) {
                        throw new IOException("pipe closed");
                    }
                    if (count == buf.length) {
                        awaitQuietly();
                        continue;
                    }
                    int n = Math.min(len - done, buf.length - count);
                    for (int i = 0; i < n; i++) {
                        buf[(head + count + i) % buf.length] = b[off + done + i];
                    }
                    count += n;
                    done += n;
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            closeWriter();
        }
    };

    private void awaitQuietly() throws IOException {
        try {
            changed.await(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    public void closeWriter() {
        lock.lock();
        try {
            writerClosed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void closeReader() {
        lock.lock();
        try {
            readerClosed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int buffered() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }
}
