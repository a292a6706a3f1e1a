package org.btcpeer.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A currently free loopback port, for a Core node's P2P and RPC listeners. */
final class FreePort {

    private FreePort() {
    }

    /**
     * Binds an ephemeral loopback port and releases it. Another process could take it before the
     * node binds it; the kernel hands out ephemeral ports in rotation, so that is rare.
     *
     * @return the port
     */
    static int next() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
