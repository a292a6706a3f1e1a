package org.btcpeer.peer;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JDK Flight Recorder event {@code org.btcpeer.ConnectionRefused}: {@link PeerAcceptor} closed a
 * new inbound connection at once: its address is banned, or discouraged with inbound nearly full,
 * or a rate or slot limit held.
 */
@Name("org.btcpeer.ConnectionRefused")
@Label("Connection Refused")
@Category({"btcpeer", "Inbound"})
@Description("A new inbound connection was closed at once: banned address, discouraged address with inbound nearly full, or a rate or slot limit.")
@StackTrace(false)
final class ConnectionRefusedEvent extends Event {
    @Label("Address")
    String address;
    @Label("Banned")
    @Description("true when a ban covers the address")
    boolean banned;
    @Label("Reason")
    String reason;
}
