package org.btcpeer.wire;

import java.util.Objects;

/**
 * The one error a decoder raises for malformed input: it names the command being decoded, the
 * field, the byte offset within the payload and the rule that was violated.
 *
 * <p>It is checked on purpose: every caller that turns untrusted bytes into values must decide
 * what a malformed message means for its peer (the peer module disconnects with the message of
 * this exception as the reason). Nothing else may escape a decoder: not
 * {@link IndexOutOfBoundsException}, not {@link OutOfMemoryError}, not {@link NullPointerException}.
 */
public final class WireException extends Exception {

    /** The kind of rule a malformed input broke. */
    public enum Rule {
        /** The input ended before the field was complete. */
        TRUNCATED,
        /** A length or count exceeds the cap for this field (a Core limit or the bytes left). */
        OVER_CAP,
        /** A CompactSize used more bytes than its value needs (Core: "non-canonical ReadCompactSize()"). */
        NON_CANONICAL,
        /**
         * The payload has bytes left after the last field: raised only by strict decoding (a whole
         * buffer that must hold exactly one structure); received messages ignore such bytes, as Core.
         */
        TRAILING_BYTES,
        /** The field has a value the protocol does not allow. */
        BAD_VALUE
    }

    private final String command;
    private final String field;
    private final int offset;
    private final Rule rule;
    private final String detail;

    /**
     * Creates the error.
     *
     * @param command the message being decoded (for example {@code "inv"}), or a structure name
     * @param field   the field that failed
     * @param offset  the byte offset of the field from the start of the payload
     * @param rule    the kind of violation
     * @param detail  a short human explanation with the values involved
     */
    public WireException(String command, String field, int offset, Rule rule, String detail) {
        super(format(command, field, offset, rule, detail), null, false, false);
        this.command = Objects.requireNonNull(command, "command");
        this.field = Objects.requireNonNull(field, "field");
        this.offset = offset;
        this.rule = Objects.requireNonNull(rule, "rule");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    private static String format(String command, String field, int offset, Rule rule, String detail) {
        return command + ": field '" + field + "' at byte " + offset + ": "
                + rule.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + detail + ")";
    }

    /** The command or structure being decoded when the error was found. */
    public String command() {
        return command;
    }

    /** The field that failed. */
    public String field() {
        return field;
    }

    /** The byte offset of the failing field from the start of the payload. */
    public int offset() {
        return offset;
    }

    /** The rule that was violated. */
    public Rule rule() {
        return rule;
    }

    /** The human explanation with the values involved. */
    public String detail() {
        return detail;
    }
}
