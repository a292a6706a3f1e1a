package org.btcpeer.wire.message;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;

import static org.btcpeer.wire.WireException.Rule;

/**
 * The single registry of message types: for each, its wire name, its BIP-324 one-byte short id
 * (or none), the largest payload it may have, and its decoder. The v1 and v2 transports, the
 * fuzzers and the peer derive everything from this enum; nothing else lists commands.
 *
 * <p>Payload caps let a transport reject an oversized message from its header alone, before
 * reading or allocating the payload. Each cap is the largest encoding of the fields this library
 * knows plus {@link #EXTENSION_ROOM} (at most {@link #MAX_PAYLOAD}): a future BIP may append fields
 * to any message, as version already grew, and Bitcoin Core, which has no per-command caps, reads
 * the fields it knows and ignores the rest.
 *
 * <p>Decoding follows Core: a decoder reads its fields and stops; bytes after them are ignored and
 * reported ({@link DecodedPayload#trailingBytes()}). {@link #decodeStrict} keeps the old strict
 * rule ({@link Rule#TRAILING_BYTES}) for callers that hold a whole buffer and want exactly one
 * message in it.
 */
public enum Command {
    /** {@link VersionMessage}: the first message of every connection. */
    VERSION("version", 0, Command.MAX_PAYLOAD, VersionMessage::decode),
    /** {@link VerackMessage}: acknowledges version. */
    VERACK("verack", 0, cap(0), r -> VerackMessage.INSTANCE),
    /** {@link GetAddrMessage}: asks for addresses. */
    GETADDR("getaddr", 0, cap(0), r -> GetAddrMessage.INSTANCE),
    /** {@link AddrMessage}: legacy address gossip. */
    ADDR("addr", 1, cap(3 + AddrMessage.MAX_ENTRIES * 30), AddrMessage::decode),
    /** {@link AddrV2Message} (BIP-155). */
    ADDRV2("addrv2", 28, cap(3 + AddrV2Message.MAX_ENTRIES * AddrV2Message.MAX_ENTRY_SIZE), AddrV2Message::decode),
    /** {@link SendAddrV2Message} (BIP-155). */
    SENDADDRV2("sendaddrv2", 0, cap(0), r -> SendAddrV2Message.INSTANCE),
    /** {@link InvMessage}: announces objects. */
    INV("inv", 14, cap(InventoryMessages.MAX_PAYLOAD), InvMessage::decode),
    /** {@link GetDataMessage}: requests objects. */
    GETDATA("getdata", 11, cap(InventoryMessages.MAX_PAYLOAD), GetDataMessage::decode),
    /** {@link NotFoundMessage}: requested objects that are not available. */
    NOTFOUND("notfound", 17, cap(InventoryMessages.MAX_PAYLOAD), NotFoundMessage::decode),
    /** {@link GetBlocksMessage}: asks for block invs after a locator. */
    GETBLOCKS("getblocks", 9, cap(BlockLocatorCodec.MAX_PAYLOAD), GetBlocksMessage::decode),
    /** {@link GetHeadersMessage}: asks for headers after a locator. */
    GETHEADERS("getheaders", 12, cap(BlockLocatorCodec.MAX_PAYLOAD), GetHeadersMessage::decode),
    /** {@link HeadersMessage}: block headers. */
    HEADERS("headers", 13, cap(HeadersMessage.MAX_PAYLOAD), HeadersMessage::decode),
    /** {@link BlockMessage}: a block. */
    BLOCK("block", 2, Command.MAX_PAYLOAD, BlockMessage::decode),
    /** {@link TxMessage}: a transaction. */
    TX("tx", 21, Command.MAX_PAYLOAD, TxMessage::decode),
    /** {@link MempoolMessage} (BIP-35): asks for the mempool's txids. */
    MEMPOOL("mempool", 15, cap(0), r -> MempoolMessage.INSTANCE),
    /** {@link PingMessage} (BIP-31). */
    PING("ping", 18, cap(8), PingMessage::decode),
    /** {@link PongMessage} (BIP-31). */
    PONG("pong", 19, cap(8), PongMessage::decode),
    /** {@link RejectMessage} (BIP-61, removed from Core; still decoded). */
    REJECT("reject", 0, cap(RejectMessage.MAX_PAYLOAD), RejectMessage::decode),
    /** {@link SendHeadersMessage} (BIP-130). */
    SENDHEADERS("sendheaders", 0, cap(0), r -> SendHeadersMessage.INSTANCE),
    /** {@link FeeFilterMessage} (BIP-133). */
    FEEFILTER("feefilter", 5, cap(8), FeeFilterMessage::decode),
    /** {@link SendCmpctMessage} (BIP-152). */
    SENDCMPCT("sendcmpct", 20, cap(9), SendCmpctMessage::decode),
    /** {@link CmpctBlockMessage} (BIP-152). */
    CMPCTBLOCK("cmpctblock", 4, Command.MAX_PAYLOAD, CmpctBlockMessage::decode),
    /** {@link GetBlockTxnMessage} (BIP-152). */
    GETBLOCKTXN("getblocktxn", 10, Command.MAX_PAYLOAD, GetBlockTxnMessage::decode),
    /** {@link BlockTxnMessage} (BIP-152). */
    BLOCKTXN("blocktxn", 3, Command.MAX_PAYLOAD, BlockTxnMessage::decode),
    /** {@link FilterLoadMessage} (BIP-37). */
    FILTERLOAD("filterload", 8, cap(FilterLoadMessage.MAX_PAYLOAD), FilterLoadMessage::decode),
    /** {@link FilterAddMessage} (BIP-37). */
    FILTERADD("filteradd", 6, cap(3 + FilterAddMessage.MAX_ELEMENT_SIZE), FilterAddMessage::decode),
    /** {@link FilterClearMessage} (BIP-37). */
    FILTERCLEAR("filterclear", 7, cap(0), r -> FilterClearMessage.INSTANCE),
    /** {@link MerkleBlockMessage} (BIP-37). */
    MERKLEBLOCK("merkleblock", 16, Command.MAX_PAYLOAD, MerkleBlockMessage::decode),
    /** {@link GetCFiltersMessage} (BIP-157). */
    GETCFILTERS("getcfilters", 22, cap(1 + 4 + 32), GetCFiltersMessage::decode),
    /** {@link CFilterMessage} (BIP-157). */
    CFILTER("cfilter", 23, Command.MAX_PAYLOAD, CFilterMessage::decode),
    /** {@link GetCFHeadersMessage} (BIP-157). */
    GETCFHEADERS("getcfheaders", 24, cap(1 + 4 + 32), GetCFHeadersMessage::decode),
    /** {@link CFHeadersMessage} (BIP-157). */
    CFHEADERS("cfheaders", 25, cap(1 + 32 + 32 + 3 + CFHeadersMessage.MAX_HASHES * 32), CFHeadersMessage::decode),
    /** {@link GetCFCheckptMessage} (BIP-157). */
    GETCFCHECKPT("getcfcheckpt", 26, cap(1 + 32), GetCFCheckptMessage::decode),
    /** {@link CFCheckptMessage} (BIP-157). */
    CFCHECKPT("cfcheckpt", 27, Command.MAX_PAYLOAD, CFCheckptMessage::decode),
    /** {@link WtxidRelayMessage} (BIP-339). */
    WTXIDRELAY("wtxidrelay", 0, cap(0), r -> WtxidRelayMessage.INSTANCE),
    /** {@link SendTxRcnclMessage} (BIP-330, Erlay). */
    SENDTXRCNCL("sendtxrcncl", 0, cap(4 + 8), SendTxRcnclMessage::decode);

