package org.btcpeer.interop;

import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** Finds one connection in Core's {@code getpeerinfo} by its address. */
final class CorePeerInfo {

    private CorePeerInfo() {
    }

    /**
     * The getpeerinfo entry whose {@code addr} is {@code 127.0.0.1:port}: for a peer of ours that
     * dialed Core, our local port; for a connection Core dialed, our listening port.
     *
     * @param node the node
     * @param port the port
     * @return the entry, if connected
     */
    static Optional<JsonNode> byPort(CoreNode node, int port) {
        for (JsonNode p : node.rpc("getpeerinfo")) {
            if (p.path("addr").asText().equals("127.0.0.1:" + port)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Waits until the entry exists and Core has finished the version handshake with it (it then
     * reports {@code version} and, for v2, the verified transport).
     *
     * @param node the node
     * @param port the port
     * @return the entry
     */
    static JsonNode awaitHandshaken(CoreNode node, int port) {
        return Await.value("Core's getpeerinfo entry for 127.0.0.1:" + port + " after the handshake", Duration.ofSeconds(30),
                () -> byPort(node, port).filter(p -> p.path("version").asInt() > 0
                        && !p.path("transport_protocol_type").asText().equals("detecting")));
    }
}
