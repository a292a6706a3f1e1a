package org.btcpeer.peer;

/**
 * What a peer does when a known message's fields do not decode (a truncated field, a count above
 * its cap, a non-canonical CompactSize, a bad value). The frame was consumed either way, so the
 * stream stays in sync and both choices are safe.
 *
 * <p>Bitcoin Core v30 deserializes a message inside {@code ProcessMessage}; {@code ProcessMessages}
 * catches the exception, logs "Exception ... caught" at debug level and moves on to the next
 * message, so the peer is kept and nothing is sent back (a message Core handles without reading
 * it, such as a redundant version or, without Erlay, sendtxrcncl, is not even parsed). btcd sends a
 * reject "malformed" and disconnects. Bytes after a message's known fields are not malformed: they
 * are ignored under both policies.
 */
public enum MalformedMessagePolicy {
    /**
     * Disconnect with {@link DisconnectReason#PROTOCOL_VIOLATION}; the detail names the command,
     * field, byte offset and rule (btcd's behaviour; the default).
     */
    DISCONNECT,
    /**
     * Drop the message, log it at DEBUG, count it in {@link IgnoredInput#malformedDropped()} and
     * keep the peer (Core's behaviour); listeners never see the message.
     */
    DROP
}
