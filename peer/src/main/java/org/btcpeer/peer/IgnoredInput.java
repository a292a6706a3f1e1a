package org.btcpeer.peer;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a peer received and ignored, the way Bitcoin Core ignores it: bytes after a known message's
 * fields (a future extension), messages the protocol rules ignore, and malformed messages dropped
 * under {@link MalformedMessagePolicy#DROP}.
 *
 * @param trailingBytes           payload bytes after known fields, ignored, over all messages
 * @param trailingBytesPerCommand the same per command name, sorted (only commands that had some)
 * @param ignoredMessages         well-formed messages ignored by a protocol rule, as Core's
 *                                {@code ProcessMessage} ignores them: anything before version, a
 *                                non-feature message before verack, a redundant version or verack,
 *                                sendcmpct with a version other than 2, wtxidrelay below 70016,
 *                                sendtxrcncl (we do not implement Erlay), filter messages of a
 *                                pre-BIP-111 peer
 * @param malformedDropped        malformed messages dropped under {@link MalformedMessagePolicy#DROP}
 */
public record IgnoredInput(long trailingBytes, Map<String, Long> trailingBytesPerCommand, long ignoredMessages,
                           long malformedDropped) {

    /** Nothing ignored. */
    public static final IgnoredInput NONE = new IgnoredInput(0, Map.of(), 0, 0);

    /**
     * Copies the map.
     *
     * @param trailingBytes           total trailing bytes
     * @param trailingBytesPerCommand trailing bytes per command
     * @param ignoredMessages         messages ignored by a rule
     * @param malformedDropped        malformed messages dropped
     */
    public IgnoredInput {
        trailingBytesPerCommand = Collections.unmodifiableMap(
                new TreeMap<>(Objects.requireNonNull(trailingBytesPerCommand, "trailingBytesPerCommand")));
    }
}
