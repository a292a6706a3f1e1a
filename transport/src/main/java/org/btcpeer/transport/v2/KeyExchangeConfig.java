package org.btcpeer.transport.v2;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to choose the {@link V2KeyExchange} provider.
 *
 * @param mode        {@code auto} (default), {@code native} or {@code java}
 * @param libraryPath a libsecp256k1 shared library (built with the {@code ellswift} module) to load
 *                    instead of the one bundled in ACINQ's {@code secp256k1-kmp-jni-jvm-*} jar; empty by
 *                    default
 */
public record KeyExchangeConfig(KeyExchangeMode mode, Optional<Path> libraryPath) {

    /** System property selecting the mode: {@code auto}, {@code native} or {@code java}. */
    public static final String MODE_PROPERTY = "btcpeer.secp256k1";

    /** System property naming a libsecp256k1 file to load instead of the bundled one. */
    public static final String LIBRARY_PROPERTY = "btcpeer.secp256k1.library";

    /** {@link KeyExchangeMode#AUTO} with the bundled library. */
    public static final KeyExchangeConfig AUTO = new KeyExchangeConfig(KeyExchangeMode.AUTO, Optional.empty());

    /** {@link KeyExchangeMode#JAVA}: Bouncy Castle only. */
    public static final KeyExchangeConfig JAVA = new KeyExchangeConfig(KeyExchangeMode.JAVA, Optional.empty());

    /**
     * Validates the fields.
     *
     * @param mode        the mode
     * @param libraryPath the library file, if any
     */
    public KeyExchangeConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(libraryPath, "libraryPath");
    }

    /**
     * The configuration the system properties {@value #MODE_PROPERTY} and {@value #LIBRARY_PROPERTY}
     * describe; {@link #AUTO} when neither is set.
     *
     * @return the configuration
     * @throws IllegalArgumentException if {@value #MODE_PROPERTY} is not auto, native or java
     */
    public static KeyExchangeConfig fromSystemProperties() {
        String mode = System.getProperty(MODE_PROPERTY);
        String library = System.getProperty(LIBRARY_PROPERTY);
        return new KeyExchangeConfig(mode == null ? KeyExchangeMode.AUTO : KeyExchangeMode.parse(mode),
                library == null || library.isBlank() ? Optional.empty() : Optional.of(Path.of(library)));
    }
}
