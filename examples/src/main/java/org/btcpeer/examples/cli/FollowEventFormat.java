package org.btcpeer.examples.cli;

import java.util.Locale;

import org.btcpeer.examples.follow.FollowEvent;

/**
 * How {@code btcpeer follow} prints a {@link FollowEvent}: one human line, or one JSON object with
 * an {@code event} key (schemas {@code follow.EVENT} in {@code cli-json-schema.tsv}).
 */
final class FollowEventFormat {

    private FollowEventFormat() {
    }

    /**
     * The human line.
     *
     * @param e the event
     * @return the line, without a newline
     */
    static String human(FollowEvent e) {
        return switch (e) {
            case FollowEvent.Connected c -> "connected " + c.peer() + " (peer " + c.id() + ", " + c.transport() + ", "
                    + c.userAgent() + ", height " + c.startHeight() + ")";
            case FollowEvent.Disconnected d -> "disconnected " + d.peer() + " (peer " + d.id() + "): " + d.reason();
            case FollowEvent.HeadersProgress p -> "headers " + p.height() + "/" + p.targetHeight();
            case FollowEvent.Synced s -> "synced headers at height " + s.height() + " " + s.hash();
            case FollowEvent.HighBandwidth h -> "high-bandwidth " + h.peer() + " (now " + String.join(", ", h.peers()) + ")";
            case FollowEvent.NewTip t -> "tip " + t.height() + " " + t.hash() + " from " + t.peer() + ": "
                    + switch (t.arrival()) {
                        case FollowEvent.Reconstructed r -> String.format(Locale.ROOT,
                                "reconstructed (%d prefilled, %d from pool, %d fetched)", r.prefilled(), r.fromPool(), r.fetched());
                        case FollowEvent.FullBlock f -> "full block" + f.fallback().map(
                                x -> " (" + x.name().toLowerCase(Locale.ROOT) + ")").orElse("");
                    } + ", " + t.transactions() + " transactions";
            case FollowEvent.TxSeen t -> "tx " + t.txid() + " from " + t.peer() + ", relayed to " + t.relayedTo() + " peers";
            case FollowEvent.BlockRejected r -> "rejected block " + r.hash() + " from " + r.peer() + ": " + r.problem();
        };
    }

    /**
     * The JSON object.
     *
     * @param e the event
     * @return the object
     */
    static Json json(FollowEvent e) {
        return switch (e) {
            case FollowEvent.Connected c -> new Json().put("event", "connected").put("peer", c.peer()).put("id", c.id())
                    .put("transport", c.transport()).put("user_agent", c.userAgent()).put("start_height", c.startHeight());
            case FollowEvent.Disconnected d -> new Json().put("event", "disconnected").put("peer", d.peer()).put("id", d.id())
                    .put("reason", d.reason());
            case FollowEvent.HeadersProgress p -> new Json().put("event", "headers").put("height", p.height())
                    .put("target_height", p.targetHeight());
            case FollowEvent.Synced s -> new Json().put("event", "synced").put("height", s.height()).put("hash", s.hash().toString());
            case FollowEvent.HighBandwidth h -> new Json().put("event", "high_bandwidth").put("peer", h.peer())
                    .put("peers", Json.array(h.peers()));
            case FollowEvent.NewTip t -> tip(t);
            case FollowEvent.TxSeen t -> new Json().put("event", "tx").put("txid", t.txid().toString())
                    .put("wtxid", t.wtxid().toString()).put("peer", t.peer()).put("relayed_to", t.relayedTo());
            case FollowEvent.BlockRejected r -> new Json().put("event", "rejected").put("hash", r.hash().toString())
                    .put("peer", r.peer()).put("problem", r.problem());
        };
    }

    private static Json tip(FollowEvent.NewTip t) {
        Json j = new Json().put("event", "tip").put("height", t.height()).put("hash", t.hash().toString()).put("peer", t.peer());
        switch (t.arrival()) {
            case FollowEvent.Reconstructed r -> j.put("arrived", "reconstructed").put("prefilled", r.prefilled())
                    .put("from_pool", r.fromPool()).put("fetched", r.fetched()).put("fallback", null);
            case FollowEvent.FullBlock f -> j.put("arrived", "full block").put("prefilled", null).put("from_pool", null)
                    .put("fetched", null).put("fallback", f.fallback().map(x -> x.name().toLowerCase(Locale.ROOT)));
        }
        return j.put("transactions", t.transactions());
    }
}
