package org.btcpeer.examples.cli;

import org.btcpeer.examples.LocalNode;
import org.btcpeer.wire.chain.Block;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code btcpeer sync} from two of our serve nodes on loopback. */
class SyncCommandTest {

    @Test
    void syncsFromTwoServeNodesAndVerifiesEveryBlock() throws Exception {
        try (LocalNode a = LocalNode.start(600); LocalNode b = LocalNode.start(600)) {
            Cli.Run r = Cli.run("sync", "--network", "regtest", "--json", "--to-height", "600",
                    a.address().toString(), b.address().toString());
            assertEquals(0, r.status(), r.out() + r.err());
            assertEquals("600", r.field("verified"));
            assertEquals("600", r.field("headers"));
            assertEquals(a.chain().block(600).hash().toString(), r.field("tip_hash"));
            long bytes = a.chain().blocks().stream().skip(1).limit(600).mapToLong(Block::serializedSize).sum();
            assertEquals(Long.toString(bytes), r.field("bytes"));
            assertEquals("0", r.field("bad_blocks"));
            // both peers delivered blocks: the JSON lists a count per peer
            assertTrue(java.util.regex.Pattern.compile("\"peers\":\\[\\{\"peer\":\"[^\"]+\",\"blocks\":[1-9]\\d*\\},"
                    + "\\{\"peer\":\"[^\"]+\",\"blocks\":[1-9]\\d*\\}\\]").matcher(r.out()).find(), r.out());
        }
    }

    @Test
    void aTargetAboveThePeersChainIsAClearFailure() throws Exception {
        try (LocalNode a = LocalNode.start(50)) {
            Cli.Run r = Cli.run("sync", "--network", "regtest", "--to-height", "80", a.address().toString());
            assertEquals(1, r.status(), r.out() + r.err());
            assertTrue(r.err().contains("knows only 50 blocks, fewer than --to-height 80"), r.err());
        }
    }

    @Test
    void humanSummary() throws Exception {
        try (LocalNode a = LocalNode.start(50)) {
            Cli.Run r = Cli.run("sync", "--network", "regtest", "--to-height", "50", a.address().toString());
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("50 verified (merkle root and witness commitment)"), r.out());
        }
    }
}
