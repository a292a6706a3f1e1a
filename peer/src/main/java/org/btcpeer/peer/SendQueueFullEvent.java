package org.btcpeer.peer;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JDK Flight Recorder event {@code org.btcpeer.SendQueueFull}: a send was refused because the peer's send queue held its limit (the remote reads too slowly). */
@Name("org.btcpeer.SendQueueFull")
@Label("Send Queue Full")
@Category({"btcpeer", "Peer"})
@Description("A send was refused because the peer's send queue held its limit (the remote reads too slowly).")
@StackTrace(false)
final class SendQueueFullEvent extends Event {
    @Label("Peer Id")
    long peerId;
    @Label("Command")
    String command;
    @Label("Queued")
    @DataAmount
    long queuedBytes;
    @Label("Limit")
    @DataAmount
    long limitBytes;
}