    /**
     * Core's {@code MAX_PROTOCOL_MESSAGE_LENGTH}: no payload may exceed 4,000,000 bytes; a v1
     * header announcing more disconnects the peer.
     */
    public static final int MAX_PAYLOAD = 4_000_000;

    /** The longest command name: the v1 header's command field is 12 bytes. */
    public static final int MAX_NAME_LENGTH = 12;

    /**
     * Room for fields a future BIP may append: every per-command cap is the largest encoding of the
     * known fields plus this much (so no cap is below 1 KiB, even for an empty message such as
     * verack). The receive buffers grow with the bytes that actually arrive, so a generous cap
     * costs nothing until a peer sends the bytes.
     */
    public static final int EXTENSION_ROOM = 1024;

    /** The cap of a message whose known fields take at most {@code fieldsBound} bytes. */
    private static int cap(int fieldsBound) {
        return Math.min(MAX_PAYLOAD, fieldsBound + EXTENSION_ROOM);
    }

    /** Decodes one message type from a reader positioned at the payload's start. */
    @FunctionalInterface
    interface Decoder {
        KnownMessage decode(WireReader r) throws WireException;
    }

    private static final Map<String, Command> BY_NAME = new HashMap<>();
    private static final Command[] BY_SHORT_ID = new Command[256];

