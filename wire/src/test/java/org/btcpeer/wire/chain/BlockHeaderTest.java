package org.btcpeer.wire.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireException.Rule;
import org.btcpeer.wire.WireWriter;
import org.junit.jupiter.api.Test;

import static org.btcpeer.wire.chain.TestData.assertRejects;
import static org.btcpeer.wire.chain.TestData.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockHeaderTest {

    /** The genesis header, field by field (mainnet, chainparams.cpp). */
    static final String GENESIS_HEADER = ""
            + "01000000"                                                           // version 1
            + "0000000000000000000000000000000000000000000000000000000000000000"   // prevBlock
            + "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a"   // merkleRoot (internal order)
            + "29ab5f49"                                                           // time 1231006505
            + "ffff001d"                                                           // bits 0x1d00ffff
            + "1dac2b7c";                                                          // nonce 2083236893

    @Test
    void genesisHeaderFields() throws WireException {
        BlockHeader h = BlockHeader.decode(hex(GENESIS_HEADER));
        assertEquals(1, h.version());
        assertEquals(Hash256.ZERO, h.prevBlock());
        assertEquals(Hash256.fromHex("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"), h.merkleRoot());
        assertEquals(1231006505L, h.time());
        assertEquals(0x1d00ffffL, h.bits());
        assertEquals(2083236893L, h.nonce());
        assertEquals(BlockFilesTest.GENESIS, h.hash());
        BlockHeader built = new BlockHeader(1, Hash256.ZERO, h.merkleRoot(), 1231006505L, 0x1d00ffffL, 2083236893L);
        assertEquals(h, built);
        assertEquals(h.hashCode(), built.hashCode());
        assertEquals(hex(GENESIS_HEADER), built.serialization());
        assertEquals(BlockFilesTest.GENESIS, built.hash());
        assertEquals(BigInteger.valueOf(0x100010001L), h.work());
    }

    @Test
    void mainnetHeaders1To11ChainAndPassProofOfWork() throws WireException {
        List<BlockHeader> headers = new ArrayList<>();
        for (String line : TestData.text("headers/blockheaders-mainnet-1-11.txt").split("\n")) {
            if (!line.isBlank()) {
                ByteString bytes = hex(line.strip());
                BlockHeader h = BlockHeader.decode(bytes);
                WireWriter w = new WireWriter();
                RebuiltFromFields.header(h).encode(w);
                assertEquals(bytes, w.toByteString(), "rebuilt from its fields");
                headers.add(h);
            }
        }
        assertEquals(11, headers.size());
        assertEquals(BlockFilesTest.GENESIS, headers.get(0).prevBlock());
        assertEquals(Hash256.fromHex("00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048"), headers.get(0).hash());
        assertEquals(Hash256.fromHex("0000000097be56d606cdd9c54b04d4747e957d3608abe69198c661f2add73073"), headers.get(10).hash());
        for (int i = 0; i < headers.size(); i++) {
            BlockHeader h = headers.get(i);
            assertTrue(h.checkProofOfWork(ProofOfWork.MAINNET_POW_LIMIT), "PoW of header " + (i + 1));
            if (i > 0) {
                assertEquals(headers.get(i - 1).hash(), h.prevBlock(), "link to header " + (i + 1));
            }
        }
        // A header whose nonce is changed no longer meets its target (with overwhelming probability).
        BlockHeader h1 = headers.get(0);
        BlockHeader tampered = new BlockHeader(h1.version(), h1.prevBlock(), h1.merkleRoot(), h1.time(), h1.bits(), h1.nonce() ^ 1);
        assertFalse(tampered.checkProofOfWork(ProofOfWork.MAINNET_POW_LIMIT));
    }

    @Test
    void truncatedAndTrailingHeadersAreRejected() {
        ByteString bytes = hex(GENESIS_HEADER);
        for (int len = 0; len < BlockHeader.SIZE; len++) {
            ByteString prefix = bytes.slice(0, len);
            assertRejects(Rule.TRUNCATED, () -> BlockHeader.decode(prefix));
        }
        assertRejects(Rule.TRAILING_BYTES, () -> BlockHeader.decode(hex(GENESIS_HEADER + "00")));
    }
}
