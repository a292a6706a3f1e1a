package org.btcpeer.peer.connect;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JDK Flight Recorder event {@code org.btcpeer.DialSkipped}: {@link ConnectionManager} passed over
 * an address of its book for an automatic connection because a ban covers it or it is discouraged
 * (Core's {@code OpenNetworkConnection}, {@code banned_or_discouraged}). Off by default: it fires
 * once per such address on every tick (500 ms by default) while the manager is looking for a peer.
 */
@Name("org.btcpeer.DialSkipped")
@Label("Dial Skipped")
@Category({"btcpeer", "Outbound"})
@Description("An address was not picked for an automatic outbound connection: banned or discouraged.")
@StackTrace(false)
@Enabled(false)
final class DialSkippedEvent extends Event {
    @Label("Address")
    String address;
    @Label("Banned")
    @Description("true when a ban covers the address, false when it is discouraged")
    boolean banned;
    @Label("Reason")
    String reason;
}
