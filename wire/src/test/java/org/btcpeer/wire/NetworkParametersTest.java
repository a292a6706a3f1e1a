package org.btcpeer.wire;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class NetworkParametersTest {

    /** Magic, port and genesis hash per network, as in Core's chainparams (written independently of the class). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "main,     f9beb4d9, 8333,  000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
            "test,     0b110907, 18333, 000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943",
            "testnet4, 1c163f28, 48333, 00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043",
            "signet,   0a03cf40, 38333, 00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6",
            "regtest,  fabfb5da, 18444, 0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
    })
    void genesisBytesHashToTheKnownHash(String name, String magic, int port, String genesis) {
        NetworkParameters p = NetworkParameters.byName(name).orElseThrow();
        assertEquals(magic, p.magic().hex());
        assertEquals(port, p.defaultPort());
        assertEquals(genesis, p.genesisHash().toString());
        assertEquals(p.genesisHash(), Hash256.doubleSha256(p.genesisHeader()), "header bytes hash to the genesis hash");
        assertSame(p, NetworkParameters.byMagic(p.magic()).orElseThrow());
    }

    @org.junit.jupiter.api.Test
    void mainnetGenesisBlockIsTheRealOne() {
        // The first 8 bytes of the coinbase's output script and the block size are well known: 285 bytes.
        assertEquals(285, NetworkParameters.MAINNET.genesisBlock().size());
        assertEquals(0xf9beb4d9, NetworkParameters.MAINNET.magicInt());
    }
}
