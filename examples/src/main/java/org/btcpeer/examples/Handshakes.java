package org.btcpeer.examples;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.btcpeer.peer.DisconnectReason;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerDisconnectedException;
import org.btcpeer.wire.NetworkParameters;

/**
 * Waits for an outbound peer's version handshake the way every CLI client does: one deadline, and
 * on failure a one-line reason, with a hint to check {@code --network} when the remote closed the
 * connection without ever sending its version (what a node of another network does over v1).
 */
public final class Handshakes {

    private Handshakes() {
    }

    /**
     * Waits for {@code peer}'s handshake.
     *
     * @param peer    the peer, just created
     * @param target  where it was dialled, for the message
     * @param network the network we used, for the hint
     * @param timeout how long to wait at most; the peer is disconnected when it passes
     * @return empty once the handshake completed, else why it failed
     * @throws InterruptedException if interrupted
     */
    public static Optional<String> await(Peer peer, HostPort target, NetworkParameters network, Duration timeout)
            throws InterruptedException {
        try {
            peer.handshake().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof PeerDisconnectedException pd ? pd.disconnect().toString()
                    : String.valueOf(e.getCause());
            boolean silentClose = e.getCause() instanceof PeerDisconnectedException pd
                    && (pd.disconnect().reason() == DisconnectReason.REMOTE_CLOSED
                    || pd.disconnect().reason() == DisconnectReason.IO_ERROR) && peer.remoteVersion().isEmpty();
            return Optional.of("handshake with " + target + " failed: " + why + (silentClose
                    ? " (it closed the connection without sending a version: is it a " + network.name()
                    + " node? we used magic " + network.magic().hex() + "; check --network)" : ""));
        } catch (TimeoutException e) {
            peer.disconnect("handshake timeout");
            return Optional.of("handshake with " + target + " did not complete within " + timeout.toSeconds() + " s");
        }
    }
}
