package org.btcpeer.wire.chain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.google.common.hash.Hashing;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;

/**
 * Regenerates {@code compact/shortids-574200.csv}, the BIP-152 short ids that {@link CompactBlockTest}
 * expects, without btcpeer's hashing: the key is SHA-256 of the block file's first 80 bytes and the
 * nonce ({@link MessageDigest}), each wtxid is double SHA-256 of the transaction's bytes as they lie
 * in the file, and the short id is Guava's SipHash-2-4, truncated to 48 bits. btcpeer's decoder is
 * used only to find where each transaction starts and ends (the lengths must add up to the file).
 *
 * <p>Regenerate after {@code mvn -pl wire test-compile}, from the wire directory:
 * {@code java -cp target/test-classes:target/classes:$HOME/.m2/repository/com/google/guava/guava/33.8.0-jre/guava-33.8.0-jre.jar
 * org.btcpeer.wire.chain.ShortIdFixture > src/test/resources/compact/shortids-574200.csv}, and commit
 * the output; {@code CompactBlockTest.theFixtureIsWhatItsGeneratorMakes} fails if the two drift apart.
 */
public final class ShortIdFixture {

    /** The transactions the fixture lists: the first three, two in the middle, and the last two. */
    static final int[] INDICES = {1, 2, 3, 100, 1000, 3302, 3314};

    private ShortIdFixture() {
    }

    /** One fixture row: transaction position, wtxid (display order) and 48-bit short id. */
    record Row(int index, String wtxid, long shortId) {
        String csv() {
            return index + "," + wtxid + "," + String.format("%012x", shortId);
        }
    }

    /** k0 and k1: the first two little-endian 64-bit words of SHA-256(header || nonce LE). */
    static long[] key(byte[] block, long nonce) {
        MessageDigest sha = sha256();
        sha.update(block, 0, 80);
        sha.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(nonce).array());
        ByteBuffer d = ByteBuffer.wrap(sha.digest()).order(ByteOrder.LITTLE_ENDIAN);
        return new long[]{d.getLong(), d.getLong()};
    }

    /** SipHash-2-4 of the wtxid (internal byte order) under (k0, k1), low 48 bits. */
    static long shortId(long[] key, byte[] wtxidInternal) {
        return Hashing.sipHash24(key[0], key[1]).hashBytes(wtxidInternal).asLong() & 0xffff_ffff_ffffL;
    }

    /** Double SHA-256 of each transaction's bytes in the file, in block order (coinbase first). */
    static List<byte[]> wtxids(byte[] block) throws WireException {
        Block decoded = Block.decode(ByteString.wrap(block));
        int count = decoded.transactions().size();
        int offset = 80 + (count < 0xfd ? 1 : count <= 0xffff ? 3 : 5);
        List<byte[]> out = new ArrayList<>(count);
        for (Transaction tx : decoded.transactions()) {
            int size = tx.serializedSize();
            MessageDigest sha = sha256();
            sha.update(block, offset, size);
            out.add(sha256().digest(sha.digest()));
            offset += size;
        }
        if (offset != block.length) {
            throw new IllegalStateException("transaction lengths add up to " + offset + ", the file has " + block.length);
        }
        return out;
    }

    /** The rows for {@link #INDICES}. */
    static List<Row> rows(byte[] block, long nonce) throws WireException {
        long[] key = key(block, nonce);
        List<byte[]> wtxids = wtxids(block);
        List<Row> rows = new ArrayList<>();
        for (int i : INDICES) {
            rows.add(new Row(i, HexFormat.of().formatHex(reversed(wtxids.get(i))), shortId(key, wtxids.get(i))));
        }
        return rows;
    }

    static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Prints the fixture.
     *
     * @param args optionally the block file (default: the test resource)
     */
    public static void main(String[] args) throws IOException, WireException {
        byte[] block = args.length > 0 ? Files.readAllBytes(Path.of(args[0])) : TestData.resource(CompactBlockTest.SEGWIT_BLOCK);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        out.println("# BIP-152 short ids of block 574200 (" + CompactBlockTest.SEGWIT_BLOCK + ") for nonce "
                + String.format("0x%016x", CompactBlockTest.NONCE) + ", made by ShortIdFixture (SHA-256: JDK; SipHash-2-4: Guava)");
        out.println("# index,wtxid,short id");
        for (Row r : rows(block, CompactBlockTest.NONCE)) {
            out.println(r.csv());
        }
    }
}
