package org.btcpeer.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.Main;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.sync.ClientSession;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.NetworkParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code --status-interval} line: its arithmetic, and {@code listen} and {@code serve} printing it with a peer connected. */
@Timeout(30)
class StatusLineTest {

    @Test
    void ratesAreTheDeltaOverThePeriodAndNeverNegative() {
        StatusLine before = new StatusLine(3, 0, 1, 2, 10_000, 1_000, 0);
        StatusLine after = new StatusLine(3, 0, 1, 2, 22_300, 2_100, 4);
        assertEquals("status: peers 3 (in 3, out 0; v1 1, v2 2), in 0.0 kB/s, out 0.0 kB/s, refused 0", before.format(null, 1));
        assertEquals("status: peers 3 (in 3, out 0; v1 1, v2 2), in 6.2 kB/s, out 0.6 kB/s, refused 4", after.format(before, 2));
        StatusLine oneLeft = new StatusLine(2, 0, 1, 1, 5_000, 500, 4);
        assertEquals("status: peers 2 (in 2, out 0; v1 1, v2 1), in 0.0 kB/s, out 0.0 kB/s, refused 4", oneLeft.format(after, 1),
                "a peer that left takes its bytes along: no negative rate");
    }

    @Test
    void listenPrintsAStatusLineEveryInterval() throws Exception {
        printsAStatusLineEveryInterval(new String[]{"listen", "--port", "0", "--status-interval", "1"},
                "listening on 127\\.0\\.0\\.1:(\\d+)");
    }

    @Test
    void servePrintsAStatusLineEveryInterval() throws Exception {
        printsAStatusLineEveryInterval(new String[]{"serve", "--port", "0", "--blocks", "5", "--status-interval", "1"},
                "on 127\\.0\\.0\\.1:(\\d+) via");
    }

    private static void printsAStatusLineEveryInterval(String[] args, String addressLine) throws Exception {
        StringWriter out = new StringWriter();
        AtomicInteger status = new AtomicInteger(-1);
        Thread t = Thread.ofPlatform().start(() -> status.set(Main.run(args,
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), PeerRuntime.create())));
        Matcher m = Pattern.compile(addressLine).matcher("");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(m = m.reset(out.toString())).find() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        try (ClientSession s = ClientSession.connect(new HostPort("127.0.0.1", Integer.parseInt(m.group(1))),
                NetworkParameters.REGTEST, TransportOption.V1, java.util.Optional.empty(), Duration.ofSeconds(5),
                PeerRuntime.create(), b -> b.requiredServices(org.btcpeer.peer.RequiredServices.NONE))) {
            s.ping();
            Pattern line = Pattern.compile("status: peers 1 \\(in 1, out 0; v1 1, v2 0\\), in [0-9.]+ kB/s, out [0-9.]+ kB/s, refused 0");
            deadline = System.nanoTime() + 10_000_000_000L;
            while (!line.matcher(out.toString()).find() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(line.matcher(out.toString()).find(), out.toString());
        } finally {
            t.interrupt();
            t.join(5_000);
        }
        assertEquals(0, status.get());
    }
}
