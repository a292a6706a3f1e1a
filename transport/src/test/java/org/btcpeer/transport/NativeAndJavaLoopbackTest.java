package org.btcpeer.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import org.btcpeer.transport.v2.KeyExchangeConfig;
import org.btcpeer.transport.v2.KeyExchangeMode;
import org.btcpeer.transport.v2.V2KeyExchange;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A v2 session between a libsecp256k1 side and a Bouncy Castle side over a real loopback socket, in
 * both roles: the handshake completes, both ends derive the same session id, and messages cross.
 */
class NativeAndJavaLoopbackTest {

    private static CountingKeyExchange provider(String name) {
        return new CountingKeyExchange(name.equals("native")
                ? V2KeyExchange.select(new KeyExchangeConfig(KeyExchangeMode.NATIVE, Optional.empty()))
                : V2KeyExchange.bouncyCastle());
    }

    /** Delegates and counts, so the test sees that each side computed with the provider it was given. */
    static final class CountingKeyExchange implements V2KeyExchange {
        private final V2KeyExchange delegate;
        final AtomicInteger creates = new AtomicInteger();
        final AtomicInteger secrets = new AtomicInteger();

        CountingKeyExchange(V2KeyExchange delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public boolean isValidPrivateKey(byte[] privateKey) {
            return delegate.isValidPrivateKey(privateKey);
        }

        @Override
        public byte[] ellswiftCreate(byte[] privateKey, RandomGenerator random) {
            creates.incrementAndGet();
            return delegate.ellswiftCreate(privateKey, random);
        }

        @Override
        public byte[] ellswiftDecode(byte[] ellswift) {
            return delegate.ellswiftDecode(ellswift);
        }

        @Override
        public byte[] sharedSecret(byte[] theirs, byte[] ours, byte[] privateKey, boolean initiating) {
            secrets.incrementAndGet();
            return delegate.sharedSecret(theirs, ours, privateKey, initiating);
        }
    }

    @ParameterizedTest(name = "initiator {0}, responder {1}")
    @CsvSource({"native, java", "java, native", "native, native"})
    void v2SessionAcrossProviders(String initiator, String responder) throws Exception {
        CountingKeyExchange initiatorProvider = provider(initiator);
        CountingKeyExchange responderProvider = provider(responder);
        try (ServerSocket server = TransportHandshakeTest.listen()) {
            CompletableFuture<Optional<String>> served = TransportHandshakeTest.serve(server, s -> {
                TransportConnection c = TransportHandshake.accept(s, TransportHandshakeTest
                        .config(TransportPolicy.V2_REQUIRED, 2).keyExchange(responderProvider).build());
                PingMessage ping = (PingMessage) c.reader().read().message();
                c.writer().write(new PongMessage(ping.nonce()));
                return c.sessionIdHex();
            });
            try (Socket socket = TransportHandshakeTest.dial(server.getLocalPort())) {
                TransportConnection c = TransportHandshake.initiate(socket, TransportHandshakeTest
                        .config(TransportPolicy.V2_REQUIRED, 1).keyExchange(initiatorProvider).build());
                assertEquals(TransportVersion.V2, c.version());
                c.writer().write(new PingMessage(0x1234_5678_9abcL));
                assertEquals(new PongMessage(0x1234_5678_9abcL), c.reader().read().message());
                assertEquals(c.sessionIdHex(), served.get(20, TimeUnit.SECONDS));
            }
        }
        for (CountingKeyExchange side : new CountingKeyExchange[] {initiatorProvider, responderProvider}) {
            assertEquals(1, side.creates.get(), side.name() + " made its side's key");
            assertEquals(1, side.secrets.get(), side.name() + " computed its side's secret");
        }
    }
}
