package org.btcpeer.chain.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.message.CFCheckptMessage;
import org.btcpeer.wire.message.CFHeadersMessage;
import org.btcpeer.wire.message.CFilterMessage;
import org.btcpeer.wire.message.CompactFilters;
import org.btcpeer.wire.message.GetCFCheckptMessage;
import org.btcpeer.wire.message.GetCFHeadersMessage;
import org.btcpeer.wire.message.GetCFiltersMessage;
import org.btcpeer.wire.message.KnownMessage;

/**
 * Answers BIP-157 requests from a {@link FilterIndex} with Bitcoin Core's rules
 * ({@code net_processing.cpp}: {@code PrepareBlockFilterRequest}, {@code ProcessGetCFilters},
 * {@code ProcessGetCFHeaders}, {@code ProcessGetCFCheckPt}). Any of these disconnects:
 *
 * <ul>
 *   <li>a filter type other than basic (0);</li>
 *   <li>a stop hash the index does not hold (Core: unknown, or not allowed to be fetched);</li>
 *   <li>a start height above the stop height;</li>
 *   <li>a range of {@code MAX_GETCFILTERS_SIZE} (1,000) blocks or more for getcfilters, of
 *       {@code MAX_GETCFHEADERS_SIZE} (2,000) or more for getcfheaders (Core compares
 *       {@code stop - start >= max}, so exactly 1,000 and 2,000 blocks are served).</li>
 * </ul>
 *
 * A node answers only if it advertises {@code NODE_COMPACT_FILTERS}; Core disconnects a peer that
 * asks a node that does not, which is the caller's check (it knows its services).
 */
public final class FilterRequests {

    private final FilterIndex index;

    /**
     * A request handler over an index.
     *
     * @param index the filters to serve
     */
    public FilterRequests(FilterIndex index) {
        this.index = Objects.requireNonNull(index, "index");
    }

    /**
     * getcfilters: one cfilter per block from the start height to the stop block.
     *
     * @param m the request
     * @return the cfilter messages, or a disconnect
     */
    public FilterReply answer(GetCFiltersMessage m) {
        Range r = prepare(m.filterType(), m.startHeight(), m.stopHash(), CompactFilters.MAX_GETCFILTERS_SIZE, "getcfilters");
        if (r.error != null) {
            return r.error;
        }
        List<KnownMessage> out = new ArrayList<>();
        for (IndexedFilter f : index.range(r.start, r.stop.height())) {
            out.add(new CFilterMessage(CompactFilters.BASIC, f.blockHash(), f.filter().encoded()));
        }
        return new FilterReply.Send(out);
    }

    /**
     * getcfheaders: the filter header before the start height (zero at height 0) and the filter
     * hashes from the start height to the stop block, in one cfheaders.
     *
     * @param m the request
     * @return the cfheaders message, or a disconnect
     */
    public FilterReply answer(GetCFHeadersMessage m) {
        Range r = prepare(m.filterType(), m.startHeight(), m.stopHash(), CompactFilters.MAX_GETCFHEADERS_SIZE, "getcfheaders");
        if (r.error != null) {
            return r.error;
        }
        Hash256 previous = r.start == 0 ? Hash256.ZERO : index.get(r.start - 1).header();
        List<Hash256> hashes = index.range(r.start, r.stop.height()).stream().map(IndexedFilter::filterHash).toList();
        return new FilterReply.Send(List.of(new CFHeadersMessage(CompactFilters.BASIC, m.stopHash(), previous, hashes)));
    }

    /**
     * getcfcheckpt: the filter headers at heights 1,000, 2,000, ... up to the stop block.
     *
     * @param m the request
     * @return the cfcheckpt message, or a disconnect
     */
    public FilterReply answer(GetCFCheckptMessage m) {
        Range r = prepare(m.filterType(), 0, m.stopHash(), Long.MAX_VALUE, "getcfcheckpt");
        if (r.error != null) {
            return r.error;
        }
        List<Hash256> headers = new ArrayList<>();
        for (int h = CompactFilters.CHECKPOINT_INTERVAL; h <= r.stop.height(); h += CompactFilters.CHECKPOINT_INTERVAL) {
            headers.add(index.get(h).header());
        }
        return new FilterReply.Send(List.of(new CFCheckptMessage(CompactFilters.BASIC, m.stopHash(), headers)));
    }

    /** A checked request range, or the disconnect it earned. */
    private record Range(int start, IndexedFilter stop, FilterReply.Disconnect error) {
    }

    /** Core's {@code PrepareBlockFilterRequest}, in its order. */
    private Range prepare(int filterType, long startHeight, Hash256 stopHash, long maxHeightDiff, String command) {
        if (filterType != CompactFilters.BASIC) {
            return refuse(command + ": unsupported filter type " + filterType);
        }
        Optional<IndexedFilter> stop = index.get(stopHash);
        if (stop.isEmpty()) {
            return refuse(command + ": unknown stop hash " + stopHash);
        }
        int stopHeight = stop.get().height();
        if (startHeight > stopHeight) {
            return refuse(command + ": start height " + startHeight + " above stop height " + stopHeight);
        }
        if (stopHeight - startHeight >= maxHeightDiff) {
            return refuse(command + ": " + (stopHeight - startHeight + 1) + " blocks requested, at most " + maxHeightDiff);
        }
        return new Range((int) startHeight, stop.get(), null);
    }

    private static Range refuse(String reason) {
        return new Range(0, null, new FilterReply.Disconnect(reason));
    }
}
