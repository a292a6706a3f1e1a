package org.btcpeer.bench.jmh;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.btcpeer.bench.BenchData;
import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.ChainRoot;
import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.headers.HeaderValidationException;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Sha256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.chain.BlockHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full contextual validation of 8,064 real mainnet headers (heights 822,529 to 830,592, four
 * retargets) into a fresh {@link HeaderChain}, decoding each from its 80 bytes (a decoded header
 * memoizes its hash, so reusing objects would skip the hashing), next to the floor: double
 * SHA-256 of the same 8,064 × 80 bytes. Headers per second = 8,064 / the time per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class HeaderValidationBenchmark {

    /** The first height in the data file, a retarget boundary. */
    public static final int FIRST_HEIGHT = 822_528;

    private byte[] bytes;
    private int count;
    private ChainRoot root;
    private InstantSource clock;

    /**
     * Reads the headers.
     *
     * @throws WireException never for this data
     */
    @Setup
    public void setUp() throws WireException {
        bytes = BenchData.resource("mainnet-822528-830592.hdr");
        count = bytes.length / BlockHeader.SIZE;
        BlockHeader first = BlockHeader.decode(ByteString.copyOf(bytes, 0, BlockHeader.SIZE));
        root = new ChainRoot(first, FIRST_HEIGHT, first.work());
        long lastTime = BlockHeader.decode(ByteString.copyOf(bytes, bytes.length - BlockHeader.SIZE, BlockHeader.SIZE)).time();
        clock = InstantSource.fixed(Instant.ofEpochSecond(lastTime + 3600));
    }

    /**
     * Decodes and validates every header after the root into a new chain.
     *
     * @return the tip
     * @throws WireException never for this data
     * @throws HeaderValidationException never for this data
     */
    @Benchmark
    public ChainHeader validate8064() throws WireException, HeaderValidationException {
        HeaderChain chain = HeaderChain.builder(ConsensusParams.MAINNET).root(root).clock(clock)
                .expectedHeaders(count).build();
        List<BlockHeader> headers = new ArrayList<>(count - 1);
        for (int off = BlockHeader.SIZE; off < bytes.length; off += BlockHeader.SIZE) {
            headers.add(BlockHeader.decode(ByteString.wrap(bytes, off, BlockHeader.SIZE)));
        }
        return chain.addAll(headers).orElseThrow();
    }

    /**
     * The floor: double SHA-256 of the same headers.
     *
     * @return the last digest
     */
    @Benchmark
    public byte[] doubleSha256Only() {
        MessageDigest sha = Sha256.newDigest();
        byte[] d = null;
        for (int off = BlockHeader.SIZE; off < bytes.length; off += BlockHeader.SIZE) {
            sha.update(bytes, off, BlockHeader.SIZE);
            d = sha.digest(sha.digest());
        }
        return d;
    }
}
