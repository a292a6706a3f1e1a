package org.btcpeer.peer;

import java.util.Optional;

import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.message.FilterAddMessage;
import org.btcpeer.wire.message.FilterClearMessage;
import org.btcpeer.wire.message.FilterLoadMessage;
import org.btcpeer.wire.message.GetCFCheckptMessage;
import org.btcpeer.wire.message.GetCFHeadersMessage;
import org.btcpeer.wire.message.GetCFiltersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.MempoolMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.TxMessage;

/**
 * What {@link Peer#send} refuses, with a {@link SendRefusedException} naming the rule, because Core
 * would disconnect us (or silently drop it) for sending it:
 * <ul>
 *   <li>{@code filterload}, {@code filteradd}, {@code filterclear} and {@code mempool} to a peer
 *       whose version does not offer {@code NODE_BLOOM} (Core's {@code ProcessMessage}: "filterload
 *       received despite not offering bloom services", "mempool request with bloom filters
 *       disabled", then a disconnect).
 *   <li>A tx announcement ({@code inv} naming a transaction) or a {@code tx} while tx relay is off
 *       for this peer: we said relay=0, or it did and has not loaded a BIP-37 filter since (Core's
 *       {@code m_relay_txs}). A block-relay-only or blocks-only Core disconnects the sender
 *       ("transaction inv sent in violation of protocol"); Core itself never sends them.
 *   <li>{@code getcfilters}, {@code getcfheaders} and {@code getcfcheckpt} to a peer whose version
 *       does not offer {@code NODE_COMPACT_FILTERS} (BIP-157; Core's {@code PrepareBlockFilterRequest}
 *       disconnects a peer asking for filters it does not advertise).
 * </ul>
 * Before the peer's version has arrived its services and relay flag are unknown: these messages are
 * refused then too.
 */
final class SendRules {

    private SendRules() {
    }

    /**
     * Why {@code m} must not be sent, if it must not.
     *
     * @param m              the message
     * @param remoteServices the services in the peer's version, empty before it arrived
     * @param txRelay        whether tx relay is on for this peer
     * @return the rule it would break, or empty
     */
    static Optional<String> refusal(Message m, Optional<ServiceFlags> remoteServices, boolean txRelay) {
        boolean bip37 = m instanceof FilterLoadMessage || m instanceof FilterAddMessage
                || m instanceof FilterClearMessage || m instanceof MempoolMessage;
        if (bip37 && !remoteServices.map(s -> s.has(ServiceFlags.NODE_BLOOM)).orElse(false)) {
            return Optional.of("the peer does not offer NODE_BLOOM (BIP-111; Core disconnects the sender)");
        }
        boolean bip157 = m instanceof GetCFiltersMessage || m instanceof GetCFHeadersMessage
                || m instanceof GetCFCheckptMessage;
        if (bip157 && !remoteServices.map(s -> s.has(ServiceFlags.NODE_COMPACT_FILTERS)).orElse(false)) {
            return Optional.of("the peer does not offer NODE_COMPACT_FILTERS (BIP-157; Core disconnects the sender)");
        }
        boolean txAnnouncement = m instanceof TxMessage
                || (m instanceof InvMessage inv && inv.items().stream().anyMatch(InventoryVector::isTransaction));
        if (txAnnouncement && !txRelay) {
            return Optional.of("tx relay is off for this peer (relay=0 in a version and no BIP-37 filter loaded;"
                    + " Core disconnects on \"transaction inv sent in violation of protocol\")");
        }
        return Optional.empty();
    }
}
