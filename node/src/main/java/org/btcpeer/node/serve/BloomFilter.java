package org.btcpeer.node.serve;

import java.util.List;

import com.google.common.hash.Hashing;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireWriter;
import org.btcpeer.wire.chain.OutPoint;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxInput;
import org.btcpeer.wire.chain.TxOutput;
import org.btcpeer.wire.message.FilterLoadMessage;

/**
 * A peer's BIP-37 bloom filter, as Core's {@code CBloomFilter}: loaded by filterload, grown by
 * filteradd, and matched against transactions when the peer asks for a filtered block. Matching
 * updates the filter with the outpoints of matched outputs when the peer's flags ask for it
 * ({@code BLOOM_UPDATE_ALL}, or {@code BLOOM_UPDATE_P2PUBKEY_ONLY} for pay-to-pubkey and bare
 * multisig outputs), so later spends match too.
 *
 * <p>An empty filter matches everything (Core: "zero-size = match-all", the CVE-2013-5700 guard).
 * Not thread-safe: {@link ChainServer} uses each peer's filter from that peer's reader thread only.
 */
final class BloomFilter {

    static final int BLOOM_UPDATE_NONE = 0;
    static final int BLOOM_UPDATE_ALL = 1;
    static final int BLOOM_UPDATE_P2PUBKEY_ONLY = 2;
    static final int BLOOM_UPDATE_MASK = 3;

    private static final int OP_CHECKSIG = 0xac;
    private static final int OP_CHECKMULTISIG = 0xae;
    private static final int OP_1 = 0x51;
    private static final int OP_16 = 0x60;

    private final byte[] bits;
    private final int hashFunctions;
    private final int tweak;
    private final int flags;

    private BloomFilter(byte[] bits, int hashFunctions, int tweak, int flags) {
        this.bits = bits;
        this.hashFunctions = hashFunctions;
        this.tweak = tweak;
        this.flags = flags;
    }

    /**
     * The filter a filterload installs (its caps are checked by the message's decoder).
     *
     * @param m the filterload
     * @return a new filter
     */
    static BloomFilter of(FilterLoadMessage m) {
        return new BloomFilter(m.filter().toByteArray(), (int) m.hashFunctions(), (int) m.tweak(), m.flags());
    }

    /** The filter's bits now (for tests: the bytes a filterload with this state would carry). */
    ByteString bits() {
        return ByteString.copyOf(bits);
    }

    /** Adds a data element (filteradd, or an outpoint after a match). */
    void insert(ByteString element) {
        insert(element.toByteArray());
    }

    private void insert(byte[] element) {
        if (bits.length == 0) {
            return;
        }
        for (int i = 0; i < hashFunctions; i++) {
            int bit = bitIndex(i, element);
            bits[bit >>> 3] |= (byte) (1 << (7 & bit));
        }
    }

    /** Whether the element may be in the set. */
    boolean contains(ByteString element) {
        return contains(element.toByteArray());
    }

    private boolean contains(byte[] element) {
        if (bits.length == 0) {
            return true;
        }
        for (int i = 0; i < hashFunctions; i++) {
            int bit = bitIndex(i, element);
            if ((bits[bit >>> 3] & (1 << (7 & bit))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Core's {@code CBloomFilter::Hash}: MurmurHash3 seeded with {@code n * 0xFBA4C795 + nTweak}, mod the bit count. */
    private int bitIndex(int n, byte[] element) {
        int seed = n * 0xFBA4C795 + tweak;
        int h = Hashing.murmur3_32_fixed(seed).hashBytes(element).asInt();
        return (int) (Integer.toUnsignedLong(h) % (bits.length * 8L));
    }

    /**
     * Core's {@code IsRelevantAndUpdate}: the txid, any data push of an output script (inserting
     * the outpoint as the flags say), then any spent outpoint or data push of an input script.
     *
     * @param tx the transaction
     * @return whether it matches
     */
    boolean isRelevantAndUpdate(Transaction tx) {
        if (bits.length == 0) {
            return true;
        }
        byte[] txid = tx.txid().toInternalBytes();
        boolean found = contains(txid);
        List<TxOutput> outputs = tx.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            ByteString script = outputs.get(i).scriptPubKey();
            for (ScriptPushes.Op op : ScriptPushes.ops(script)) {
                if (!op.data().isEmpty() && contains(op.data())) {
                    found = true;
                    int update = flags & BLOOM_UPDATE_MASK;
                    if (update == BLOOM_UPDATE_ALL || (update == BLOOM_UPDATE_P2PUBKEY_ONLY && isPubKeyOrMultisig(script))) {
                        insert(outpoint(new OutPoint(tx.txid(), i)));
                    }
                    break;
                }
            }
        }
        if (found) {
            return true;
        }
        for (TxInput in : tx.inputs()) {
            if (contains(outpoint(in.prevout()))) {
                return true;
            }
            for (ScriptPushes.Op op : ScriptPushes.ops(in.scriptSig())) {
                if (!op.data().isEmpty() && contains(op.data())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] outpoint(OutPoint p) {
        WireWriter w = new WireWriter(OutPoint.SIZE);
        p.encode(w);
        return w.toByteString().toByteArray();
    }

    /** Core's {@code Solver} types PUBKEY ({@code <33|65 bytes> OP_CHECKSIG}) and MULTISIG ({@code OP_m <keys> OP_n OP_CHECKMULTISIG}). */
    static boolean isPubKeyOrMultisig(ByteString script) {
        List<ScriptPushes.Op> ops = ScriptPushes.ops(script);
        if (ops.size() == 2 && ops.get(1).opcode() == OP_CHECKSIG) {
            int n = ops.get(0).data().size();
            return ops.get(0).opcode() == n && (n == 33 || n == 65);
        }
        if (ops.size() < 4 || ops.getLast().opcode() != OP_CHECKMULTISIG) {
            return false;
        }
        int m = ops.getFirst().opcode();
        int n = ops.get(ops.size() - 2).opcode();
        if (m < OP_1 || m > OP_16 || n < OP_1 || n > OP_16 || m > n || ops.size() - 3 != n - OP_1 + 1) {
            return false;
        }
        for (ScriptPushes.Op key : ops.subList(1, ops.size() - 2)) {
            int size = key.data().size();
            if (key.opcode() != size || (size != 33 && size != 65)) {
                return false;
            }
        }
        return true;
    }
}
