package org.btcpeer.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.examples.node.ServeNode;
import org.btcpeer.peer.PeerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code btcpeer filters} against our {@link ServeNode} on loopback, serving a chain with transactions. */
@Timeout(60)
class FiltersCommandTest {

    private static final MemoryChain CHAIN = RegtestChainGenerator.withSeed(3).generateWithTransactions(250);
    private static ServeNode node;
    private static String target;

    @BeforeAll
    static void start() throws Exception {
        node = ServeNode.start(CHAIN, "127.0.0.1", 0, TransportOption.V1, PeerRuntime.create(), line -> { });
        target = "127.0.0.1:" + node.port();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static List<String> all(String out, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(out);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void matchDownloadsExactlyTheBlocksPayingTheScriptsAcrossTwoPeers() {
        String paid = RegtestChainGenerator.heightScript(150).hex();
        String onward = RegtestChainGenerator.witnessProgramScript(201).hex();
        Cli.Run r = Cli.run("filters", "--network", "regtest", "--transport", "v1", "--from", "120", "--to", "250",
                "--match", paid, onward, "--json", target, target);
        assertEquals(0, r.status(), r.err());
        assertEquals("131", r.field("filters_verified"));
        assertEquals("0", r.field("peers_dropped"));
        assertEquals(List.of("150", "201"), all(r.out(), "\\{\"height\":(\\d+)"));
        assertEquals(List.of(CHAIN.block(150).hash().toString(), CHAIN.block(201).hash().toString()),
                all(r.out(), "\"block_hash\":\"([0-9a-f]{64})\""));
        assertEquals(1, r.out().lines().count());
    }

    @Test
    void withoutMatchEveryFilterIsPrintedWithItsVerifiedHeader() {
        Cli.Run r = Cli.run("filters", "--network", "regtest", "--transport", "v1", "--from", "0", "--to", "5", "--json", target);
        assertEquals(0, r.status(), r.err());
        List<String> headers = all(r.out(), "\"filter_header\":\"([0-9a-f]{64})\"");
        List<String> expected = new ArrayList<>();
        for (int h = 0; h <= 5; h++) {
            expected.add(node.filters().get(h).header().toString());
        }
        assertEquals(expected, headers);
        assertEquals(node.filters().get(3).filter().encoded().hex(), all(r.out(), "\"filter\":\"([0-9a-f]+)\"").get(3));

        Cli.Run human = Cli.run("filters", "--network", "regtest", "--transport", "v1", "--from", "140", "--to", "160",
                "--match", RegtestChainGenerator.heightScript(150).hex(), target);
        assertEquals(0, human.status(), human.err());
        assertTrue(human.out().contains("1 blocks for 1 scripts"), human.out());
        assertTrue(human.out().contains(CHAIN.block(150).hash() + "  3 txs  pays a watched script"), human.out());
    }

    @Test
    void badInputExitsTwoWithOneLine() {
        Cli.Run badScript = Cli.run("filters", "--network", "regtest", "--from", "0", "--to", "5", "--match", "0g", target);
        assertEquals(2, badScript.status());
        assertEquals(1, badScript.err().lines().count(), badScript.err());
        assertTrue(badScript.err().contains("invalid script '0g'"), badScript.err());
        Cli.Run badRange = Cli.run("filters", "--network", "regtest", "--from", "9", "--to", "5", target);
        assertEquals(2, badRange.status());
        assertEquals(1, badRange.err().lines().count(), badRange.err());
        assertTrue(badRange.err().contains("expected 0 <= from <= to"), badRange.err());
        assertEquals(2, Cli.run("filters", "--network", "regtest", "--to", "5", target).status(), "--from is required");
        Cli.Run beyond = Cli.run("filters", "--network", "regtest", "--transport", "v1", "--from", "0", "--to", "999", target);
        assertEquals(1, beyond.status());
        assertTrue(beyond.err().contains("ends at height 250"), beyond.err());
    }
}
