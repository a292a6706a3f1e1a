package org.btcpeer.wire.message;

import java.util.Objects;
import java.util.Optional;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * reject (BIP-61): tells the peer why a message was rejected. Core stopped sending it in 0.20 and
 * ignores it; btcd still sends it before some disconnects. Decoded for completeness and logging.
 *
 * <pre>[CompactSize len][message][1 code][CompactSize len][reason][32 hash, optional]</pre>
 *
 * @param rejectedCommand the command of the rejected message, at most 12 bytes
 * @param code            the BIP-61 code ({@link #MALFORMED}, {@link #INVALID}, ...)
 * @param reason          a human-readable reason, at most {@link #MAX_REASON_LENGTH} bytes
 * @param hash            the rejected tx or block hash, if given
 */
public record RejectMessage(String rejectedCommand, int code, String reason, Optional<Hash256> hash) implements KnownMessage {

    /** BIP-61 {@code REJECT_MALFORMED}. */
    public static final int MALFORMED = 0x01;
    /** BIP-61 {@code REJECT_INVALID}. */
    public static final int INVALID = 0x10;
    /** BIP-61 {@code REJECT_OBSOLETE}. */
    public static final int OBSOLETE = 0x11;
    /** BIP-61 {@code REJECT_DUPLICATE}. */
    public static final int DUPLICATE = 0x12;
    /** BIP-61 {@code REJECT_NONSTANDARD}. */
    public static final int NONSTANDARD = 0x40;
    /** BIP-61 {@code REJECT_DUST}. */
    public static final int DUST = 0x41;
    /** BIP-61 {@code REJECT_INSUFFICIENTFEE}. */
    public static final int INSUFFICIENT_FEE = 0x42;
    /** BIP-61 {@code REJECT_CHECKPOINT}. */
    public static final int CHECKPOINT = 0x43;

    /** Core's former {@code MAX_REJECT_MESSAGE_LENGTH}: the longest reason accepted. */
    public static final int MAX_REASON_LENGTH = 111;

    /** The largest payload: 1+12 command, code, 1+111 reason, 32 hash. */
    static final int MAX_PAYLOAD = 1 + Command.MAX_NAME_LENGTH + 1 + 1 + MAX_REASON_LENGTH + 32;

    /**
     * Validates the fields.
     *
     * @param rejectedCommand at most 12 bytes
     * @param code            0 to 255
     * @param reason          at most 111 bytes
     * @param hash            optional hash
     */
    public RejectMessage {
        Objects.requireNonNull(rejectedCommand, "rejectedCommand");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(hash, "hash");
        if (rejectedCommand.length() > Command.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("command longer than 12: " + rejectedCommand);
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("reason longer than " + MAX_REASON_LENGTH + ": " + reason.length());
        }
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("code must fit a byte: " + code);
        }
    }

    /**
     * Decodes the payload; the hash is read when at least 32 bytes remain after the reason (BIP-61
     * sends it for tx and block rejects). Fewer bytes, or bytes after the hash, are left unread:
     * they are trailing bytes, ignored like any message's extension.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed or over a cap
     */
    public static RejectMessage decode(WireReader r) throws WireException {
        String command = r.readVarString("message", Command.MAX_NAME_LENGTH);
        int code = r.readUInt8("code");
        String reason = r.readVarString("reason", MAX_REASON_LENGTH);
        Optional<Hash256> hash = Optional.empty();
        if (r.remaining() >= Hash256.LENGTH) {
            hash = Optional.of(r.readHash("hash"));
        }
        return new RejectMessage(command, code, reason, hash);
    }

    @Override
    public Command command() {
        return Command.REJECT;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeVarString(rejectedCommand).writeUInt8(code).writeVarString(reason);
        hash.ifPresent(w::writeHash);
    }
}
