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

@Timeout(30)
class ListenCommandTest {

    @Test
    void printsOneLinePerReceivedMessage() throws Exception {
        StringWriter out = new StringWriter();
        AtomicInteger status = new AtomicInteger(-1);
        Thread t = Thread.ofPlatform().start(() -> status.set(Main.run(
                new String[]{"listen", "--network", "regtest", "--port", "0"},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), PeerRuntime.create())));
        Matcher m;
        do {
            Thread.sleep(20);
            m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(out.toString());
        } while (!m.find());
        try (ClientSession s = ClientSession.connect(new HostPort("127.0.0.1", Integer.parseInt(m.group(1))),
                NetworkParameters.REGTEST, TransportOption.V1, java.util.Optional.empty(), Duration.ofSeconds(5),
                PeerRuntime.create(), b -> b.requiredServices(org.btcpeer.peer.RequiredServices.NONE))) { // a listener offers none
            s.ping();
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!out.toString().contains("disconnected") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        t.interrupt();
        t.join(5_000);
        assertEquals(0, status.get());
        String text = out.toString();
        assertTrue(text.contains("(inbound) <- version 70016 /btcpeer:0.1.0/btcpeer-cli:0.1.0/"), text);
        assertTrue(text.contains("<- verack"), text);
        assertTrue(text.contains("<- ping nonce"), text);
        assertTrue(text.contains("disconnected: REMOTE_CLOSED"), text);
    }
}
