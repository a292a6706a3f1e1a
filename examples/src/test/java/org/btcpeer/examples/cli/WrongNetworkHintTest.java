package org.btcpeer.examples.cli;

import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.examples.node.ServeNode;
import org.btcpeer.peer.PeerRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A v2 handshake against a node of another network never completes (the keys depend on the magic):
 * the one-line failure gives the reason once and says which network we spoke and what to check.
 */
@Timeout(30)
class WrongNetworkHintTest {

    @Test
    void aSignetClientAgainstARegtestNodeIsToldToCheckTheNetwork() throws Exception {
        try (ServeNode regtest = ServeNode.start(RegtestChainGenerator.withSeed(1).generate(1), "127.0.0.1", 0,
                TransportOption.V2, PeerRuntime.create(), line -> { })) {
            Cli.Run r = Cli.run("handshake", "--network", "signet", "--transport", "v2", "--timeout", "1",
                    "127.0.0.1:" + regtest.port());
            assertEquals(BaseCommand.FAILED, r.status(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            String line = r.err();
            // Usually our 1 s deadline ends it. When our random garbage is near its 4,095-byte limit,
            // the node's search for a terminator it cannot find runs past that limit on the bytes we
            // sent after it, and the node closes first (as Core would): either reason, printed once.
            String reason = line.contains("HANDSHAKE_TIMEOUT") ? "HANDSHAKE_TIMEOUT" : "CONNECTION_CLOSED";
            int first = line.indexOf(reason);
            assertTrue(first >= 0, line);
            assertEquals(-1, line.indexOf(reason, first + 1), "the reason is printed once: " + line);
            assertTrue(line.contains("a signet v2 handshake with a node of another network never completes"), line);
            assertTrue(line.contains("check --network"), line);
        }
    }
}
