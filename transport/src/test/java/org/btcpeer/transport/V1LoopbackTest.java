package org.btcpeer.transport;

import java.io.EOFException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.btcpeer.transport.v1.V1FrameDecoder;
import org.btcpeer.transport.v1.V1FrameEncoder;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.MessageFixtures;
import org.btcpeer.wire.message.RawMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** v1 over real sockets on 127.0.0.1: every message type, a 4 MB message, and a clean close. */
@Timeout(30)
class V1LoopbackTest {

    @Test
    void everyMessageTypeAndA4MbMessageCrossARealSocket() throws Exception {
        ByteString magic = NetworkParameters.REGTEST.magic();
        List<Message> toSend = new ArrayList<>();
        MessageFixtures.all().forEach(f -> toSend.add(f.message()));
        byte[] big = new byte[4_000_000];
        new java.util.Random(1).nextBytes(big);
        toSend.add(new RawMessage("bigthing", ByteString.wrap(big)));

        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<Message>> received = CompletableFuture.supplyAsync(() -> {
                List<Message> got = new ArrayList<>();
                try (Socket s = server.accept()) {
                    MessageReader reader = new MessageReader(s.getInputStream(), new V1FrameDecoder(magic));
                    while (true) {
                        got.add(reader.read().message());
                    }
                } catch (EOFException closed) {
                    return got;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                MessageWriter writer = new MessageWriter(client.getOutputStream(), new V1FrameEncoder(magic));
                for (Message m : toSend) {
                    writer.write(m);
                }
            }
            assertEquals(toSend, received.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void wrongNetworkIsRefusedAtTheFirstHeader() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<TransportException> failure = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    MessageReader reader = new MessageReader(s.getInputStream(), new V1FrameDecoder(NetworkParameters.MAINNET.magic()));
                    return assertThrows(TransportException.class, reader::read);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                new MessageWriter(client.getOutputStream(), new V1FrameEncoder(NetworkParameters.SIGNET.magic()))
                        .write(org.btcpeer.wire.message.VerackMessage.INSTANCE);
                assertEquals(TransportException.Reason.BAD_MAGIC, failure.get(10, TimeUnit.SECONDS).reason());
            }
        }
    }
}
