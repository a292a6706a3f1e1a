package org.btcpeer.examples.cli;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.btcpeer.examples.LocalNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code btcpeer crawl} end to end over four local serve nodes on 127.0.0.1 whose getaddr answers
 * name each other: a → b → c → d, and d → a (a cycle, visited once each).
 */
@Timeout(60)
class CrawlCommandTest {

    private static LocalNode a;
    private static LocalNode b;
    private static LocalNode c;
    private static LocalNode d;

    @BeforeAll
    static void startNodes() throws Exception {
        a = LocalNode.start(5);
        b = LocalNode.start(5);
        c = LocalNode.start(5);
        d = LocalNode.start(5);
        a.node().addKnownAddress(b.node().address());
        b.node().addKnownAddress(c.node().address());
        c.node().addKnownAddress(d.node().address());
        d.node().addKnownAddress(a.node().address());
    }

    @AfterAll
    static void stopNodes() {
        for (LocalNode n : new LocalNode[]{a, b, c, d}) {
            n.close();
        }
    }

    private static List<String> peerLines(Cli.Run r) {
        return r.out().lines().filter(l -> l.startsWith("{\"peer\"")).toList();
    }

    @Test
    void walksGetAddrAnswersBreadthFirst() {
        Cli.Run r = Cli.run("crawl", "--network", "regtest", "--transport", "v1", "--timeout", "5", "--json",
                a.address().toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = peerLines(r);
        assertEquals(4, lines.size(), r.out());
        Set<String> peers = lines.stream().map(l -> l.replaceAll(".*\"peer\":\"([^\"]+)\".*", "$1")).collect(Collectors.toSet());
        assertEquals(Set.of(a.address().toString(), b.address().toString(), c.address().toString(), d.address().toString()), peers);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"peer\":\"" + d.address() + "\",\"depth\":3")), r.out());
        assertTrue(lines.get(0).contains("\"services\":[\"NETWORK\",\"WITNESS\",\"COMPACT_FILTERS\"]"), lines.get(0));
        assertTrue(lines.get(0).contains("\"user_agent\":\"/btcpeer:0.1.0/btcpeer-serve:0.1.0/\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"start_height\":5"), lines.get(0));
        String summary = r.out().lines().filter(l -> l.startsWith("{\"ok\":true")).findFirst().orElseThrow();
        assertTrue(summary.contains("\"command\":\"crawl\"") && summary.contains("\"visited\":4")
                && summary.contains("\"reachable\":4"), summary);
    }

    @Test
    void depthPeerLimitAndConcurrencyAreHonoured() {
        Cli.Run shallow = Cli.run("crawl", "--network", "regtest", "--transport", "v1", "--timeout", "5", "--json",
                "--max-depth", "1", "--concurrency", "1", a.address().toString());
        assertEquals(0, shallow.status(), shallow.err());
        assertEquals(2, peerLines(shallow).size(), shallow.out());
        Cli.Run limited = Cli.run("crawl", "--network", "regtest", "--transport", "v1", "--timeout", "5", "--json",
                "--max-peers", "3", a.address().toString(), c.address().toString());
        assertEquals(0, limited.status(), limited.err());
        assertEquals(3, peerLines(limited).size(), limited.out());
    }

    @Test
    void humanOutputAndFailures() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Cli.Run r = Cli.run("crawl", "--network", "regtest", "--timeout", "5", "--max-depth", "0",
                c.address().toString(), "127.0.0.1:" + closedPort);
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        assertTrue(r.out().contains(c.address() + " ") && r.out().contains("NETWORK WITNESS"), r.out());
        assertTrue(r.err().contains("crawled 2 addresses: 1 reachable, 1 unreachable"), r.err());
        Cli.Run none = Cli.run("crawl", "--network", "regtest");
        assertEquals(1, none.status());
        assertTrue(none.err().contains("give seed addresses or --dns-seeds"), none.err());
    }
}
