package org.btcpeer.examples.programs;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerConnector;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.TxMessage;

/**
 * A node announcing a transaction: the peer trickles the inv (wtxid if the peer negotiated
 * wtxidrelay, else txid) as Core does, and a listener answers the peer's getdata with the tx.
 *
 * <pre>java ... AnnounceTxExample HOST PORT    (regtest)</pre>
 */
public final class AnnounceTxExample {

    private AnnounceTxExample() {
    }

    /**
     * Announces {@code tx} to a node and serves it if the node asks within {@code waitSeconds}.
     *
     * @param node        the node
     * @param network     its network
     * @param runtime     the peer runtime
     * @param tx          the transaction
     * @param waitSeconds how long to wait for the getdata
     * @param out         where to print
     * @return whether the node asked for the transaction (it may already have it, or not want it)
     * @throws Exception if the connection fails
     */
    public static boolean run(InetSocketAddress node, NetworkParameters network, PeerRuntime runtime, Transaction tx,
                              int waitSeconds, PrintStream out) throws Exception {
        CompletableFuture<Boolean> asked = new CompletableFuture<>();
        PeerListeners listeners = PeerListeners.builder().on(GetDataMessage.class, (peer, getData) -> {
            for (InventoryVector v : getData.items()) {
                if (v.hash().equals(tx.txid()) || v.hash().equals(tx.wtxid())) {
                    peer.send(new TxMessage(tx)); // never wait for the send inside a listener
                    asked.complete(true);
                }
            }
        }).build();
        PeerConfig config = PeerConfig.builder().network(network).listeners(listeners)
                .outboundTrickleInterval(Duration.ofMillis(200)) // Core's is 2 s on average; short for a demo
                .build();
        Peer peer = PeerConnector.connect(node, config, runtime);
        try {
            peer.handshake().get(10, TimeUnit.SECONDS);
            peer.announceTransaction(tx.txid(), tx.wtxid(), -1);   // -1: fee rate unknown, no feefilter check
            out.println("announce: " + tx.txid() + " queued (" + (peer.features().wtxidRelay() ? "wtxid" : "txid") + ")");
            boolean served = asked.completeOnTimeout(false, waitSeconds, TimeUnit.SECONDS).get();
            out.println("announce: " + (served ? "the node asked for it, sent" : "the node did not ask"));
            return served;
        } finally {
            peer.disconnect("example done");
        }
    }
}
