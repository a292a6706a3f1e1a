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
            int first = line.indexOf("HANDSHAKE_TIMEOUT");
            assertTrue(first >= 0, line);
            assertEquals(-1, line.indexOf("HANDSHAKE_TIMEOUT", first + 1), "the reason is printed once: " + line);
            assertTrue(line.contains("a signet v2 handshake with a node of another network never completes"), line);
            assertTrue(line.contains("check --network"), line);
        }
    }
}
