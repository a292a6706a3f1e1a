package org.btcpeer.peer;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.btcpeer.transport.ReceivedMessage;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.RawMessage;
import org.btcpeer.wire.message.VerackMessage;
import org.btcpeer.wire.message.VersionMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The send queue's telemetry (age of the oldest unwritten message) and {@link Peer#disconnectAfterFlush}
 * over an in-memory pipe whose remote stops reading, on a manual clock.
 */
@Timeout(30)
class SendQueueFlushTest {

    private static final int FILLERS = 20;

    private final ManualClock clock = new ManualClock();
    private final PeerRuntime runtime = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));

    @Test
    void queuedSendsAgeOnTheClockAndAreWrittenBeforeTheFlushingDisconnect() throws Exception {
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 4096); // 4 KiB in flight at most
        Peer peer = Peer.outbound(pipes.a, PeerConfig.builder().network(NetworkParameters.REGTEST).build(), runtime);
        try {
            assertInstanceOf(VersionMessage.class, pipes.b.reader().read().message());
            pipes.b.writer().write(ScriptedRemote.version(70016, 42));
            pipes.b.writer().write(VerackMessage.INSTANCE);
            peer.handshake().get(5, TimeUnit.SECONDS);
            clock.advance(Duration.ZERO); // the timer's first tick queues the post-handshake ping
            while (!(pipes.b.reader().read().message() instanceof PingMessage)) {
                // what the peer sends after the handshake, up to that ping
            }
            assertEquals(Duration.ZERO, peer.oldestQueuedSendAge(), "nothing waits yet");

            // The remote reads nothing now. The first filler (10 KB) fills the 4 KiB pipe: the writer
            // holds it, half written, while the others queue behind it 10 s later.
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            sends.add(peer.send(filler(10_000)));
            PeerTest.awaitUntil(() -> pipes.aToB.buffered() == 4096);
            clock.advance(Duration.ofSeconds(10));
            for (int i = 1; i < FILLERS; i++) {
                sends.add(peer.send(filler(1000)));
            }
            clock.advance(Duration.ofSeconds(20));
            assertEquals(Duration.ofSeconds(30), peer.oldestQueuedSendAge(), "the age of the message being written");

            CompletableFuture<PeerDisconnect> ended = peer.disconnectAfterFlush("flushed");
            assertFalse(ended.isDone(), "queued messages are still waiting");
            assertTrue(peer.isConnected());
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> peer.send(new PingMessage(1)).get(1, TimeUnit.SECONDS));
            assertInstanceOf(SendRefusedException.class, refused.getCause());

            int fillers = 0;
            try {
                while (true) {
                    ReceivedMessage r = pipes.b.reader().read();
                    if (r.message().commandName().equals("filler")) {
                        fillers++;
                    }
                }
            } catch (IOException closed) {
                // the peer closed the connection after the last queued message
            }
            assertEquals(FILLERS, fillers, "every message queued before disconnectAfterFlush was written");
            for (CompletableFuture<Void> f : sends) {
                f.get(5, TimeUnit.SECONDS); // completed normally, none failed by the disconnect
            }
            PeerDisconnect d = ended.get(5, TimeUnit.SECONDS);
            assertEquals(DisconnectReason.LOCAL, d.reason());
            assertEquals("flushed", d.detail());
            assertEquals(Duration.ZERO, peer.oldestQueuedSendAge());
        } finally {
            peer.disconnect("test over");
        }
    }

    private static RawMessage filler(int size) {
        return new RawMessage("filler", ByteString.wrap(new byte[size]));
    }

    @Test
    void flushingAnIdleQueueDisconnectsAtOnce() throws Exception {
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 20);
        try (ScriptedRemote remote = new ScriptedRemote(pipes.b)) {
            Peer peer = Peer.outbound(pipes.a, PeerConfig.builder().network(NetworkParameters.REGTEST).build(), runtime);
            remote.next(VersionMessage.class);
            PeerDisconnect d = peer.disconnectAfterFlush("nothing queued").get(5, TimeUnit.SECONDS);
            assertEquals(DisconnectReason.LOCAL, d.reason());
        }
    }
}
