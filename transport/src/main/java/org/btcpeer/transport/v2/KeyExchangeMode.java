package org.btcpeer.transport.v2;

import java.util.Locale;

/** Which {@link V2KeyExchange} provider to use (system property {@value KeyExchangeConfig#MODE_PROPERTY}). */
public enum KeyExchangeMode {
    /** libsecp256k1 if it can be loaded (Java 22+, a library for this platform), else Bouncy Castle. */
    AUTO,
    /** libsecp256k1 or an {@link IllegalStateException} saying why it cannot be loaded. */
    NATIVE,
    /** Bouncy Castle only; the native library is never touched. */
    JAVA;

    /**
     * Parses {@code auto}, {@code native} or {@code java} (any case).
     *
     * @param text the text
     * @return the mode
     * @throws IllegalArgumentException for any other text
     */
    public static KeyExchangeMode parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "native" -> NATIVE;
            case "java" -> JAVA;
            default -> throw new IllegalArgumentException("secp256k1 mode must be auto, native or java: " + text);
        };
    }
}
