package org.btcpeer.transport.v2;

import java.util.Optional;
import java.util.stream.Stream;

/** The two {@link V2KeyExchange} providers for parameterized tests; the native one must load here. */
final class KeyExchangeProviders {

    private KeyExchangeProviders() {
    }

    /** libsecp256k1 from the bundled jar; fails the test (never skips it) if it does not load. */
    static V2KeyExchange nativeProvider() {
        return V2KeyExchange.select(new KeyExchangeConfig(KeyExchangeMode.NATIVE, Optional.empty()));
    }

    static Stream<V2KeyExchange> both() {
        return Stream.of(V2KeyExchange.bouncyCastle(), nativeProvider());
    }
}
