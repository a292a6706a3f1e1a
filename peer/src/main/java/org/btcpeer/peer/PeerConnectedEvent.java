package org.btcpeer.peer;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JDK Flight Recorder event {@code org.btcpeer.PeerConnected}: a peer completed its version handshake: the transport and how long the handshake took. */
@Name("org.btcpeer.PeerConnected")
@Label("Peer Connected")
@Category({"btcpeer", "Peer"})
@Description("A peer completed its version handshake: the transport and how long the handshake took.")
@StackTrace(false)
final class PeerConnectedEvent extends Event {
    @Label("Peer Id")
    long peerId;
    @Label("Address")
    String address;
    @Label("Inbound")
    boolean inbound;
    @Label("Transport")
    @Description("v1 or v2")
    String transport;
    @Label("Handshake")
    @Timespan(Timespan.MILLISECONDS)
    long handshakeMillis;
}
