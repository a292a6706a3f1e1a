package org.btcpeer.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.Main;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.sync.ClientSession;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.inbound.BanList;
import org.btcpeer.wire.NetworkParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --ban-file}, {@code --whitelist} and {@code --max-inbound} of serve and listen: usage errors and their effect. */
@Timeout(60)
class InboundCliOptionsTest {

    @TempDir
    Path dir;

    @Test
    void badValuesAreUsageErrorsOfOneLine() {
        String[][] cases = {
                {"serve", "--max-inbound", "0", "must be 1 to 100000"},
                {"listen", "--max-inbound", "100001", "must be 1 to 100000"},
                {"serve", "--max-inbound", "many", "'many' is not a number"},
                {"serve", "--whitelist", "bloomfilter@127.0.0.1", "unknown permission 'bloomfilter'"},
                {"listen", "--whitelist", "noban@localhost", "not a numeric address"},
                {"listen", "--whitelist", "127.0.0.1/40=noban", "prefix length 40 out of range"}};
        for (String[] c : cases) {
            Cli.Run r = Cli.run(c[0], "--port", "0", c[1], c[2]);
            assertEquals(BaseCommand.USAGE, r.status(), String.join(" ", c));
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains(c[3]), r.err());
        }
    }

    /** Runs serve with {@code options} until the returned thread is interrupted; returns its port. */
    private static int serve(AtomicInteger status, Thread[] thread, String... options) throws Exception {
        StringWriter out = new StringWriter();
        String[] args = new String[5 + options.length];
        System.arraycopy(new String[]{"serve", "--port", "0", "--blocks", "5"}, 0, args, 0, 5);
        System.arraycopy(options, 0, args, 5, options.length);
        thread[0] = Thread.ofPlatform().start(() -> status.set(Main.run(args, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true), PeerRuntime.create())));
        Pattern p = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(out.toString());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("serve did not start: " + out);
    }

    private static void handshake(int port) throws Exception {
        try (ClientSession s = ClientSession.connect(new HostPort("127.0.0.1", port), NetworkParameters.REGTEST,
                TransportOption.V1, Optional.empty(), Duration.ofSeconds(5), PeerRuntime.create(), b -> b)) {
            s.ping();
        }
    }

    private static void stop(Thread t, AtomicInteger status) throws InterruptedException {
        t.interrupt();
        t.join(10_000);
        assertEquals(0, status.get());
    }

    @Test
    void aBanFromTheFileIsEnforcedAndANobanWhitelistEntryOverridesIt() throws Exception {
        Path file = dir.resolve("bans.txt");
        BanList.persistent(file, InstantSource.system()).ban("127.0.0.1", Duration.ofHours(1));
        AtomicInteger status = new AtomicInteger(-1);
        Thread[] t = new Thread[1];

        int banned = serve(status, t, "--ban-file", file.toString(), "--max-inbound", "4");
        assertThrows(Exception.class, () -> handshake(banned), "127.0.0.1 is banned in the file");
        stop(t[0], status);

        int whitelisted = serve(status, t, "--ban-file", file.toString(), "--whitelist", "noban@127.0.0.0/8");
        handshake(whitelisted);
        stop(t[0], status);
    }
}
