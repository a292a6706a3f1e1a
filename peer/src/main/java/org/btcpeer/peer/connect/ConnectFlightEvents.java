package org.btcpeer.peer.connect;

import org.btcpeer.peer.Peer;
import org.btcpeer.wire.NetAddress;

/**
 * Commits {@link ConnectionManager}'s JDK Flight Recorder events, one line per event at the call
 * site; like the peer package's events, nothing is formatted unless {@code shouldCommit()}.
 */
final class ConnectFlightEvents {

    private ConnectFlightEvents() {
    }

    static void dialSkipped(NetAddress address, boolean banned, String reason) {
        DialSkippedEvent e = new DialSkippedEvent();
        if (e.shouldCommit()) {
            e.address = address.toString();
            e.banned = banned;
            e.reason = reason;
            e.commit();
        }
    }

    static void discouraged(Peer peer, ConnectionType type, String detail) {
        OutboundDiscouragedEvent e = new OutboundDiscouragedEvent();
        if (e.shouldCommit()) {
            e.peerId = peer.id();
            e.address = peer.address().toString();
            e.connectionType = type.name();
            e.detail = detail;
            e.commit();
        }
    }
}