    static {
        for (Command c : values()) {
            if (BY_NAME.put(c.wireName, c) != null) {
                throw new ExceptionInInitializerError("duplicate command name " + c.wireName);
            }
            if (c.shortId != 0) {
                if (BY_SHORT_ID[c.shortId] != null) {
                    throw new ExceptionInInitializerError("duplicate short id " + c.shortId);
                }
                BY_SHORT_ID[c.shortId] = c;
            }
        }
    }

    private final String wireName;
    private final int shortId;
    private final int maxPayload;
    private final Decoder decoder;

    Command(String wireName, int shortId, int maxPayload, Decoder decoder) {
        this.wireName = wireName;
        this.shortId = shortId;
        this.maxPayload = maxPayload;
        this.decoder = decoder;
    }

    /** The name in a v1 header ({@code "inv"}). */
    public String wireName() {
        return wireName;
    }

    /** The BIP-324 one-byte message id (1 to 28), if this command has one; others use the 13-byte long form. */
    public Optional<Integer> shortId() {
        return shortId == 0 ? Optional.empty() : Optional.of(shortId);
    }

    /** The BIP-324 short id, or 0 when the command has none (allocation-free form of {@link #shortId()}). */
    public int shortIdOrZero() {
        return shortId;
    }

    /** The largest payload this command can have; a larger announced length is rejected before reading. */
    public int maxPayload() {
        return maxPayload;
    }

    /**
     * Decodes a payload of this command as Bitcoin Core does: checks the cap, reads the known
     * fields, and ignores the bytes after them (a future extension), reporting how many there were.
     *
     * @param payload the payload
     * @return the message and the number of ignored trailing bytes
     * @throws WireException if the payload exceeds the cap or its known fields are malformed
     */
    public DecodedPayload decodePayload(ByteString payload) throws WireException {
        checkPayloadSize(wireName, payload, maxPayload);
        WireReader r = WireReader.of(payload, wireName);
        KnownMessage m = decoder.decode(r);
        return new DecodedPayload(m, r.remaining());
    }

    /**
     * Decodes a payload of this command, ignoring bytes after the known fields (as
     * {@link #decodePayload}, without the count).
     *
     * @param payload the payload
     * @return the message
     * @throws WireException if the payload exceeds the cap or its known fields are malformed
     */
    public KnownMessage decode(ByteString payload) throws WireException {
        return (KnownMessage) decodePayload(payload).message();
    }

    /**
     * Decodes a payload that must hold exactly this message: bytes after the known fields are an
     * error ({@link Rule#TRAILING_BYTES}). For callers holding a whole buffer who want the strict
     * btcd rule; received messages are decoded leniently ({@link #decodePayload}).
     *
     * @param payload the payload
     * @return the message
     * @throws WireException if the payload exceeds the cap, is malformed, or has trailing bytes
     */
    public KnownMessage decodeStrict(ByteString payload) throws WireException {
        checkPayloadSize(wireName, payload, maxPayload);
        WireReader r = WireReader.of(payload, wireName);
        KnownMessage m = decoder.decode(r);
        r.expectEnd();
        return m;
    }

    /**
     * The command named {@code name}.
     *
     * @param name a wire name
     * @return the command, or empty if this library does not know it
     */
    public static Optional<Command> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * The command with BIP-324 short id {@code id}.
     *
     * @param id 0 to 255
     * @return the command, or empty if the id is unassigned (or 0, which means "long form")
     */
    public static Optional<Command> byShortId(int id) {
        return id <= 0 || id > 255 ? Optional.empty() : Optional.ofNullable(BY_SHORT_ID[id]);
    }

