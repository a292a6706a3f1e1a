package org.btcpeer.peer;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JDK Flight Recorder event {@code org.btcpeer.PeerEvicted}: {@link PeerAcceptor} closed an
 * inbound connection to make room for a newer one (Core's {@code AttemptToEvictConnection}).
 */
@Name("org.btcpeer.PeerEvicted")
@Label("Peer Evicted")
@Category({"btcpeer", "Inbound"})
@Description("An inbound connection was closed to make room for a newer one: a pending handshake or an established peer chosen by Core's eviction rules.")
@StackTrace(false)
final class PeerEvictedEvent extends Event {
    @Label("Address")
    String address;
    @Label("Established")
    @Description("true for a peer past its version handshake, false for a pending handshake")
    boolean established;
}
