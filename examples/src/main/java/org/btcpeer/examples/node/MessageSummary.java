package org.btcpeer.examples.node;

import java.util.Map;
import java.util.TreeMap;

import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.message.AddrMessage;
import org.btcpeer.wire.message.AddrV2Message;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.FeeFilterMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.GetHeadersMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;
import org.btcpeer.wire.message.PingMessage;
import org.btcpeer.wire.message.PongMessage;
import org.btcpeer.wire.message.RawMessage;
import org.btcpeer.wire.message.SendCmpctMessage;
import org.btcpeer.wire.message.TxMessage;
import org.btcpeer.wire.message.VersionMessage;

/** One short line describing a message, for logs and the {@code listen} command. */
public final class MessageSummary {

    private MessageSummary() {
    }

    /**
     * Describes a message: its command and the fields worth a glance.
     *
     * @param m the message
     * @return for example {@code inv 3 (MSG_WTX 3)} or {@code block 0f91…2206 1 tx 285 B}
     */
    public static String of(Message m) {
        String detail = switch (m) {
            case VersionMessage v -> v.version() + " " + v.userAgent() + " height " + v.startHeight()
                    + " services " + v.services().names();
            case InvMessage inv -> inv.items().size() + " " + countTypes(inv.items());
            case GetDataMessage g -> g.items().size() + " " + countTypes(g.items());
            case NotFoundMessage nf -> nf.items().size() + " " + countTypes(nf.items());
            case HeadersMessage h -> h.headers().size() + " headers"
                    + (h.headers().isEmpty() ? "" : ", last " + h.headers().get(h.headers().size() - 1).hash());
            case GetHeadersMessage g -> "locator " + g.locator().size() + (g.locator().isEmpty() ? "" : " from " + g.locator().get(0))
                    + (g.stopHash().isZero() ? "" : " stop " + g.stopHash());
            case BlockMessage b -> b.block().hash() + " " + b.block().transactions().size() + " tx "
                    + b.block().serializedSize() + " B";
            case TxMessage t -> t.transaction().txid() + " " + t.transaction().serializedSize() + " B";
            case PingMessage p -> "nonce " + Long.toHexString(p.nonce());
            case PongMessage p -> "nonce " + Long.toHexString(p.nonce());
            case AddrMessage a -> a.addresses().size() + " addresses";
            case AddrV2Message a -> a.addresses().size() + " addresses";
            case SendCmpctMessage s -> "version " + s.version() + (s.highBandwidth() ? " high-bandwidth" : " low-bandwidth");
            case FeeFilterMessage f -> f.feeRate() + " sat/kvB";
            case RawMessage r -> "unknown command, " + r.body().size() + " B";
            default -> "";
        };
        return detail.isEmpty() ? m.commandName() : m.commandName() + " " + detail;
    }

    private static String countTypes(java.util.List<InventoryVector> items) {
        Map<String, Integer> counts = new TreeMap<>();
        for (InventoryVector v : items) {
            counts.merge(v.typeName(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder("(");
        counts.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(' ').append(v));
        return sb.append(')').toString();
    }
}
