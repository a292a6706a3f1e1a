package org.btcpeer.chain.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.btcpeer.chain.filter.FilterCheckException.Failure;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxOutput;
import org.btcpeer.wire.message.CFHeadersMessage;
import org.btcpeer.wire.message.CFilterMessage;
import org.btcpeer.wire.message.CompactFilters;

/**
 * The checks a BIP-157 client applies to what filter peers send, without I/O: cfcheckpt answers
 * compared across peers, a cfheaders range chained from a trusted previous header to a trusted
 * last one, a cfilter checked against its filter header, and a filter checked against the block
 * it claims to describe (the evidence that convicts a lying peer).
 */
public final class FilterChecks {

    private static final int OP_RETURN = 0x6a;

    private FilterChecks() {
    }

    /**
     * Where cfcheckpt answers of several peers for the same stop hash first differ.
     *
     * @param checkpointsByPeer each peer's checkpoint list
     * @return the index of the first checkpoint (height = (index + 1) × 1,000) on which two peers
     *         differ, a shorter list counting as different; empty if all agree
     */
    public static OptionalInt firstDisagreement(List<List<Hash256>> checkpointsByPeer) {
        if (checkpointsByPeer.isEmpty()) {
            return OptionalInt.empty();
        }
        int longest = checkpointsByPeer.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            Hash256 first = i < checkpointsByPeer.getFirst().size() ? checkpointsByPeer.getFirst().get(i) : null;
            for (List<Hash256> other : checkpointsByPeer) {
                if (i >= other.size() || !other.get(i).equals(first)) {
                    return OptionalInt.of(i);
                }
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Checks a cfheaders answer and returns the filter headers it implies.
     *
     * @param m                the answer
     * @param stopHash         the stop hash asked for
     * @param trustedPrevious  the filter header the client holds for the block before the start
     *                         height (zero before genesis)
     * @param trustedLast      the filter header expected at the stop block, if the client knows it
     *                         (a checkpoint agreed by its peers)
     * @return the filter headers from the start height to the stop block, in order
     * @throws FilterCheckException if the type, stop hash, previous header or chain disagrees
     */
    public static List<Hash256> headers(CFHeadersMessage m, Hash256 stopHash, Hash256 trustedPrevious,
                                        Optional<Hash256> trustedLast) throws FilterCheckException {
        if (m.filterType() != CompactFilters.BASIC) {
            throw new FilterCheckException(Failure.WRONG_FILTER_TYPE, "type " + m.filterType(), null);
        }
        if (!m.stopHash().equals(stopHash)) {
            throw new FilterCheckException(Failure.WRONG_BLOCK, "stop hash " + m.stopHash() + ", asked " + stopHash, null);
        }
        if (!m.previousFilterHeader().equals(trustedPrevious)) {
            throw new FilterCheckException(Failure.WRONG_PREVIOUS_HEADER,
                    m.previousFilterHeader() + ", ours " + trustedPrevious, null);
        }
        List<Hash256> headers = new ArrayList<>(m.filterHashes().size());
        Hash256 header = trustedPrevious;
        for (Hash256 filterHash : m.filterHashes()) {
            header = BlockFilter.header(filterHash, header);
            headers.add(header);
        }
        if (trustedLast.isPresent() && !header.equals(trustedLast.get())) {
            throw new FilterCheckException(Failure.HEADER_MISMATCH,
                    "the hashes chain to " + header + " at the stop block, expected " + trustedLast.get(), null);
        }
        return List.copyOf(headers);
    }

    /**
     * Checks a cfilter against the filter header chain and decodes it.
     *
     * @param m              the answer
     * @param blockHash      the block the filter was asked for
     * @param previousHeader the verified filter header of the block before
     * @param header         the verified filter header of this block
     * @return the decoded filter
     * @throws FilterCheckException if the type or block differs, the filter does not hash to the
     *                              header, or its bytes do not decode
     */
    public static BlockFilter filter(CFilterMessage m, Hash256 blockHash, Hash256 previousHeader, Hash256 header)
            throws FilterCheckException {
        if (m.filterType() != CompactFilters.BASIC) {
            throw new FilterCheckException(Failure.WRONG_FILTER_TYPE, "type " + m.filterType(), null);
        }
        if (!m.blockHash().equals(blockHash)) {
            throw new FilterCheckException(Failure.WRONG_BLOCK, "block " + m.blockHash() + ", asked " + blockHash, null);
        }
        Hash256 implied = BlockFilter.header(Hash256.doubleSha256(m.filter()), previousHeader);
        if (!implied.equals(header)) {
            throw new FilterCheckException(Failure.HEADER_MISMATCH,
                    "the filter of " + blockHash + " gives header " + implied + ", expected " + header, null);
        }
        try {
            return BlockFilter.decodeBasic(blockHash, m.filter());
        } catch (WireException e) {
            throw new FilterCheckException(Failure.MALFORMED_FILTER, e.getMessage(), e);
        }
    }

    /**
     * The output scripts of a block that its claimed filter does not match. A Golomb-coded set has
     * no false negatives, so any entry proves the filter (and every filter header built on it)
     * false. A light client cannot check spent scripts without the previous outputs, so an empty
     * answer is necessary, not sufficient, for a correct filter.
     *
     * @param block  the block, fetched and checked against its header's merkle root by the caller
     * @param filter the filter a peer claims for it
     * @return the scripts missing from the filter (empty ones and OP_RETURN ones are never expected)
     * @throws IllegalArgumentException if the filter is keyed by another block hash
     */
    public static List<ByteString> unmatchedOutputs(Block block, BlockFilter filter) {
        if (!filter.blockHash().equals(block.hash())) {
            throw new IllegalArgumentException("the filter is for " + filter.blockHash() + ", not " + block.hash());
        }
        List<ByteString> missing = new ArrayList<>();
        for (Transaction tx : block.transactions()) {
            for (TxOutput out : tx.outputs()) {
                ByteString script = out.scriptPubKey();
                if (script.isEmpty() || (script.byteAt(0) & 0xff) == OP_RETURN) {
                    continue;
                }
                if (!filter.filter().matchAny(List.of(script))) {
                    missing.add(script);
                }
            }
        }
        return missing;
    }
}
