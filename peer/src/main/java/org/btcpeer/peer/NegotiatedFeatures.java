package org.btcpeer.peer;

/**
 * What the handshake settled with this peer.
 *
 * @param version            the common protocol version: min(ours, theirs)
 * @param wtxidRelay         both sides sent wtxidrelay (BIP-339): transactions are announced by wtxid
 * @param addrV2             the peer sent sendaddrv2 (BIP-155): we send it addrv2
 * @param peerWantsHeaders   the peer sent sendheaders (BIP-130): announce blocks to it with headers
 * @param peerCompactVersion 2 once the peer sent sendcmpct version 2, else 0 (BIP-152; other versions are ignored, as Core)
 * @param peerHighBandwidth  the peer asked for high-bandwidth compact blocks
 * @param peerFeeFilter      the peer's feefilter in sat/kvB, 0 if none (BIP-133)
 * @param peerRelaysTx       the relay flag of the peer's version (BIP-37)
 * @param peerTxReconciliation the peer sent sendtxrcncl before verack (BIP-330): noted only; we do not implement
 *                             Erlay, so, as Core without {@code -txreconciliation}, the message is otherwise ignored
 */
public record NegotiatedFeatures(int version, boolean wtxidRelay, boolean addrV2, boolean peerWantsHeaders,
                                 long peerCompactVersion, boolean peerHighBandwidth, long peerFeeFilter,
                                 boolean peerRelaysTx, boolean peerTxReconciliation) {

    /** Before the handshake: nothing negotiated. */
    static final NegotiatedFeatures NONE = new NegotiatedFeatures(0, false, false, false, 0, false, 0, false, false);
}
