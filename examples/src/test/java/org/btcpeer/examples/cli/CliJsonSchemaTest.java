package org.btcpeer.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.btcpeer.examples.Main;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.examples.follow.FollowEvent;
import org.btcpeer.examples.node.ServeNode;
import org.btcpeer.node.compact.FallbackReason;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.Hash256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code --json} object the commands print has exactly the keys documented in
 * {@code cli-json-schema.tsv} (recursively), each value of its documented JSON type, and
 * docs/cli.md's "JSON output" tables are that file.
 * The commands run in-process against a {@link ServeNode} on loopback.
 */
@Timeout(120)
class CliJsonSchemaTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final MemoryChain CHAIN = RegtestChainGenerator.withSeed(3).generateWithTransactions(250);
    private static final String BEGIN = "<!-- json-schema:begin";
    private static final String END = "<!-- json-schema:end -->";

    private static Map<String, List<CliJsonSchema.Field>> schemas;
    private static ServeNode node;
    private static String target;

    @BeforeAll
    static void start() throws Exception {
        schemas = CliJsonSchema.load();
        node = ServeNode.start(CHAIN, "127.0.0.1", 0, TransportOption.V2_PREFERRED, PeerRuntime.create(), line -> { });
        target = "127.0.0.1:" + node.port();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Asserts one printed line is a JSON object whose key paths match the named schema. */
    private static void assertMatches(String schema, String line) throws IOException {
        List<CliJsonSchema.Field> fields = schemas.get(schema);
        assertTrue(fields != null, "no schema " + schema);
        JsonNode parsed = MAPPER.readTree(line);
        assertTrue(parsed.isObject(), line);
        Set<String> actual = CliJsonSchema.paths(parsed);
        Set<String> documented = fields.stream().map(CliJsonSchema.Field::path).collect(Collectors.toCollection(TreeSet::new));
        Set<String> undocumented = new TreeSet<>(actual);
        undocumented.removeAll(documented);
        Set<String> missing = new TreeSet<>();
        for (CliJsonSchema.Field f : fields) {
            int element = f.path().lastIndexOf("[].");
            boolean container = element < 0 || actual.stream().anyMatch(p -> p.startsWith(f.path().substring(0, element + 3)));
            if (f.always() && container && !actual.contains(f.path())) {
                missing.add(f.path());
            }
        }
        assertEquals(Set.of(), undocumented, schema + ": keys not in the schema: " + line);
        assertEquals(Set.of(), missing, schema + ": documented keys missing: " + line);
        assertEquals(Set.of(), CliJsonSchema.typeMismatches(fields, parsed), schema + ": values of another JSON type: " + line);
    }

    private static void assertRun(String schema, int status, Cli.Run r) throws IOException {
        assertEquals(status, r.status(), r.out() + r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        assertMatches(schema, r.out().strip());
    }

    /** Runs a long-running command in a thread until it prints its start-up object, then stops it. */
    private static String startUpLine(String... args) throws Exception {
        StringWriter out = new StringWriter();
        AtomicInteger status = new AtomicInteger(-1);
        Thread t = Thread.ofPlatform().name("json-schema-" + args[0]).start(() -> status.set(Main.run(args,
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), PeerRuntime.create())));
        long deadline = System.nanoTime() + 30_000_000_000L;
        try {
            while (!out.toString().contains("\n")) {
                if (System.nanoTime() > deadline || !t.isAlive()) {
                    throw new AssertionError(args[0] + " did not start: " + out);
                }
                Thread.sleep(20);
            }
            return out.toString().strip();
        } finally {
            t.interrupt();
            t.join(10_000);
            assertEquals(0, status.get(), args[0] + " exits 0 when stopped");
        }
    }

    @Test
    void listeningCommandsPrintTheirStartUpObject() throws Exception {
        assertMatches("serve", startUpLine("serve", "--blocks", "20", "--port", "0", "--json"));
        assertMatches("listen", startUpLine("listen", "--network", "regtest", "--port", "0", "--json"));
        assertMatches("proxy", startUpLine("proxy", "--network", "regtest", "--listen", "127.0.0.1:0", "--to", target, "--json"));
    }

    @Test
    void handshakeOverBothTransports() throws Exception {
        assertRun("handshake", 0, Cli.run("handshake", "--network", "regtest", "--transport", "v2", "--json", target));
        assertRun("handshake", 0, Cli.run("handshake", "--network", "regtest", "--transport", "v1", "--json", target));
    }

    @Test
    void headersWithAndWithoutAStore(@TempDir Path dir) throws Exception {
        assertRun("headers", 0, Cli.run("headers", "--network", "regtest", "--json", target));
        assertRun("headers", 0, Cli.run("headers", "--network", "regtest", "--store", dir.resolve("h.dat").toString(),
                "--json", target));
    }

    @Test
    void blockAndItsErrorObject() throws Exception {
        assertRun("block", 0, Cli.run("block", "--network", "regtest", "--json", target, CHAIN.block(7).hash().toString()));
        assertRun("error", 1, Cli.run("block", "--network", "regtest", "--json", target, "not-a-hash"));
        assertRun("error", 1, Cli.run("sync", "--network", "regtest", "--json", "--to-height", "999", target));
    }

    @Test
    void filtersWithAndWithoutMatch() throws Exception {
        String paid = RegtestChainGenerator.heightScript(150).hex();
        assertRun("filters", 0, Cli.run("filters", "--network", "regtest", "--transport", "v1", "--from", "140", "--to", "160",
                "--match", paid, "--json", target));
        assertRun("filters", 0, Cli.run("filters", "--network", "regtest", "--transport", "v1", "--from", "0", "--to", "5",
                "--json", target));
    }

    @Test
    void sync() throws Exception {
        assertRun("sync", 0, Cli.run("sync", "--network", "regtest", "--json", "--to-height", "100", target, target));
    }

    @Test
    void crawlPrintsPeerLinesThenASummary() throws Exception {
        Cli.Run r = Cli.run("crawl", "--network", "regtest", "--transport", "v1", "--timeout", "5", "--json", target);
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> lines = new ArrayList<>(r.out().lines().toList());
        assertTrue(lines.size() >= 2, r.out());
        assertMatches("crawl", lines.removeLast());
        for (String peer : lines) {
            assertMatches("crawl.peer", peer);
        }
    }

    @Test
    void demo() throws Exception {
        assertRun("demo", 0, Cli.run("demo", "--blocks", "150", "--json"));
        assertRun("demo", 0, Cli.run("demo", "--blocks", "150", "--transport", "v1", "--json"));
    }

    @Test
    void aValueOfAnotherTypeThanDocumentedIsReported() throws IOException {
        List<CliJsonSchema.Field> fields = List.of(
                new CliJsonSchema.Field("port", "integer", true, ""),
                new CliJsonSchema.Field("rate", "number|null", true, ""),
                new CliJsonSchema.Field("peers", "array", true, ""),
                new CliJsonSchema.Field("peers[].ok", "boolean", true, ""));
        assertEquals(Set.of(), CliJsonSchema.typeMismatches(fields,
                MAPPER.readTree("{\"port\":8333,\"rate\":null,\"peers\":[{\"ok\":true},{\"ok\":false}]}")));
        assertEquals(Set.of(), CliJsonSchema.typeMismatches(fields, MAPPER.readTree("{\"port\":1,\"rate\":2,\"peers\":[]}")),
                "an integer is a number");
        assertEquals(Set.of("port: declared integer, got string \"8333\"", "rate: declared number|null, got boolean true",
                        "peers[].ok: declared boolean, got string \"yes\""),
                CliJsonSchema.typeMismatches(fields,
                        MAPPER.readTree("{\"port\":\"8333\",\"rate\":true,\"peers\":[{\"ok\":true},{\"ok\":\"yes\"}]}")));
        assertEquals(Set.of("port: declared integer, got number 1.5"),
                CliJsonSchema.typeMismatches(fields, MAPPER.readTree("{\"port\":1.5,\"rate\":1.5,\"peers\":[]}")));
    }

    @Test
    void followPrintsOneObjectPerEventThenItsSummary() throws Exception {
        MemoryChain chain = RegtestChainGenerator.withSeed(5).generate(30);
        try (ServeNode serving = ServeNode.start(chain, "127.0.0.1", 0, TransportOption.V1, PeerRuntime.create(), line -> { })) {
            StringWriter out = new StringWriter();
            AtomicInteger status = new AtomicInteger(-1);
            Thread t = Thread.ofPlatform().name("json-schema-follow").start(() -> status.set(Main.run(new String[]{"follow",
                    "--network", "regtest", "--timeout", "5", "--json", "--until-height", "31", "127.0.0.1:1",
                    "127.0.0.1:" + serving.port()}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                    PeerRuntime.create())));
            awaitOutput(out, "\"event\":\"high_bandwidth\"", t);
            org.btcpeer.peer.Peer follower = serving.peers().getFirst();
            follower.requests().ping().get(30, java.util.concurrent.TimeUnit.SECONDS); // it read our sendcmpct(1, 2)
            org.btcpeer.wire.chain.Transaction tx = RegtestChainGenerator.spendCoinbase(chain.block(1), 500);
            serving.broadcast(tx, 1_000);
            follower.send(new org.btcpeer.wire.message.InvMessage(List.of(org.btcpeer.wire.InventoryVector.tx(tx.txid()))));
            awaitOutput(out, "\"event\":\"tx\"", t);
            serving.addBlock(RegtestChainGenerator.nextBlock(chain, List.of(tx)));
            t.join(30_000);
            assertEquals(0, status.get(), out.toString());
            List<String> lines = new ArrayList<>(out.toString().lines().toList());
            assertMatches("follow", lines.removeLast());
            Set<String> events = new TreeSet<>();
            for (String line : lines) {
                String event = MAPPER.readTree(line).path("event").asText();
                events.add(event);
                assertMatches("follow." + event, line);
            }
            assertTrue(events.containsAll(Set.of("connected", "unreachable", "synced", "high_bandwidth", "tx", "tip")), out.toString());
        }
    }

    @Test
    void everyFollowEventMatchesItsSchema() throws IOException {
        // the events a live run rarely prints (a rejected block, a fallback, a disconnect) included
        Hash256 hash = CHAIN.tip().hash();
        List<FollowEvent> all = List.of(
                new FollowEvent.Connected("127.0.0.1:1", 1, "v2", "/Satoshi:30.0.0/", 7),
                new FollowEvent.Disconnected("127.0.0.1:1", 1, "LOCAL: block does not match its header"),
                new FollowEvent.HeadersProgress(2_000, 4_000),
                new FollowEvent.Synced(4_000, hash),
                new FollowEvent.HighBandwidth("127.0.0.1:1", List.of("127.0.0.1:1", "127.0.0.1:2")),
                new FollowEvent.NewTip(4_001, hash, "127.0.0.1:1", new FollowEvent.Reconstructed(1, 2, 3), 6),
                new FollowEvent.NewTip(4_002, hash, "127.0.0.1:1",
                        new FollowEvent.FullBlock(Optional.of(FallbackReason.TIMEOUT)), 6),
                new FollowEvent.NewTip(4_003, hash, "127.0.0.1:1", new FollowEvent.FullBlock(Optional.empty()), 1),
                new FollowEvent.TxSeen(hash, hash, "127.0.0.1:2", 1),
                new FollowEvent.BlockRejected(hash, "127.0.0.1:1", "merkle root ... (bad-txnmrklroot)"));
        Set<String> kinds = new TreeSet<>();
        for (FollowEvent e : all) {
            String line = FollowEventFormat.json(e).toString();
            String kind = MAPPER.readTree(line).path("event").asText();
            kinds.add(kind);
            assertMatches("follow." + kind, line);
        }
        assertEquals(Set.of("connected", "disconnected", "headers", "synced", "high_bandwidth", "tip", "tx", "rejected"), kinds);
        assertEquals("timeout", MAPPER.readTree(FollowEventFormat.json(all.get(6)).toString()).path("fallback").asText());
    }

    private static void awaitOutput(StringWriter out, String text, Thread command) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!out.toString().contains(text)) {
            if (System.nanoTime() > deadline || !command.isAlive()) {
                throw new AssertionError("no " + text + " in " + out);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void docsTablesAreTheResource() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "cli.md"));
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/cli.md has no json-schema markers");
        String tables = doc.substring(doc.indexOf('\n', begin) + 1, end);
        assertEquals(CliJsonSchema.markdown(schemas), tables, "regenerate docs/cli.md's JSON tables from cli-json-schema.tsv");
    }
}
