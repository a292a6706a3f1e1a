package org.btcpeer.peer;

/** Fails a send future or a handshake future when the peer went away first; carries the disconnect. */
public final class PeerDisconnectedException extends Exception {

    private final transient PeerDisconnect disconnect;

    /**
     * Creates the exception.
     *
     * @param disconnect how the peer ended
     */
    public PeerDisconnectedException(PeerDisconnect disconnect) {
        super("peer disconnected: " + disconnect, null, false, false);
        this.disconnect = disconnect;
    }

    /** How the peer ended. */
    public PeerDisconnect disconnect() {
        return disconnect;
    }
}
