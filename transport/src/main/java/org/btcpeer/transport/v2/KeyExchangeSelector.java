package org.btcpeer.transport.v2;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and caches {@link V2KeyExchange} providers. The native provider is compiled for Java 22
 * ({@code src/main/java22}) and reached only by reflection after a runtime version check, so this
 * class loads on Java 21 and nothing here throws at class load: a failure to load the library is a
 * {@link Result} with a reason.
 */
final class KeyExchangeSelector {

    private static final Logger log = LoggerFactory.getLogger(KeyExchangeSelector.class);

    /** The Java 22 class holding the {@code java.lang.foreign} binding. */
    static final String NATIVE_CLASS = "org.btcpeer.transport.v2.NativeKeyExchange";

    /** The loaded libraries, one provider (and one randomized context) per file, never unloaded. */
    private static final Map<Path, V2KeyExchange> LOADED = new ConcurrentHashMap<>();

    private KeyExchangeSelector() {
    }

    /** The outcome of trying to load libsecp256k1: a provider, or why there is none. */
    sealed interface Result {
        /** @param provider the loaded provider */
        record Loaded(V2KeyExchange provider) implements Result {
        }

        /** @param reason why the library could not be used, for the log line and the exception */
        record Unavailable(String reason) implements Result {
        }
    }

    /** Guards the first load of a library and the choice of the default. */
    private static final ReentrantLock LOCK = new ReentrantLock();

    /** The process-wide default once chosen; a failed choice is not kept, so its exception repeats. */
    private static volatile V2KeyExchange defaultProvider;

    static V2KeyExchange defaultProvider() {
        V2KeyExchange chosen = defaultProvider;
        if (chosen != null) {
            return chosen;
        }
        LOCK.lock();
        try {
            if (defaultProvider == null) {
                try {
                    defaultProvider = select(KeyExchangeConfig.fromSystemProperties());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
            return defaultProvider;
        } finally {
            LOCK.unlock();
        }
    }

    static V2KeyExchange select(KeyExchangeConfig config) {
        return switch (config.mode()) {
            case JAVA -> {
                log.debug("secp256k1 for BIP-324: bouncycastle ({}=java)", KeyExchangeConfig.MODE_PROPERTY);
                yield V2KeyExchange.bouncyCastle();
            }
            case NATIVE -> switch (loadNative(config)) {
                case Result.Loaded loaded -> {
                    log.debug("secp256k1 for BIP-324: {} (mode native)", loaded.provider());
                    yield loaded.provider();
                }
                case Result.Unavailable unavailable ->
                        throw new IllegalStateException("libsecp256k1 was asked for but cannot be used: " + unavailable.reason());
            };
            case AUTO -> switch (loadNative(config)) {
                case Result.Loaded loaded -> {
                    log.debug("secp256k1 for BIP-324: {} (mode auto)", loaded.provider());
                    yield loaded.provider();
                }
                case Result.Unavailable unavailable -> {
                    log.debug("secp256k1 for BIP-324: bouncycastle, because libsecp256k1 cannot be used: {}",
                            unavailable.reason());
                    yield V2KeyExchange.bouncyCastle();
                }
            };
        };
    }

    /**
     * Loads libsecp256k1 from the configured file or the bundled resource, once per file.
     *
     * @param config the configuration
     * @return the provider or the reason there is none
     */
    static Result loadNative(KeyExchangeConfig config) {
        int feature = Runtime.version().feature();
        if (feature < 22) {
            return new Result.Unavailable("java.lang.foreign needs Java 22+, this is Java " + feature);
        }
        Path library;
        try {
            if (config.libraryPath().isPresent()) {
                library = config.libraryPath().get().toAbsolutePath();
                if (!Files.isRegularFile(library)) {
                    return new Result.Unavailable("no library file at " + library + " (" + KeyExchangeConfig.LIBRARY_PROPERTY + ")");
                }
            } else {
                var resource = NativeLibraryFile.resourceName();
                if (resource.isEmpty()) {
                    return new Result.Unavailable("no bundled library for " + System.getProperty("os.name") + "/"
                            + System.getProperty("os.arch") + "; set " + KeyExchangeConfig.LIBRARY_PROPERTY);
                }
                library = NativeLibraryFile.extract(resource.get(), Path.of(System.getProperty("java.io.tmpdir")));
            }
        } catch (RuntimeException e) {
            return new Result.Unavailable(e.getMessage());
        }
        V2KeyExchange cached = LOADED.get(library);
        if (cached != null) {
            return new Result.Loaded(cached);
        }
        LOCK.lock(); // dlopen and the context are made once per file, even when threads race here
        try {
            cached = LOADED.get(library);
            if (cached != null) {
                return new Result.Loaded(cached);
            }
            try {
                Method load = Class.forName(NATIVE_CLASS).getDeclaredMethod("load", Path.class, byte[].class);
                byte[] seed = new byte[32];
                new SecureRandom().nextBytes(seed);
                V2KeyExchange provider = (V2KeyExchange) load.invoke(null, library, seed);
                LOADED.put(library, provider);
                return new Result.Loaded(provider);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                return new Result.Unavailable(library + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return new Result.Unavailable(library + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        } finally {
            LOCK.unlock();
        }
    }
}