    /**
     * Decodes any message: a known command with its codec (trailing bytes ignored, as
     * {@link #decodePayload}), an unknown one to a {@link RawMessage}.
     *
     * @param commandName the command from the transport
     * @param payload     the payload
     * @return the message
     * @throws WireException if a known command's payload is malformed, or the payload exceeds its cap
     */
    public static Message decodeAny(String commandName, ByteString payload) throws WireException {
        return decodeAnyPayload(commandName, payload).message();
    }

    /**
     * Decodes any message as {@link #decodeAny}, with the number of trailing bytes a known command
     * ignored (0 for an unknown command, whose whole payload is kept).
     *
     * @param commandName the command from the transport
     * @param payload     the payload
     * @return the message and its ignored trailing bytes
     * @throws WireException if a known command's payload is malformed, or the payload exceeds its cap
     */
    public static DecodedPayload decodeAnyPayload(String commandName, ByteString payload) throws WireException {
        Command c = BY_NAME.get(commandName);
        if (c != null) {
            return c.decodePayload(payload);
        }
        checkPayloadSize(commandName, payload, MAX_PAYLOAD);
        return new DecodedPayload(new RawMessage(commandName, payload), 0);
    }

    private static void checkPayloadSize(String commandName, ByteString payload, int cap) throws WireException {
        if (payload.size() > cap) {
            throw new WireException(commandName, "payload", 0, Rule.OVER_CAP,
                    "payload of " + payload.size() + " bytes > cap " + cap);
        }
    }

    /** Zeros for padding a name to {@link #MAX_NAME_LENGTH} bytes. */
    private static final byte[] NAME_PADDING = new byte[MAX_NAME_LENGTH];

    /**
     * Reads the 12-byte NUL-padded command field of a v1 header or a BIP-324 long-form message type,
     * with Core's rule ({@code IsMessageTypeValid}): printable ASCII (0x20 to 0x7e) up to the first
     * NUL, then only NULs, and at least one character.
     *
     * @param field  the array holding the field
     * @param offset where its 12 bytes start
     * @return the name, or {@code null} if the field is malformed
     */
    public static String readPaddedName(byte[] field, int offset) {
        int end = offset;
        int limit = offset + MAX_NAME_LENGTH;
        while (end < limit && field[end] != 0) {
            int c = field[end] & 0xff;
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
            end++;
        }
        for (int i = end; i < limit; i++) {
            if (field[i] != 0) {
                return null;
            }
        }
        return end == offset ? null : new String(field, offset, end - offset, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Writes {@code name} NUL-padded to {@value #MAX_NAME_LENGTH} bytes into {@code dst}, as
     * {@link #writePaddedName(org.btcpeer.wire.WireWriter, String)} does into a writer.
     *
     * @param dst    the destination, with room for {@value #MAX_NAME_LENGTH} bytes at {@code offset}
     * @param offset where the field starts
     * @param name   a valid command name (see {@link #isValidName})
     */
    public static void writePaddedName(byte[] dst, int offset, String name) {
        java.util.Objects.checkFromIndexSize(offset, MAX_NAME_LENGTH, dst.length);
        int n = name.length();
        if (n > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("command name longer than " + MAX_NAME_LENGTH + ": " + name);
        }
        for (int i = 0; i < MAX_NAME_LENGTH; i++) {
            dst[offset + i] = i < n ? (byte) name.charAt(i) : 0;
        }
    }

    /**
     * Writes {@code name} as the 12-byte NUL-padded command field.
     *
     * @param w    the writer
     * @param name a valid name ({@link #isValidName(String)})
     */
    public static void writePaddedName(org.btcpeer.wire.WireWriter w, String name) {
        byte[] b = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        w.writeBytes(b, 0, b.length).writeBytes(NAME_PADDING, 0, MAX_NAME_LENGTH - b.length);
    }

    /**
     * Whether {@code name} can be a command: 1 to 12 printable ASCII characters (0x20 to 0x7e),
     * Core's {@code IsMessageTypeValid} rule once the NUL padding is stripped.
     *
     * @param name the candidate
     * @return true if valid
     */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
