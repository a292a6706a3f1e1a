package org.btcpeer.transport.dial;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process SOCKS5 server on 127.0.0.1 whose every connection follows a script, for the error
 * paths a real server will not produce on demand (refusals, bad versions, truncated replies). It
 * records what clients sent: offered methods, credentials, connect requests.
 */
final class FakeSocks5Server implements AutoCloseable {

    /** What the server does on one connection. */
    @FunctionalInterface
    interface Script {
        void run(DataInputStream in, OutputStream out, FakeSocks5Server server) throws IOException;
    }

    final List<byte[]> methodOffers = new CopyOnWriteArrayList<>();
    final List<String> credentials = new CopyOnWriteArrayList<>();
    final List<byte[]> requests = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Script script;

    FakeSocks5Server(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        script.run(new DataInputStream(s.getInputStream()), s.getOutputStream(), this);
                        s.getOutputStream().flush();
                        s.shutdownOutput();
                        s.getInputStream().read(); // wait for the client to close
                    } catch (IOException ignored) {
                        // the client went away
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Reads the greeting and records the offered methods. */
    byte[] readGreeting(DataInputStream in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != 5) {
            throw new IOException("not socks5");
        }
        byte[] methods = new byte[in.readUnsignedByte()];
        in.readFully(methods);
        methodOffers.add(methods);
        return methods;
    }

    /** Reads an RFC 1929 request and records "user:pass". */
    void readCredentials(DataInputStream in) throws IOException {
        in.readUnsignedByte();
        byte[] user = new byte[in.readUnsignedByte()];
        in.readFully(user);
        byte[] pass = new byte[in.readUnsignedByte()];
        in.readFully(pass);
        credentials.add(new String(user) + ":" + new String(pass));
    }

    /** Reads and records a connect request. */
    byte[] readRequest(DataInputStream in) throws IOException {
        byte[] head = new byte[4];
        in.readFully(head);
        int len = switch (head[3]) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> in.readUnsignedByte();
            default -> throw new IOException("bad atyp");
        };
        byte[] rest = new byte[len + 2];
        in.readFully(rest);
        byte[] all = new byte[4 + (head[3] == 3 ? 1 : 0) + rest.length];
        System.arraycopy(head, 0, all, 0, 4);
        if (head[3] == 3) {
            all[4] = (byte) len;
        }
        System.arraycopy(rest, 0, all, all.length - rest.length, rest.length);
        requests.add(all);
        return all;
    }

    /** The whole exchange up to the reply: no-auth (or user/pass if offered), request, then {@code reply}. */
    static Script replying(byte[] reply) {
        return (in, out, server) -> {
            byte[] methods = server.readGreeting(in);
            boolean userPass = methods.length > 1 && methods[1] == 2;
            out.write(new byte[]{5, (byte) (userPass ? 2 : 0)});
            out.flush();
            if (userPass) {
                server.readCredentials(in);
                out.write(new byte[]{1, 0});
                out.flush();
            }
            server.readRequest(in);
            out.write(reply);
        };
    }

    /** A successful reply with bound address 127.0.0.1:1. */
    static byte[] success() {
        return new byte[]{5, 0, 0, 1, 127, 0, 0, 1, 0, 1};
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
