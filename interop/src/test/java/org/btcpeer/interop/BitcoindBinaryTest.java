package org.btcpeer.interop;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules for finding bitcoind, on made-up environments (runs without Core). */
class BitcoindBinaryTest {

    @Test
    void noBitcoindOutsideCiIsASkip() {
        assertEquals(new BitcoindBinary.Resolution.Absent(), BitcoindBinary.resolve(Map.of("PATH", "/nonexistent-dir")));
    }

    @Test
    void noBitcoindInCiIsAFailure() {
        BitcoindBinary.Resolution r = BitcoindBinary.resolve(Map.of("PATH", "/nonexistent-dir", "CI", "true"));
        assertTrue(assertInstanceOf(BitcoindBinary.Resolution.Broken.class, r).reason().contains("CI=true"));
    }

    @Test
    void aMissingConfiguredBinaryIsAFailureEvenOutsideCi() {
        BitcoindBinary.Resolution r = BitcoindBinary.resolve(Map.of("BITCOIND", "/nonexistent-dir/bitcoind"));
        assertTrue(assertInstanceOf(BitcoindBinary.Resolution.Broken.class, r).reason().contains("missing or not executable"));
    }

    @Test
    void aConfiguredBinaryThatIsNotBitcoinCoreIsAFailure() {
        BitcoindBinary.Resolution r = BitcoindBinary.resolve(Map.of("BITCOIND", "/bin/echo"));
        assertTrue(assertInstanceOf(BitcoindBinary.Resolution.Broken.class, r).reason().contains("-version failed"));
    }

    @Test
    void theSkipLineSaysHowToEnableTheTests() {
        assertTrue(BitcoindBinary.HOW_TO_ENABLE.contains("set BITCOIND=/path/to/bitcoind or put bitcoind on PATH"));
    }
}
