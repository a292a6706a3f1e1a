package org.btcpeer.interop;

import java.util.List;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.Sha256;
import org.btcpeer.wire.chain.OutPoint;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxInput;
import org.btcpeer.wire.chain.TxOutput;
import org.btcpeer.wire.chain.Witness;

/**
 * Transactions that need no keys, built with our {@code wire} types for a node running
 * {@code -acceptnonstdtxn=1}: coins mined to {@code raw(51)} (a bare {@code OP_TRUE} output) are
 * spent with an empty scriptSig to a P2WSH of the witness script {@code OP_TRUE}, which is spent
 * in turn with the witness {@code [0x51]} (the script itself; it leaves true on the stack).
 */
final class AnyoneCanSpend {

    /** {@code OP_TRUE}. */
    static final ByteString OP_TRUE = ByteString.wrap(new byte[]{0x51});
    /** Core's descriptor for mining to {@code OP_TRUE}, with its checksum. */
    static final String MINING_DESCRIPTOR = "raw(51)#8lvh9jxk";
    /** {@code OP_0 <sha256(OP_TRUE)>}: the P2WSH output whose witness script is {@code OP_TRUE}. */
    static final ByteString P2WSH_OP_TRUE = p2wsh(OP_TRUE);
    /** The fee each built transaction pays (satoshis), far above Core's minimum relay fee. */
    static final long FEE = 10_000;

    private AnyoneCanSpend() {
    }

    private static ByteString p2wsh(ByteString witnessScript) {
        byte[] hash = Sha256.hash(witnessScript.toByteArray());
        byte[] script = new byte[2 + hash.length];
        script[0] = 0x00;
        script[1] = 0x20;
        System.arraycopy(hash, 0, script, 2, hash.length);
        return ByteString.wrap(script);
    }

    /**
     * Spends an {@code OP_TRUE} output (a mined coinbase) to P2WSH(OP_TRUE), paying {@link #FEE}.
     *
     * @param txid  the output's transaction
     * @param index its index
     * @param value its value
     * @return the transaction (no witness)
     */
    static Transaction opTrueToP2wsh(Hash256 txid, int index, long value) {
        TxInput in = new TxInput(new OutPoint(txid, index), ByteString.EMPTY, TxInput.SEQUENCE_FINAL);
        return new Transaction(2, List.of(in), List.of(new TxOutput(value - FEE, P2WSH_OP_TRUE)), 0);
    }

    /**
     * Spends a P2WSH(OP_TRUE) output with the witness {@code [0x51]} to P2WSH(OP_TRUE) again.
     *
     * @param txid  the output's transaction
     * @param index its index
     * @param value its value
     * @return the transaction (with witness: its wtxid differs from its txid)
     */
    static Transaction p2wshToP2wsh(Hash256 txid, int index, long value) {
        TxInput in = new TxInput(new OutPoint(txid, index), ByteString.EMPTY, TxInput.SEQUENCE_FINAL, Witness.of(OP_TRUE));
        return new Transaction(2, List.of(in), List.of(new TxOutput(value - FEE, P2WSH_OP_TRUE)), 0);
    }
}
