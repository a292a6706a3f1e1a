package org.btcpeer.peer;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JDK Flight Recorder event {@code org.btcpeer.PeerDiscouraged}: an inbound peer's address was
 * discouraged after a protocol violation (Core's {@code BanMan::Discourage}).
 */
@Name("org.btcpeer.PeerDiscouraged")
@Label("Peer Discouraged")
@Category({"btcpeer", "Inbound"})
@Description("An inbound peer's address was discouraged after a protocol violation.")
@StackTrace(false)
final class PeerDiscouragedEvent extends Event {
    @Label("Address")
    String address;
    @Label("Detail")
    String detail;
}
