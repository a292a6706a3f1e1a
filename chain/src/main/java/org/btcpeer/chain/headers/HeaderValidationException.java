package org.btcpeer.chain.headers;

import java.util.Objects;

import org.btcpeer.wire.Hash256;

/**
 * A header broke a consensus rule: which rule, which header, at which height, and why.
 */
public final class HeaderValidationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final HeaderRule rule;
    private final transient Hash256 header;
    private final int height;

    /**
     * Creates the error.
     *
     * @param rule   the rule broken
     * @param header the offending header's hash
     * @param height the height it would have had, or -1 if unknown (no parent)
     * @param detail what was found and what was expected
     */
    public HeaderValidationException(HeaderRule rule, Hash256 header, int height, String detail) {
        super(rule.coreReason() + " at height " + height + " (" + header + "): " + detail);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.header = Objects.requireNonNull(header, "header");
        this.height = height;
    }

    /** The rule broken. */
    public HeaderRule rule() {
        return rule;
    }

    /** The offending header's hash. */
    public Hash256 header() {
        return header;
    }

    /** The height the header would have had, or -1 if its parent is unknown. */
    public int height() {
        return height;
    }
}
