package org.btcpeer.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.btcpeer.bench.BenchData;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.message.Command;
import org.btcpeer.wire.message.KnownMessage;
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
 * Decoding the two large list messages at their caps through the registry
 * ({@code Command.decode}): {@code headers} with 2,000 entries and {@code inv} with 50,000, next to
 * the copy of the same payload ({@code byte[]} clone), the least any decoder that keeps the
 * hashes must touch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MessageDecodeBenchmark {

    private ByteString headers;
    private ByteString inv;
    private byte[] headersBytes;
    private byte[] invBytes;

    /** Builds the payloads. */
    @Setup
    public void setUp() {
        headersBytes = BenchData.headersPayload(2000);
        invBytes = BenchData.invPayload(50_000);
        headers = ByteString.wrap(headersBytes);
        inv = ByteString.wrap(invBytes);
    }

    /**
     * {@code headers}, 2,000 entries (162,003 bytes).
     *
     * @return the message
     * @throws WireException never for this payload
     */
    @Benchmark
    public KnownMessage headers2000() throws WireException {
        return Command.HEADERS.decode(headers);
    }

    /**
     * {@code inv}, 50,000 entries (1,800,005 bytes).
     *
     * @return the message
     * @throws WireException never for this payload
     */
    @Benchmark
    public KnownMessage inv50000() throws WireException {
        return Command.INV.decode(inv);
    }

    /**
     * Baseline: copying the headers payload.
     *
     * @return the copy
     */
    @Benchmark
    public byte[] headers2000Copy() {
        return headersBytes.clone();
    }

    /**
     * Baseline: copying the inv payload.
     *
     * @return the copy
     */
    @Benchmark
    public byte[] inv50000Copy() {
        return invBytes.clone();
    }
}
