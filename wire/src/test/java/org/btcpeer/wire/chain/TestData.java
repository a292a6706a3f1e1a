package org.btcpeer.wire.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Test resources from the classpath (see src/test/resources/README.md) and small assertion helpers. */
final class TestData {

    /** Mainnet's network magic, which starts every record of a framed block file. */
    static final int MAINNET_MAGIC = 0xd9b4bef9; // f9 be b4 d9 read little-endian

    private TestData() {
    }

    static byte[] resource(String path) {
        try (InputStream in = TestData.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String path) {
        return new String(resource(path), StandardCharsets.US_ASCII);
    }

    static ByteString hex(String hex) {
        return ByteString.fromHex(hex.replace(" ", "").replace("\n", ""));
    }

    /** The blocks of a framed file: records of magic, 4-byte LE length, block. */
    static List<ByteString> framedBlocks(String path) {
        byte[] all = resource(path);
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        List<ByteString> blocks = new ArrayList<>();
        while (buf.hasRemaining()) {
            assertEquals(MAINNET_MAGIC, buf.getInt(), "magic of record " + blocks.size());
            int len = buf.getInt();
            blocks.add(ByteString.wrap(all, buf.position(), len));
            buf.position(buf.position() + len);
        }
        return blocks;
    }

    /** Asserts that {@code decode} fails with a {@link WireException} for {@code rule}, and returns it. */
    static WireException assertRejects(WireException.Rule rule, Executable decode) {
        WireException e = assertThrows(WireException.class, decode);
        assertEquals(rule, e.rule(), e.getMessage());
        return e;
    }

    /** Bytes allocated so far by the current thread (HotSpot's per-thread counter). */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
