package org.btcpeer.peer;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JDK Flight Recorder event {@code org.btcpeer.MessageSent}: one message written to a peer. Disabled by default: one event per message. */
@Name("org.btcpeer.MessageSent")
@Label("Message Sent")
@Category({"btcpeer", "Message"})
@Description("One message written to a peer. Disabled by default: one event per message.")
@Enabled(false)
@StackTrace(false)
final class MessageSentEvent extends Event {
    @Label("Peer Id")
    long peerId;
    @Label("Command")
    String command;
    @Label("Wire Size")
    @DataAmount
    int bytes;
}
