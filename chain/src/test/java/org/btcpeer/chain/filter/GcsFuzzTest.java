package org.btcpeer.chain.filter;

import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzz target for the GCS decoder. In a normal build it replays its corpus
 * ({@code src/test/resources/org/btcpeer/chain/filter/GcsFuzzTestInputs/decode/}) as regression
 * tests; with {@code JAZZER_FUZZ=1} it fuzzes (see docs/limits.md for the command).
 *
 * <p>The only failure the decoder may raise is {@link WireException}; a filter it accepts must
 * answer queries without an exception and survive a second decode of its own encoding unchanged.
 */
class GcsFuzzTest {

    /**
     * The whole input is an encoded basic filter for a fixed block hash.
     *
     * @param data fuzzer input
     */
    @FuzzTest(maxDuration = "10m")
    void decode(byte[] data) {
        Hash256 block = Hash256.fromHex("000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943");
        BlockFilter f;
        try {
            f = BlockFilter.decodeBasic(block, ByteString.wrap(data));
        } catch (WireException expected) {
            return;
        }
        List<ByteString> query = List.of(ByteString.wrap(data), ByteString.fromHex("51"));
        f.filter().matchAny(query);
        f.filter().matchAll(query);
        try {
            assertEquals(f, BlockFilter.decodeBasic(block, f.encoded()));
        } catch (WireException e) {
            throw new AssertionError("an accepted filter's encoding does not decode: " + e.getMessage(), e);
        }
    }
}
