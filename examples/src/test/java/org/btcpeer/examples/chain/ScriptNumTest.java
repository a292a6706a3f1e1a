package org.btcpeer.examples.chain;

import java.util.HexFormat;
import java.util.Optional;

import org.btcpeer.wire.ByteString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScriptNumTest {

    /** {@code CScript() << n} as Core writes it (script.h push_int64, CScriptNum::serialize). */
    @ParameterizedTest
    @CsvSource({
            "0, 00",
            "1, 51",
            "16, 60",
            "-1, 4f",
            "17, 0111",
            "127, 017f",
            "128, 028000",
            "255, 02ff00",
            "256, 020001",
            "-5, 0185",
            "-128, 028080",
            "32767, 02ff7f",
            "32768, 03008000",
            "65535, 03ffff00",
            "500000, 0320a107",
            "8388607, 03ffff7f",
            "8388608, 0400008000",
            "2147483647, 04ffffff7f",
    })
    void pushIntMatchesCore(long n, String hex) {
        assertEquals(hex, HexFormat.of().formatHex(ScriptNum.pushInt(n)));
        assertEquals(Optional.of(n), ScriptNum.decodeLeadingNumber(ByteString.fromHex(hex + "0401020304")));
    }

    @ParameterizedTest
    @CsvSource({"1", "-1", "127", "-127", "128", "-255", "1000000", "-1000000", "9223372036854775807", "-9223372036854775807"})
    void serializeRoundTrips(long n) {
        assertEquals(n, ScriptNum.deserialize(ScriptNum.serialize(n)));
    }
}
