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

/** JDK Flight Recorder event {@code org.btcpeer.PeerDisconnected}: a peer went away: the typed reason, how long it was connected and the bytes each way. */
@Name("org.btcpeer.PeerDisconnected")
@Label("Peer Disconnected")
@Category({"btcpeer", "Peer"})
@Description("A peer went away: the typed reason, how long it was connected and the bytes each way.")
@StackTrace(false)
final class PeerDisconnectedEvent extends Event {
    @Label("Peer Id")
    long peerId;
    @Label("Address")
    String address;
    @Label("Reason")
    String reason;
    @Label("Detail")
    String detail;
    @Label("Transport")
    String transport;
    @Label("Connected For")
    @Timespan(Timespan.MILLISECONDS)
    long durationMillis;
    @Label("Bytes Sent")
    @DataAmount
    long bytesSent;
    @Label("Bytes Received")
    @DataAmount
    long bytesReceived;
}
