package org.btcpeer.examples.cli;

import java.util.List;

import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.examples.node.ServeNode;
import org.btcpeer.peer.PeerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code btcpeer follow} against two serve nodes on loopback: its lines, its stops and its failure. */
@Timeout(60)
class FollowCommandTest {

    private static final MemoryChain CHAIN = RegtestChainGenerator.withSeed(4).generate(60);
    private static ServeNode a;
    private static ServeNode b;

    @BeforeAll
    static void start() throws Exception {
        a = ServeNode.start(CHAIN, "127.0.0.1", 0, TransportOption.V2_PREFERRED, PeerRuntime.create(), line -> { });
        b = ServeNode.start(CHAIN, "127.0.0.1", 0, TransportOption.V2_PREFERRED, PeerRuntime.create(), line -> { });
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    @Test
    void untilHeightStopsOnceTheTipIsReachedWithExitZero() {
        Cli.Run r = Cli.run("follow", "--network", "regtest", "--until-height", "60",
                "127.0.0.1:" + a.port(), "127.0.0.1:" + b.port());
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.stream().filter(l -> l.startsWith("connected 127.0.0.1:")).count(), r.out());
        assertTrue(lines.contains("synced headers at height 60 " + CHAIN.tip().hash()), r.out());
        assertEquals("stopped (until-height) at height 60 " + CHAIN.tip().hash()
                + ": 0 new blocks (0 reconstructed, 0 full), 0 transactions seen, 2 peers connected", lines.getLast());
    }

    @Test
    void maxSecondsStopsWithExitZero() {
        Cli.Run r = Cli.run("follow", "--network", "regtest", "--max-seconds", "1", "127.0.0.1:" + a.port());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().lines().toList().getLast().startsWith("stopped (max-seconds) at height 60 "), r.out());
    }

    @Test
    void noReachablePeerFailsWithOneLine() {
        Cli.Run r = Cli.run("follow", "--network", "regtest", "--timeout", "5", "127.0.0.1:1");
        assertEquals(1, r.status(), r.out() + r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("btcpeer follow: no peer reachable: "), r.err());
    }

    @Test
    void anUnreachablePeerAmongOthersIsOneLineAndTheRestFollow() {
        Cli.Run r = Cli.run("follow", "--network", "regtest", "--timeout", "5", "--until-height", "60",
                "127.0.0.1:1", "127.0.0.1:" + a.port());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(1, r.out().lines().filter(l -> l.startsWith("unreachable: ")).count(), r.out());
    }
}
