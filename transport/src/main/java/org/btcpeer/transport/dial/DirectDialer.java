package org.btcpeer.transport.dial;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Plain TCP: resolves host names with the system resolver and connects with a timeout. Tor v3 and
 * I2P addresses (and {@code .onion} / {@code .i2p} names, which must never reach a DNS resolver)
 * are refused with {@link DialException.Reason#NEEDS_PROXY}.
 */
public final class DirectDialer implements Dialer {

    /** The one instance: the dialer has no state. */
    public static final DirectDialer INSTANCE = new DirectDialer();

    private DirectDialer() {
    }

    @Override
    public Socket dial(DialTarget target, Duration timeout) throws IOException {
        if (target.needsProxy()) {
            throw new DialException(DialException.Reason.NEEDS_PROXY,
                    target + ": a Tor/I2P address needs a proxy (dial it through a Socks5Dialer)");
        }
        InetSocketAddress to = switch (target) {
            case DialTarget.Address a -> a.address().toInetSocketAddress().orElseThrow();
            case DialTarget.Host h -> new InetSocketAddress(h.host(), h.port());
        };
        if (to.isUnresolved()) {
            throw new UnknownHostException("unknown host " + to.getHostString());
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(to, timeoutMillis(timeout));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    static int timeoutMillis(Duration timeout) {
        long ms = timeout.toMillis();
        if (ms <= 0) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    @Override
    public String toString() {
        return "direct";
    }
}
