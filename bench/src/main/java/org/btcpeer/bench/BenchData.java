package org.btcpeer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.v2.V2Handshake;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireWriter;

/**
 * The inputs of the benchmarks: real blocks and a transaction from the classpath (see
 * {@code org/btcpeer/bench/data/README.md}), and synthetic {@code headers} and {@code inv}
 * payloads made from a fixed seed.
 */
public final class BenchData {

    /** Mainnet block 413,567: 999,887 bytes, 1,557 transactions, pre-segwit. */
    public static final String BLOCK_1MB = "block413567.raw";

    /** Mainnet block 540,107: 2,259,447 bytes, 230 transactions (104 with witness). */
    public static final String BLOCK_2MB = "block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk";

    /** Mainnet block 574,200: 1,245,250 bytes, 3,315 transactions, segwit. */
    public static final String BLOCK_SEGWIT = "block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk";

    /** Mainnet transaction bb41a757…3e08: 999,657 bytes, 5,569 inputs. */
    public static final String MEGATX = "megatx.bin";

    private BenchData() {
    }

    /**
     * Reads a data file of this module.
     *
     * @param name the file name in {@code org/btcpeer/bench/data/}
     * @return its bytes
     */
    public static byte[] resource(String name) {
        try (InputStream in = BenchData.class.getResourceAsStream("data/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no bench data file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The data file behind a benchmark input name.
     *
     * @param input {@code block1MB}, {@code block2MB} or {@code megatx}
     * @return the data file name
     */
    public static String file(String input) {
        return switch (input) {
            case "block1MB" -> BLOCK_1MB;
            case "block2MB" -> BLOCK_2MB;
            case "megatx" -> MEGATX;
            default -> throw new IllegalArgumentException("unknown input " + input);
        };
    }

    /**
     * A {@code headers} payload: {@code count} 80-byte headers, each followed by a zero tx count.
     * The headers are the 1 MB block's header with a different nonce each.
     *
     * @param count the number of headers (at most 2,000)
     * @return the payload
     */
    public static byte[] headersPayload(int count) {
        byte[] header = new byte[80];
        System.arraycopy(resource(BLOCK_1MB), 0, header, 0, 80);
        WireWriter w = new WireWriter(3 + count * 81);
        w.writeCompactSize(count);
        for (int i = 0; i < count; i++) {
            w.writeBytes(header, 0, 76).writeInt32Le(i).writeUInt8(0);
        }
        return w.toByteArray();
    }

    /**
     * An {@code inv} payload: {@code count} MSG_WTX entries with pseudo-random hashes.
     *
     * @param count the number of entries (at most 50,000)
     * @return the payload
     */
    public static byte[] invPayload(int count) {
        SplittableRandom random = new SplittableRandom(42);
        byte[] hash = new byte[32];
        WireWriter w = new WireWriter(5 + count * 36);
        w.writeCompactSize(count);
        for (int i = 0; i < count; i++) {
            random.nextBytes(hash);
            w.writeInt32Le(5).writeBytes(hash, 0, 32);
        }
        return w.toByteArray();
    }

    /**
     * Pseudo-random bytes from a fixed seed.
     *
     * @param size how many
     * @return the bytes
     */
    public static byte[] randomBytes(int size) {
        byte[] b = new byte[size];
        new SplittableRandom(size).nextBytes(b);
        return b;
    }

    /**
     * Runs a BIP-324 handshake between two in-memory ends until both are complete, passing each
     * side's output to the other.
     *
     * @param initiator the initiating end
     * @param responder the responding end
     * @throws TransportException if either end fails
     * @throws IllegalStateException if neither end has anything more to say before both complete
     */
    public static void completeHandshake(V2Handshake initiator, V2Handshake responder) throws TransportException {
        while (!initiator.isComplete() || !responder.isComplete()) {
            ByteString toResponder = initiator.takeOutput();
            if (!toResponder.isEmpty()) {
                responder.receive(toResponder.asReadOnlyBuffer());
            }
            ByteString toInitiator = responder.takeOutput();
            if (!toInitiator.isEmpty()) {
                initiator.receive(toInitiator.asReadOnlyBuffer());
            }
            if (toResponder.isEmpty() && toInitiator.isEmpty() && !(initiator.isComplete() && responder.isComplete())) {
                throw new IllegalStateException("handshake stalled: " + initiator.state() + " / " + responder.state());
            }
        }
    }
}
