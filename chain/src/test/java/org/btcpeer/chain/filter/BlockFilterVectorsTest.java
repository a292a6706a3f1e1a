package org.btcpeer.chain.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.btcpeer.chain.filter.FilterVectors.Vector;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.chain.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every BIP-158 vector (Core's {@code blockfilters.json}): the filter built, its header, its decoding. */
class BlockFilterVectorsTest {

    static Stream<Vector> vectors() {
        return FilterVectors.ALL.stream();
    }

    @Test
    void allTenVectorsAreThere() {
        assertEquals(10, FilterVectors.ALL.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void buildsTheBasicFilterAndItsHeader(Vector v) throws WireException {
        Block block = Block.decode(v.block());
        assertEquals(v.blockHash(), block.hash());
        BlockFilter f = BlockFilter.basic(block, v.spentScripts());
        assertEquals(v.filter().hex(), f.encoded().hex());
        assertEquals(v.header(), f.header(v.previousHeader()));
        assertEquals(v.header(), BlockFilter.header(Hash256.doubleSha256(v.filter()), v.previousHeader()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodedFilterMatchesEveryElementOfTheBlock(Vector v) throws WireException {
        Block block = Block.decode(v.block());
        BlockFilter f = BlockFilter.decodeBasic(v.blockHash(), v.filter());
        List<ByteString> elements = BlockFilter.basicElements(block, v.spentScripts());
        assertEquals(elements.stream().distinct().count(), f.filter().size());
        for (ByteString e : elements) {
            assertTrue(f.filter().matchAny(List.of(e)), "element " + e.hex());
        }
        assertTrue(f.filter().matchAll(elements));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyTruncatedPrefixIsATypedError(Vector v) {
        for (int len = 0; len < v.filter().size(); len++) {
            ByteString prefix = v.filter().slice(0, len);
            assertThrows(WireException.class, () -> BlockFilter.decodeBasic(v.blockHash(), prefix), "prefix of " + len);
        }
    }

    @Test
    void excludedScriptsAreNotElements() throws WireException {
        // 15007: an output script starting with OP_RETURN followed by opcodes; 49291: an empty output
        // script; 180480: a spent empty script. None of them is an element.
        for (Vector v : FilterVectors.ALL) {
            Block block = Block.decode(v.block());
            List<ByteString> elements = BlockFilter.basicElements(block, v.spentScripts());
            for (ByteString e : elements) {
                assertFalse(e.isEmpty(), v + ": an empty script");
            }
            List<ByteString> created = new ArrayList<>();
            block.transactions().forEach(tx -> tx.outputs().forEach(o -> created.add(o.scriptPubKey())));
            for (ByteString s : created) {
                if (!s.isEmpty() && (s.byteAt(0) & 0xff) == 0x6a) {
                    assertFalse(elements.contains(s), v + ": an OP_RETURN output " + s.hex());
                }
            }
        }
    }

    @Test
    void theHeaderChainLinksTheConsecutiveVectors() {
        // Heights 2 and 3 are consecutive: the previous header of 3 is the header of 2.
        Vector two = FilterVectors.ALL.get(1);
        Vector three = FilterVectors.ALL.get(2);
        assertEquals(2, two.height());
        assertEquals(two.header(), three.previousHeader());
    }
}
