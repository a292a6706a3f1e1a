package org.btcpeer.examples.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.sync.ClientSession;
import org.btcpeer.peer.NegotiatedFeatures;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.RequiredServices;
import org.btcpeer.wire.message.VersionMessage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code btcpeer handshake}: connect, negotiate, ping once, report what the peer said, disconnect. */
@Command(name = "handshake", mixinStandardHelpOptions = true,
        description = "Connect to a peer, complete the version handshake, ping once and print what was negotiated.")
public final class HandshakeCommand extends BaseCommand {

    @Mixin
    ConnectOptions connect;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "The peer; the port defaults to the network's.")
    String target;

    /** Creates the command; picocli injects the fields. */
    public HandshakeCommand() {
    }

    @Override
    protected Outcome execute() throws Exception {
        HostPort to = connect.target(target);
        try (ClientSession s = ClientSession.connect(to, connect.network(), connect.transport(), connect.proxy(),
                connect.timeout(), runtime(), b -> b.requiredServices(RequiredServices.NONE))) { // report any node's services
            Duration rtt = s.ping();
            Peer peer = s.peer();
            VersionMessage v = peer.remoteVersion().orElseThrow();
            NegotiatedFeatures f = peer.features();
            String transport = peer.connection().version().toString();
            Optional<String> sessionId = peer.connection().sessionIdHex();

            StringBuilder h = new StringBuilder();
            Format.row(h, 14, "peer", to + " (" + connect.network().name() + ")");
            Format.row(h, 14, "transport", transport);
            Format.row(h, 14, "session id", sessionId.orElse("-"));
            Format.row(h, 14, "version", v.version() + " (negotiated " + f.version() + ")");
            Format.row(h, 14, "services", String.join(" ", v.services().names()) + " (0x" + Long.toHexString(v.services().bits()) + ")");
            Format.row(h, 14, "user agent", v.userAgent());
            Format.row(h, 14, "start height", v.startHeight());
            Format.row(h, 14, "features", String.join(" ", featureNames(f)));
            Format.row(h, 14, "ping rtt", Format.millis(rtt));

            Json features = new Json()
                    .put("version", f.version())
                    .put("wtxidrelay", f.wtxidRelay())
                    .put("addrv2", f.addrV2())
                    .put("sendheaders", f.peerWantsHeaders())
                    .put("compact_blocks_version", f.peerCompactVersion())
                    .put("compact_blocks_high_bandwidth", f.peerHighBandwidth())
                    .put("feefilter", f.peerFeeFilter())
                    .put("relay", f.peerRelaysTx());
            Json j = new Json()
                    .put("peer", to.toString())
                    .put("network", connect.network().name())
                    .put("transport", transport)
                    .put("session_id", sessionId)
                    .put("version", v.version())
                    .put("services", new ArrayList<>(v.services().names()))
                    .put("services_bits", v.services().bits())
                    .put("user_agent", v.userAgent())
                    .put("start_height", v.startHeight())
                    .put("features", features)
                    .put("rtt_ms", Format.millisValue(rtt), 3);
            return new Outcome(h.toString(), j);
        }
    }

    private static List<String> featureNames(NegotiatedFeatures f) {
        List<String> out = new ArrayList<>();
        if (f.wtxidRelay()) {
            out.add("wtxidrelay");
        }
        if (f.addrV2()) {
            out.add("addrv2");
        }
        if (f.peerWantsHeaders()) {
            out.add("sendheaders");
        }
        if (f.peerCompactVersion() > 0) {
            out.add("cmpct=" + f.peerCompactVersion() + (f.peerHighBandwidth() ? "(hb)" : ""));
        }
        if (f.peerFeeFilter() > 0) {
            out.add("feefilter=" + f.peerFeeFilter());
        }
        out.add(f.peerRelaysTx() ? "relay" : "no-relay");
        return out;
    }
}
