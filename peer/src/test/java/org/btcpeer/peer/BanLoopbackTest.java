package org.btcpeer.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.btcpeer.peer.inbound.BanList;
import org.btcpeer.peer.inbound.Discouragement;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Manual bans at accept, on real loopback sockets from 127.x.y.z source addresses and an injected clock. */
class BanLoopbackTest {

    private static final InetSocketAddress LOOPBACK = FromSourceAddress.LOOPBACK;

    private final List<Closeable> toClose = new ArrayList<>();
    private final PeerRuntime serverRuntime = PeerRuntime.create();
    private final PeerRuntime clientRuntime = PeerRuntime.create();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));

    @AfterEach
    void closeAll() {
        for (Closeable c : toClose.reversed()) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static PeerConfig config() {
        return PeerConfig.builder().network(NetworkParameters.REGTEST).transportPolicy(TransportPolicy.V1_ONLY)
                .services(ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS)).build();
    }

    private Peer handshakenFrom(String source, InetSocketAddress server) throws Exception {
        Peer p = FromSourceAddress.peer(source, server, config(), clientRuntime);
        toClose.add(() -> p.disconnect("test over"));
        p.handshake().get(10, TimeUnit.SECONDS);
        return p;
    }

    @Test
    void aBannedSubnetIsRefusedUntilTheBanExpiresOrIsLifted() throws Exception {
        BanList bans = BanList.inMemory(now::get);
        PeerAcceptor acceptor = PeerAcceptor.start(LOOPBACK, config(), serverRuntime, InboundLimits.DEFAULT,
                a -> "all", new Discouragement(true, new SplittableRandom(1)), bans, p -> { });
        toClose.add(acceptor);
        InetSocketAddress server = acceptor.localAddress();
        bans.ban("127.8.0.0/16", Duration.ofHours(1));

        assertThrows(Exception.class, () -> handshakenFrom("127.8.3.4", server));
        assertEquals(1, acceptor.refusedCount());
        assertTrue(handshakenFrom("127.9.0.1", server).isConnected());

        now.set(now.get().plus(Duration.ofHours(1)));
        assertTrue(handshakenFrom("127.8.3.4", server).isConnected());

        bans.ban("127.10.0.1", Duration.ofDays(1));
        assertThrows(Exception.class, () -> handshakenFrom("127.10.0.1", server));
        bans.unban("127.10.0.1");
        assertTrue(handshakenFrom("127.10.0.1", server).isConnected());
        assertEquals(2, acceptor.refusedCount());
    }

    @Test
    void bansPersistAcrossARestartAndExpire(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("banlist.txt");
        BanList first = BanList.persistent(file, now::get);
        first.ban("127.11.0.0/16", Duration.ofHours(2));
        PeerAcceptor before = PeerAcceptor.start(LOOPBACK, config(), serverRuntime, InboundLimits.DEFAULT,
                a -> "all", new Discouragement(true, new SplittableRandom(1)), first, p -> { });
        assertThrows(Exception.class, () -> handshakenFrom("127.11.0.1", before.localAddress()));
        before.close();

        // A new process: the list is read back from the file, nothing else is shared.
        BanList reloaded = BanList.persistent(file, now::get);
        assertEquals(java.util.Optional.empty(), reloaded.loadProblem());
        PeerAcceptor after = PeerAcceptor.start(LOOPBACK, config(), serverRuntime, InboundLimits.DEFAULT,
                a -> "all", new Discouragement(true, new SplittableRandom(2)), reloaded, p -> { });
        toClose.add(after);
        assertThrows(Exception.class, () -> handshakenFrom("127.11.0.1", after.localAddress()));
        assertEquals(1, after.bannedCount());
        assertEquals(1, after.refusedCount());

        now.set(now.get().plus(Duration.ofHours(2)));
        assertTrue(handshakenFrom("127.11.0.1", after.localAddress()).isConnected(), "the ban expired");
        assertEquals(List.of(), BanList.persistent(file, now::get).list(), "an expired ban is not loaded again");
    }
}
