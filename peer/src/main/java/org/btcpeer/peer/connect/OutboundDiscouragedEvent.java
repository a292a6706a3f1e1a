package org.btcpeer.peer.connect;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JDK Flight Recorder event {@code org.btcpeer.OutboundPeerDiscouraged}: an automatic outbound
 * peer of {@link ConnectionManager} broke a protocol rule and its address was discouraged (Core's
 * {@code MaybeDiscourageAndDisconnect}); the inbound counterpart is {@code org.btcpeer.PeerDiscouraged}.
 */
@Name("org.btcpeer.OutboundPeerDiscouraged")
@Label("Outbound Peer Discouraged")
@Category({"btcpeer", "Outbound"})
@Description("An automatic outbound peer's address was discouraged after a protocol violation.")
@StackTrace(false)
final class OutboundDiscouragedEvent extends Event {
    @Label("Peer Id")
    long peerId;
    @Label("Address")
    String address;
    @Label("Connection Type")
    String connectionType;
    @Label("Detail")
    String detail;
}
