package org.btcpeer.examples;

import java.util.Locale;

import org.btcpeer.transport.TransportPolicy;

/**
 * The {@code --transport} choice of every command: {@code v1}, {@code v2} or {@code v2-preferred},
 * mapped to the library's {@link TransportPolicy}.
 */
public enum TransportOption {
    /** Plaintext v1 only. */
    V1("v1", TransportPolicy.V1_ONLY),
    /** BIP-324 v2 only. */
    V2("v2", TransportPolicy.V2_REQUIRED),
    /** BIP-324 v2, falling back to v1 as Core does. */
    V2_PREFERRED("v2-preferred", TransportPolicy.V2_PREFERRED);

    /**
     * The spelling of the default of every command's {@code --transport} (an annotation needs a
     * constant): {@code v2-preferred}, as Core's {@code DEFAULT_V2_TRANSPORT}.
     */
    public static final String DEFAULT_LABEL = "v2-preferred";

    /** The default of every command, {@link #DEFAULT_LABEL} parsed. */
    public static final TransportOption DEFAULT = parse(DEFAULT_LABEL);

    private final String label;
    private final TransportPolicy policy;

    TransportOption(String label, TransportPolicy policy) {
        this.label = label;
        this.policy = policy;
    }

    /** The option's spelling on the command line. */
    public String label() {
        return label;
    }

    /** The transport policy it stands for. */
    public TransportPolicy policy() {
        return policy;
    }

    /**
     * Parses {@code v1}, {@code v2} or {@code v2-preferred} (case-insensitive).
     *
     * @param text the option value
     * @return the option
     * @throws IllegalArgumentException for any other value
     */
    public static TransportOption parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        for (TransportOption o : values()) {
            if (o.label.equals(t)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + text + "' (expected v1, v2 or v2-preferred)");
    }

    @Override
    public String toString() {
        return label;
    }
}
