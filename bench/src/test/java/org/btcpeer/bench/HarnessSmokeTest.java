package org.btcpeer.bench;

import org.btcpeer.bench.e2e.EndToEnd;
import org.btcpeer.bench.jmh.BlockCodecBenchmark;
import org.btcpeer.bench.jmh.MessageDecodeBenchmark;
import org.btcpeer.bench.jmh.TransportFramingBenchmark;
import org.btcpeer.bench.jmh.V2HandshakeBenchmark;
import org.btcpeer.bench.scale.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code mvn verify} checks of the bench module, in a few seconds: each benchmark's setup
 * and one call of each operation (so a benchmark cannot silently measure a failure), the
 * end-to-end harness with tiny counts, and the scale harness with 10 peers in one JVM. No JMH
 * run and no measurement.
 */
@Timeout(60)
class HarnessSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {"block1MB", "block2MB", "megatx"})
    void blockCodecBenchmarkAgreesWithBitcoinj(String name) throws Exception {
        BlockCodecBenchmark b = new BlockCodecBenchmark();
        b.input = name;
        b.setUp(); // checks that btcpeer and bitcoinj decode the same tx count, txids and bytes
        assertNotNull(b.btcpeerDecode());
        assertNotNull(b.bitcoinjDecode());
        byte[] input = BenchData.resource(BenchData.file(name));
        assertArrayEquals(input, b.btcpeerEncodeConstructed().toByteArray(), "the constructed value encodes to the input");
        assertArrayEquals(input, b.btcpeerCopyRetained().toByteArray());
        assertArrayEquals(input, b.bitcoinjEncode());
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 1048576})
    void framingBenchmarkRoundTrips(int size) throws Exception {
        TransportFramingBenchmark b = new TransportFramingBenchmark();
        b.size = size;
        b.setUp();
        for (int i = 0; i < 3; i++) {
            assertEquals(size + 24, b.v1EncodeDecode().wireBytes());
            assertEquals(size + 4 + 12 + 16 + 1, b.v2EncryptDecrypt().wireBytes());
            assertEquals(size, b.bareAeadEncryptDecrypt().length);
            assertArrayEquals(b.bareAeadEncryptDecrypt(), b.bareSameEngineEncryptDecrypt(), "both bounds decrypt the payload");
            assertEquals(size + 16, b.bareAeadFreshArrays().length);
        }
    }

    @Test
    void headerValidationBenchmarkReachesTheRealTip() throws Exception {
        org.btcpeer.bench.jmh.HeaderValidationBenchmark b = new org.btcpeer.bench.jmh.HeaderValidationBenchmark();
        b.setUp();
        assertEquals(830_592, b.validate8064().height());
        assertEquals(32, b.doubleSha256Only().length);
    }

    @Test
    void handshakeAndMessageBenchmarksRun() throws Exception {
        for (String provider : new String[] {"bouncycastle", "libsecp256k1"}) {
            V2HandshakeBenchmark h = new V2HandshakeBenchmark();
            h.provider = provider;
            h.setUp();
            assertEquals(64, h.ellswiftEncode().length);
            assertEquals(32, h.ellswiftDecode().length);
            assertEquals(32, h.ecdh().length);
            assertEquals(32, h.oneSideKeyExchange().length);
            assertNotNull(h.keyDerivation());
            assertEquals(32, h.fullHandshakeBothSides().size());
        }

        MessageDecodeBenchmark m = new MessageDecodeBenchmark();
        m.setUp();
        assertEquals("headers", m.headers2000().commandName());
        assertEquals("inv", m.inv50000().commandName());
    }

    @Test
    void downloadBenchRuns() throws Exception {
        String table = org.btcpeer.bench.e2e.DownloadBench.run(4, 1, false);
        org.junit.jupiter.api.Assertions.assertTrue(table.contains("median ratio"), table);
    }

    @Test
    void downloadBenchRunsWithServersInAChildJvm() throws Exception {
        String table = org.btcpeer.bench.e2e.DownloadBench.run(4, 1, false, false);
        assertTrue(table.contains("servers in a child JVM") && table.contains("median ratio"), table);
    }

    @Test
    void endToEndHarnessRuns() throws Exception {
        String table = EndToEnd.run(EndToEnd.Settings.of("smoke")).toString();
        assertTrue(table.contains("| ping RTT p99, µs | v2 |"), table);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void scaleHarnessConnectsTenPeers(String transport) throws Exception {
        Scale.Result r = Scale.runServer(transport, 10, 1, 30, true);
        assertEquals(0, r.failed(), r.toString());
        assertEquals(10, r.peers());
        assertTrue(r.handshakeSecs() > 0 && r.fds() > 10, r.toString());
    }
}
