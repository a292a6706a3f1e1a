package org.btcpeer.wire.message;

import java.util.Objects;

import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

import static org.btcpeer.wire.WireException.Rule;

/**
 * version: the first message each side sends, saying who it is and what it can do.
 *
 * <pre>
 * [4 version][8 services][8 timestamp]
 * [8 receiver services][16 receiver address][2 port BE]
 * [8 sender services][16 sender address][2 port BE][8 nonce]     optional in Core, together
 * [CompactSize len][user agent]                                  optional
 * [4 start height]                                               optional
 * [1 relay]                                                      optional (BIP-37)
 * </pre>
 *
 * <p>Decoding follows Core's {@code ProcessMessage}: the fields after the receiver address are
 * each read only if bytes remain (missing ones take the defaults: nonce 0, empty user agent,
 * height 0, relay {@code true}), and bytes after the relay flag are ignored. Encoding always writes
 * every field. The user agent is capped at {@link #MAX_USER_AGENT_LENGTH} bytes.
 *
 * @param version          the sender's protocol version
 * @param services         the sender's services
 * @param timestamp        the sender's clock, Unix seconds
 * @param receiverServices the services the sender believes the receiver has
 * @param receiver         the receiver's address as the sender sees it (Core sends {@link NetAddress#UNSPECIFIED} when it must not reveal it)
 * @param senderServices   the services repeated in the sender address field (Core: same as {@code services})
 * @param sender           the sender's own address (Core sends {@link NetAddress#UNSPECIFIED})
 * @param nonce            a random per-connection number used to detect connecting to oneself
 * @param userAgent        BIP-14 user agent, for example {@code /Satoshi:27.0.0/}
 * @param startHeight      the sender's best block height
 * @param relay            BIP-37: whether the sender wants transaction invs before it loads a filter
 */
public record VersionMessage(int version, ServiceFlags services, long timestamp,
                             ServiceFlags receiverServices, NetAddress receiver,
                             ServiceFlags senderServices, NetAddress sender,
                             long nonce, String userAgent, int startHeight, boolean relay) implements KnownMessage {

    /** Core's {@code MAX_SUBVERSION_LENGTH}: the longest user agent accepted. */
    public static final int MAX_USER_AGENT_LENGTH = 256;

    /**
     * Validates the fields.
     *
     * @param version          protocol version
     * @param services         services
     * @param timestamp        Unix seconds
     * @param receiverServices receiver's services
     * @param receiver         receiver address (legacy-encodable)
     * @param senderServices   sender's services
     * @param sender           sender address (legacy-encodable)
     * @param nonce            nonce
     * @param userAgent        at most 256 bytes of ISO-8859-1 text
     * @param startHeight      height
     * @param relay            relay flag
     */
    public VersionMessage {
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(receiverServices, "receiverServices");
        Objects.requireNonNull(senderServices, "senderServices");
        requireLegacy(receiver, "receiver");
        requireLegacy(sender, "sender");
        Objects.requireNonNull(userAgent, "userAgent");
        if (userAgent.length() > MAX_USER_AGENT_LENGTH) {
            throw new IllegalArgumentException("user agent longer than " + MAX_USER_AGENT_LENGTH + ": " + userAgent.length());
        }
        for (int i = 0; i < userAgent.length(); i++) {
            if (userAgent.charAt(i) > 0xff) {
                throw new IllegalArgumentException("user agent must be 8-bit text: " + userAgent);
            }
        }
    }

    private static void requireLegacy(NetAddress a, String name) {
        Objects.requireNonNull(a, name);
        if (!a.network().isLegacyEncodable()) {
            throw new IllegalArgumentException(name + " address must be IPv4 or IPv6 in a version message: " + a);
        }
    }

    /**
     * Decodes the payload as Core does (optional trailing fields, extra bytes ignored).
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if a present field is truncated or the user agent is too long
     */
    public static VersionMessage decode(WireReader r) throws WireException {
        int version = r.readInt32Le("version");
        ServiceFlags services = ServiceFlags.of(r.readInt64Le("services"));
        long timestamp = r.readInt64Le("timestamp");
        ServiceFlags receiverServices = ServiceFlags.of(r.readInt64Le("receiver services"));
        NetAddress receiver = NetAddress.readLegacy(r);
        ServiceFlags senderServices = ServiceFlags.NONE;
        NetAddress sender = NetAddress.UNSPECIFIED;
        long nonce = 0;
        String userAgent = "";
        int startHeight = 0;
        boolean relay = true;
        if (!r.atEnd()) {
            senderServices = ServiceFlags.of(r.readInt64Le("sender services"));
            sender = NetAddress.readLegacy(r);
            nonce = r.readInt64Le("nonce");
        }
        if (!r.atEnd()) {
            int at = r.position();
            long len = r.readCompactSize("user agent");
            if (len > MAX_USER_AGENT_LENGTH) {
                throw r.errorAt("user agent", at, Rule.OVER_CAP, "length " + len + " > MAX_SUBVERSION_LENGTH " + MAX_USER_AGENT_LENGTH);
            }
            userAgent = r.readBytes((int) len, "user agent").toLatin1String();
        }
        if (!r.atEnd()) {
            startHeight = r.readInt32Le("start height");
        }
        if (!r.atEnd()) {
            relay = r.readBoolean("relay");
        }
        return new VersionMessage(version, services, timestamp, receiverServices, receiver,
                senderServices, sender, nonce, userAgent, startHeight, relay);
    }

    @Override
    public Command command() {
        return Command.VERSION;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeInt32Le(version).writeInt64Le(services.bits()).writeInt64Le(timestamp);
        w.writeInt64Le(receiverServices.bits());
        receiver.writeLegacy(w);
        w.writeInt64Le(senderServices.bits());
        sender.writeLegacy(w);
        w.writeInt64Le(nonce).writeVarString(userAgent).writeInt32Le(startHeight).writeBoolean(relay);
    }
}
