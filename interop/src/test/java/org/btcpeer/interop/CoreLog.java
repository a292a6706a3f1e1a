package org.btcpeer.interop;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What in Core's debug.log means one of our peers broke a protocol rule. The phrases are Core
 * v30's own log formats (net_processing.cpp and net.cpp, read from the v30.0 source and binary):
 * {@code Misbehaving()} logs "Misbehaving: peer=%d%s"; {@code MaybeDiscourageAndDisconnect} logs
 * "Disconnecting and discouraging peer %d!"; the rest are the messages Core logs just before it
 * sets {@code fDisconnect} for a protocol violation, or when it drops a message it should never
 * have been sent. A test node has no peers but ours (no DNS seeds, no fixed seeds, loopback only),
 * so every such line was caused by us.
 */
final class CoreLog {

    /** Core v30 log phrases that blame the peer. */
    static final List<String> COMPLAINTS = List.of(
            "Misbehaving: peer=",                               // PeerManagerImpl::Misbehaving
            "Disconnecting and discouraging peer",              // MaybeDiscourageAndDisconnect
            "sent in violation of protocol",                    // tx / tx inv from a blocks-only view of us
            "protocol violation",                               // txreconciliation
            "received after verack",                            // wtxidrelay, sendaddrv2, sendtxrcncl late
            "peer does not offer the expected services",        // ExpectServicesFromConn
            "peer using obsolete version",                      // below MIN_PEER_PROTO_VERSION
            "non-version message before version handshake",
            "prior to verack",                                  // "Unsupported message ... prior to verack"
            "redundant version message",
            "ignoring redundant verack",
            "Header error:",                                    // V1Transport: magic, size, checksum, type
            "V2 transport error:",                              // V2Transport: garbage, size, AEAD, type
            "version handshake timeout",
            "V2 handshake timeout",
            "connected to self",
            "Received mutated block",
            "pong peer=",                                       // ProcessMessage(PONG): a bad or unsolicited pong
            "locator size",                                     // getheaders/getblocks above MAX_LOCATOR_SZ
            "peer requested too many cfilters",                 // PrepareBlockFilterRequest
            "peer sent invalid getcfilters",
            "peer requested invalid block hash",
            "peer requested unsupported block filter type",
            "was not accepted:");                               // a tx of ours Core's mempool refused

    private CoreLog() {
    }

    /**
     * The lines of {@code log} that blame a peer, minus those containing an allowed phrase.
     *
     * @param log     debug.log text
     * @param allowed phrases a test expects (e.g. the v1 node's "Header error: Wrong MessageStart"
     *                when our v2 attempt falls back)
     * @return the complaint lines, in order
     */
    static List<String> complaints(String log, Collection<String> allowed) {
        List<String> found = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (COMPLAINTS.stream().anyMatch(line::contains) && allowed.stream().noneMatch(line::contains)) {
                found.add(line);
            }
        }
        return found;
    }

    /**
     * How many lines of {@code log} contain {@code phrase}.
     *
     * @param log    debug.log text
     * @param phrase the phrase
     * @return the count
     */
    static long count(String log, String phrase) {
        return log.lines().filter(l -> l.contains(phrase)).count();
    }
}
