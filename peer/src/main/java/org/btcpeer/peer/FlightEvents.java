package org.btcpeer.peer;

import org.btcpeer.wire.NetAddress;

/**
 * Commits btcpeer's JDK Flight Recorder events ({@code org.btcpeer.*}, category "btcpeer"), so
 * {@link Peer} stays one line per event. Each method checks {@code shouldCommit()} first: with
 * recording off (or the event disabled, as the per-message events are by default) nothing is
 * formatted. No dependency: {@code jdk.jfr} is in the JDK.
 */
final class FlightEvents {

    private FlightEvents() {
    }

    static void connected(Peer peer, long handshakeNanos) {
        PeerConnectedEvent e = new PeerConnectedEvent();
        if (e.shouldCommit()) {
            e.peerId = peer.id();
            e.address = peer.address().toString();
            e.inbound = peer.isInbound();
            e.transport = peer.connection().version().toString();
            e.handshakeMillis = handshakeNanos / 1_000_000;
            e.commit();
        }
    }

    static void disconnected(Peer peer, PeerDisconnect d, long connectedNanos, long bytesSent, long bytesReceived) {
        PeerDisconnectedEvent e = new PeerDisconnectedEvent();
        if (e.shouldCommit()) {
            e.peerId = peer.id();
            e.address = peer.address().toString();
            e.reason = d.reason().name();
            e.detail = d.detail();
            e.transport = peer.connection().version().toString();
            e.durationMillis = connectedNanos / 1_000_000;
            e.bytesSent = bytesSent;
            e.bytesReceived = bytesReceived;
            e.commit();
        }
    }

    static void received(long peerId, String command, int bytes) {
        MessageReceivedEvent e = new MessageReceivedEvent();
        if (e.shouldCommit()) {
            e.peerId = peerId;
            e.command = command;
            e.bytes = bytes;
            e.commit();
        }
    }

    static void sent(long peerId, String command, int bytes) {
        MessageSentEvent e = new MessageSentEvent();
        if (e.shouldCommit()) {
            e.peerId = peerId;
            e.command = command;
            e.bytes = bytes;
            e.commit();
        }
    }

    static void sendQueueFull(long peerId, String command, long queuedBytes, long limitBytes) {
        SendQueueFullEvent e = new SendQueueFullEvent();
        if (e.shouldCommit()) {
            e.peerId = peerId;
            e.command = command;
            e.queuedBytes = queuedBytes;
            e.limitBytes = limitBytes;
            e.commit();
        }
    }
    static void evicted(NetAddress address, boolean established) {
        PeerEvictedEvent e = new PeerEvictedEvent();
        if (e.shouldCommit()) {
            e.address = address.toString();
            e.established = established;
            e.commit();
        }
    }

    static void discouraged(NetAddress address, String detail) {
        PeerDiscouragedEvent e = new PeerDiscouragedEvent();
        if (e.shouldCommit()) {
            e.address = address.toString();
            e.detail = detail;
            e.commit();
        }
    }

    static void refused(NetAddress address, boolean banned, String reason) {
        ConnectionRefusedEvent e = new ConnectionRefusedEvent();
        if (e.shouldCommit()) {
            e.address = address.toString();
            e.banned = banned;
            e.reason = reason;
            e.commit();
        }
    }
}
