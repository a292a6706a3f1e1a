package org.btcpeer.examples.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.peer.ManualClock;
import org.btcpeer.peer.NonceRegistry;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerAcceptor;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerConnector;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.RequiredServices;
import org.btcpeer.peer.inbound.Whitelist;
import org.btcpeer.transport.TransportPolicy;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.GetDataMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The serve node's log under attack, captured from logback (the examples' SLF4J backend) at INFO:
 * a connection flood gives no line per refused or evicted connection, only the acceptor's one
 * summary line a minute (on an injected clock); a getdata flood gives at most a burst of lines,
 * and the count of the rest when the peer leaves.
 */
@Timeout(60)
class QuietUnderAttackTest {

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    /** Every library and example logger (PeerAcceptor, ServeNode, Peer, ...) is below this one. */
    private final List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger("org.btcpeer"));
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ManualClock clock = new ManualClock();

    @BeforeEach
    void capture() {
        captured.start();
        for (Logger l : loggers) {
            l.setLevel(Level.INFO);
            l.addAppender(captured);
        }
    }

    @AfterEach
    void restore() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        for (Logger l : loggers) {
            l.detachAppender(captured);
            l.setLevel(null);
        }
    }

    private List<String> lines() {
        return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.sleep(5);
        }
    }

    private ServeNode node(int maxInbound) throws Exception {
        PeerRuntime runtime = new PeerRuntime(clock, clock, new SecureRandom(), new NonceRegistry(50));
        ServeNode node = ServeNode.start(RegtestChainGenerator.withSeed(1).generate(5), "127.0.0.1", 0, TransportOption.V1,
                runtime, new InboundOptions(Optional.empty(), Whitelist.EMPTY, maxInbound));
        toClose.add(node);
        return node;
    }

    @Test
    void aConnectionFloodLogsOneSummaryLineAMinuteAndNothingPerConnection() throws Exception {
        ServeNode node = node(2);
        List<Socket> flood = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Socket s = new Socket();
            s.connect(node.address());
            flood.add(s);
            toClose.add(s);
        }
        PeerAcceptor acceptor = acceptorOf(node);
        awaitUntil(() -> acceptor.evictedCount() + acceptor.refusedCount() >= 198);
        assertEquals(List.of(), lines(), "no INFO line per refused or evicted connection (none finished a handshake)");

        clock.advance(Duration.ofSeconds(61)); // the summary timer runs on this thread
        List<String> summary = lines().stream().filter(l -> l.startsWith("inbound in the last 60 s: ")).toList();
        assertEquals(1, summary.size(), lines().toString());
        assertTrue(summary.getFirst().matches("inbound in the last 60 s: \\d+ refused \\(0 banned\\), \\d+ evicted, 0 discouraged; \\d+ peers"),
                summary.getFirst());
        clock.advance(Duration.ofSeconds(61));
        assertEquals(1, lines().stream().filter(l -> l.startsWith("inbound in the last")).count(), "a quiet minute: no line");
    }

    @Test
    void aGetdataFloodLogsABurstThenTheCountOfTheRest() throws Exception {
        ServeNode node = node(8);
        java.util.concurrent.atomic.AtomicInteger notFound = new java.util.concurrent.atomic.AtomicInteger();
        PeerConfig config = PeerConfig.builder().network(NetworkParameters.REGTEST).transportPolicy(TransportPolicy.V1_ONLY)
                .requiredServices(RequiredServices.NONE).listeners(org.btcpeer.peer.PeerListeners.builder()
                        .on(org.btcpeer.wire.message.NotFoundMessage.class, (p, m) -> notFound.incrementAndGet()).build())
                .build();
        Peer client = PeerConnector.connect(node.address(), config, PeerRuntime.create(), false);
        toClose.add(() -> client.disconnect("test over"));
        client.handshake().get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[32];
            b[0] = (byte) i;
            b[1] = (byte) (i >> 8);
            client.send(new GetDataMessage(List.of(InventoryVector.block(Hash256.fromInternalBytes(b)))));
        }
        awaitUntil(() -> notFound.get() >= 300); // every getdata was answered
        client.disconnect("done flooding");
        awaitUntil(() -> lines().stream().anyMatch(l -> l.contains("more event lines suppressed")));
        long getdataLines = lines().stream().filter(l -> l.contains(" getdata -> ")).count();
        assertTrue(getdataLines <= PeerEventLimiter.BURST, getdataLines + " getdata lines");
        String last = lines().stream().filter(l -> l.contains("more event lines suppressed")).findFirst().orElseThrow();
        assertTrue(last.contains(": " + (300 - getdataLines) + " more event lines suppressed"), last);
    }

    @Test
    void aPeerThatKeepsBreakingAListenerGetsFiveStackTracesAndOneTotal() throws Exception {
        PeerConfig server = PeerConfig.builder().network(NetworkParameters.REGTEST)
                .listeners(org.btcpeer.peer.PeerListeners.builder().on(org.btcpeer.wire.message.PingMessage.class, (p, m) -> {
                    throw new IllegalStateException("application bug");
                }).build()).build();
        java.util.concurrent.BlockingQueue<Peer> accepted = new java.util.concurrent.LinkedBlockingQueue<>();
        InboundServer listening = InboundServer.start("127.0.0.1", 0, TransportOption.V1, server, PeerRuntime.create(),
                accepted::add, line -> { });
        toClose.add(listening);
        java.util.concurrent.atomic.AtomicInteger pongs = new java.util.concurrent.atomic.AtomicInteger();
        PeerConfig config = PeerConfig.builder().network(NetworkParameters.REGTEST).transportPolicy(TransportPolicy.V1_ONLY)
                .requiredServices(RequiredServices.NONE).listeners(org.btcpeer.peer.PeerListeners.builder()
                        .on(org.btcpeer.wire.message.PongMessage.class, (p, m) -> pongs.incrementAndGet()).build()).build();
        Peer client = PeerConnector.connect(listening.address(), config, PeerRuntime.create(), false);
        toClose.add(() -> client.disconnect("test over"));
        client.handshake().get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 100; i++) {
            client.send(new org.btcpeer.wire.message.PingMessage(1000 + i));
        }
        awaitUntil(() -> pongs.get() >= 100);
        // The server reads our close after the last ping, so it counts every failure before it disconnects.
        client.disconnect("done");
        awaitUntil(() -> lines().stream().anyMatch(l -> l.contains("listeners threw")));
        List<ILoggingEvent> warnings = captured.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertEquals(5, warnings.stream().filter(e -> e.getFormattedMessage().contains("listener for ping threw")).count());
        // 100 pings of ours, plus the keep-alive ping the client's peer sends after its handshake.
        String total = warnings.stream().map(ILoggingEvent::getFormattedMessage).filter(l -> l.contains("listeners threw"))
                .findFirst().orElseThrow();
        Matcher m = Pattern.compile("listeners threw (\\d+) times in all \\(5 logged above\\)$").matcher(total);
        assertTrue(m.find() && Integer.parseInt(m.group(1)) >= 100, total);
    }

    private static PeerAcceptor acceptorOf(ServeNode node) {
        return node.server().acceptor();
    }
}
