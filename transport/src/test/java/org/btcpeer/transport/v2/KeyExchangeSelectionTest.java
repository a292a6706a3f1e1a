package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the provider is chosen: {@code java} never touches the library, {@code auto} falls back to
 * Bouncy Castle when the library is missing or unusable (never an exception), {@code native} fails
 * with the reason, and one library file gives one shared provider (one context).
 */
class KeyExchangeSelectionTest {

    @TempDir
    Path dir;

    @Test
    void javaModeIsBouncyCastle() {
        assertSame(V2KeyExchange.bouncyCastle(), V2KeyExchange.select(KeyExchangeConfig.JAVA));
        assertSame(V2KeyExchange.bouncyCastle(),
                V2KeyExchange.select(new KeyExchangeConfig(KeyExchangeMode.JAVA, Optional.of(dir.resolve("missing.so")))));
    }

    @Test
    void autoFallsBackWhenTheLibraryIsMissing() {
        KeyExchangeConfig missing = new KeyExchangeConfig(KeyExchangeMode.AUTO, Optional.of(dir.resolve("missing.so")));
        assertSame(V2KeyExchange.bouncyCastle(), V2KeyExchange.select(missing));
        var result = assertInstanceOf(KeyExchangeSelector.Result.Unavailable.class, KeyExchangeSelector.loadNative(missing));
        assertTrue(result.reason().contains("missing.so"), result.reason());
    }

    @Test
    void autoFallsBackWhenTheFileIsNotALibrary() throws Exception {
        Path bogus = Files.writeString(dir.resolve("libsecp256k1.so"), "not an ELF file");
        KeyExchangeConfig config = new KeyExchangeConfig(KeyExchangeMode.AUTO, Optional.of(bogus));
        assertSame(V2KeyExchange.bouncyCastle(), V2KeyExchange.select(config));
        var result = assertInstanceOf(KeyExchangeSelector.Result.Unavailable.class, KeyExchangeSelector.loadNative(config));
        assertTrue(result.reason().contains(bogus.toString()), result.reason());
    }

    @Test
    void aLibraryWithoutEllswiftIsRefused() {
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(libc), "needs glibc on x86_64 Linux");
        var result = assertInstanceOf(KeyExchangeSelector.Result.Unavailable.class,
                KeyExchangeSelector.loadNative(new KeyExchangeConfig(KeyExchangeMode.AUTO, Optional.of(libc))));
        assertTrue(result.reason().contains("does not export secp256k1_"), result.reason());
    }

    @Test
    void nativeModeFailsWithTheReason() {
        KeyExchangeConfig missing = new KeyExchangeConfig(KeyExchangeMode.NATIVE, Optional.of(dir.resolve("missing.so")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> V2KeyExchange.select(missing));
        assertTrue(e.getMessage().contains("missing.so"), e.getMessage());
    }

    @Test
    void theBundledLibraryLoadsOnceAndIsShared() {
        V2KeyExchange first = V2KeyExchange.select(KeyExchangeConfig.AUTO);
        assertEquals("libsecp256k1", first.name(), "Java " + Runtime.version() + " must load the bundled library");
        assertSame(first, V2KeyExchange.select(new KeyExchangeConfig(KeyExchangeMode.NATIVE, Optional.empty())));
    }

    /**
     * Plain {@code mvn verify} sets no property: auto loads the library. The suite is also run with
     * {@code -Dbtcpeer.secp256k1=java} and with {@code -Dbtcpeer.secp256k1.library=/nonexistent} to
     * check that everything passes on Bouncy Castle alone; the default then is Bouncy Castle.
     */
    @Test
    void theDefaultFollowsTheSystemPropertiesOfThisTestRun() {
        KeyExchangeConfig config = KeyExchangeConfig.fromSystemProperties();
        boolean nativeExpected = config.mode() != KeyExchangeMode.JAVA
                && KeyExchangeSelector.loadNative(config) instanceof KeyExchangeSelector.Result.Loaded;
        assertEquals(config.libraryPath().isEmpty() && config.mode() != KeyExchangeMode.JAVA, nativeExpected,
                "without properties the bundled library loads; with a bogus path or java it is not used");
        assertEquals(nativeExpected ? "libsecp256k1" : "bouncycastle", V2KeyExchange.defaultProvider().name());
        assertSame(V2KeyExchange.defaultProvider(), V2KeyExchange.defaultProvider());
    }

    @Test
    void modesAndPropertiesParse() {
        assertEquals(KeyExchangeMode.NATIVE, KeyExchangeMode.parse(" Native "));
        assertEquals(KeyExchangeMode.JAVA, KeyExchangeMode.parse("java"));
        assertEquals(KeyExchangeMode.AUTO, KeyExchangeMode.parse("AUTO"));
        assertThrows(IllegalArgumentException.class, () -> KeyExchangeMode.parse("jni"));
        String oldMode = System.getProperty(KeyExchangeConfig.MODE_PROPERTY);
        String oldLib = System.getProperty(KeyExchangeConfig.LIBRARY_PROPERTY);
        try {
            System.setProperty(KeyExchangeConfig.MODE_PROPERTY, "java");
            System.setProperty(KeyExchangeConfig.LIBRARY_PROPERTY, "/opt/lib/libsecp256k1.so");
            assertEquals(new KeyExchangeConfig(KeyExchangeMode.JAVA, Optional.of(Path.of("/opt/lib/libsecp256k1.so"))),
                    KeyExchangeConfig.fromSystemProperties());
            System.clearProperty(KeyExchangeConfig.MODE_PROPERTY);
            System.clearProperty(KeyExchangeConfig.LIBRARY_PROPERTY);
            assertEquals(KeyExchangeConfig.AUTO, KeyExchangeConfig.fromSystemProperties());
        } finally {
            restore(KeyExchangeConfig.MODE_PROPERTY, oldMode);
            restore(KeyExchangeConfig.LIBRARY_PROPERTY, oldLib);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
