package org.btcpeer.node.serve;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.message.FilterLoadMessage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BloomFilter} against Core's bloom_tests.cpp vectors (3 elements, 1 % false positives). */
class BloomFilterTest {

    private static final ByteString A = ByteString.fromHex("99108ad8ed9bb6274d3980bab5a85c048f0950c8");
    private static final ByteString A_ALTERED = ByteString.fromHex("19108ad8ed9bb6274d3980bab5a85c048f0950c8");
    private static final ByteString B = ByteString.fromHex("b5a2c786d9ef4658287ced5914b37a1b4aa32eee");
    private static final ByteString C = ByteString.fromHex("b9300670b4c5366e95b2699e8b18bc75e5f729c5");

    private static BloomFilter empty(long tweak) {
        return BloomFilter.of(new FilterLoadMessage(ByteString.wrap(new byte[3]), 5, tweak, BloomFilter.BLOOM_UPDATE_ALL));
    }

    @Test
    void insertsSetTheBitsCoreSets() {
        BloomFilter f = empty(0);
        f.insert(A);
        assertTrue(f.contains(A));
        assertFalse(f.contains(A_ALTERED), "Core's bloom_create_insert_serialize checks this one is absent");
        f.insert(B);
        f.insert(C);
        assertEquals(ByteString.fromHex("614e9b"), f.bits(), "Core: 03614e9b050000000000000001");
    }

    @Test
    void theTweakSeedsEveryHash() {
        BloomFilter f = empty(2147483649L);
        f.insert(A);
        f.insert(B);
        f.insert(C);
        assertEquals(ByteString.fromHex("ce4299"), f.bits(), "Core: 03ce4299050000000100008001");
        assertTrue(f.contains(B));
    }

    @Test
    void anEmptyFilterMatchesEverything() {
        BloomFilter f = BloomFilter.of(new FilterLoadMessage(ByteString.EMPTY, 0, 0, 0));
        assertTrue(f.contains(A), "Core's zero-size filter is match-all");
    }

    @Test
    void payToPubKeyAndBareMultisigAreRecognized() {
        String key = "02" + "11".repeat(32);
        assertTrue(BloomFilter.isPubKeyOrMultisig(ByteString.fromHex("21" + key + "ac")));
        assertTrue(BloomFilter.isPubKeyOrMultisig(ByteString.fromHex("51" + "21" + key + "21" + key + "52" + "ae")));
        assertFalse(BloomFilter.isPubKeyOrMultisig(ByteString.fromHex("76a914" + "11".repeat(20) + "88ac")), "P2PKH");
        assertFalse(BloomFilter.isPubKeyOrMultisig(ByteString.fromHex("52" + "21" + key + "51" + "ae")), "m > n");
    }
}
