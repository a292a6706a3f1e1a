package org.btcpeer.chain.headers;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * Append-only, crash-safe persistence of a {@link HeaderChain}: every header that joins the best
 * chain is appended as one self-checking record, and opening the file replays (and re-validates)
 * them into a new chain.
 *
 * <pre>
 *   file header  52 bytes: "BTCPHDR1" | network magic 4 | root height uint32 LE
 *                          | root chain work 32 big-endian | CRC-32C of the 48 bytes before, uint32 LE
 *   records      84 bytes each: header 80 | CRC-32C of those 80, uint32 LE
 *                the first record is the root; each later one's parent is an earlier record
 * </pre>
 *
 * <p>A crash can leave only the last record incomplete or unchecked: a partial record at the end,
 * or a last record whose checksum fails, is dropped and the file truncated to the records before
 * it; nothing earlier is lost. A bad checksum anywhere else, a bad file header, another network,
 * or a record that does not validate is corruption: {@link HeaderFileException}, file untouched.
 * Headers of a reorg's abandoned branch stay in the file and come back as forks.
 *
 * <p>Appends happen in {@link #onConnected} on the adding thread; the first I/O error stops further
 * appends and is thrown by {@link #flush()} and {@link #close()}. Use one writer thread.
 */
public final class HeaderFile implements HeaderChainListener, AutoCloseable {

    /** The file header's size in bytes. */
    public static final int FILE_HEADER_SIZE = 52;

    /** One record's size in bytes: a header and its CRC-32C. */
    public static final int RECORD_SIZE = BlockHeader.SIZE + 4;

    private static final byte[] MAGIC = {'B', 'T', 'C', 'P', 'H', 'D', 'R', '1'};
    private static final int READ_CHUNK_RECORDS = 16_384;

    private final Path path;
    private final HeaderChain chain;
    private final FileChannel channel;
    private final int droppedBytes;
    private IOException failure;

    private HeaderFile(Path path, HeaderChain chain, FileChannel channel, int droppedBytes) {
        this.path = path;
        this.chain = chain;
        this.channel = channel;
        this.droppedBytes = droppedBytes;
    }

    /**
     * Opens or creates a header file and the chain it holds; the returned file appends every
     * header that later joins the chain's best chain.
     *
     * @param path    the file
     * @param chain   how to build the chain: params, clock, expected size; its root is used only
     *                for a new file (an existing file's root wins, and the file's record count
     *                becomes the expected size)
     * @return the open file, its chain loaded
     * @throws IOException          if the file cannot be read or written
     * @throws HeaderFileException  if the file is corrupt, of another network, or holds an invalid header
     */
    public static HeaderFile open(Path path, HeaderChain.Builder chain) throws IOException {
        Objects.requireNonNull(path, "path");
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            if (ch.size() == 0) {
                HeaderChain fresh = chain.build();
                writeNew(ch, fresh);
                HeaderFile f = new HeaderFile(path, fresh, ch, 0);
                fresh.addListener(f);
                return f;
            }
            return load(path, ch, chain);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void writeNew(FileChannel ch, HeaderChain chain) throws IOException {
        ChainRoot root = chain.root();
        ByteBuffer b = ByteBuffer.allocate(FILE_HEADER_SIZE + RECORD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put(chain.params().network().magic().toByteArray()).putInt(root.height());
        b.put(toBytes32(root.chainWork()));
        b.putInt((int) crc(b.array(), 0, FILE_HEADER_SIZE - 4));
        putRecord(b, root.header());
        b.flip();
        ch.position(0);
        while (b.hasRemaining()) {
            ch.write(b);
        }
        ch.force(true);
    }

    private static HeaderFile load(Path path, FileChannel ch, HeaderChain.Builder builder) throws IOException {
        long size = ch.size();
        if (size < FILE_HEADER_SIZE + RECORD_SIZE) {
            throw new HeaderFileException(path, 0, "shorter than a file header and its root (" + size + " bytes)");
        }
        ByteBuffer head = ByteBuffer.allocate(FILE_HEADER_SIZE + RECORD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, head, 0);
        byte[] h = head.array();
        if (!Arrays.equals(h, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new HeaderFileException(path, 0, "not a btcpeer header file");
        }
        if (head.getInt(FILE_HEADER_SIZE - 4) != (int) crc(h, 0, FILE_HEADER_SIZE - 4)) {
            throw new HeaderFileException(path, 0, "file header checksum mismatch");
        }
        HeaderChain probe = builder.build();
        byte[] magic = probe.params().network().magic().toByteArray();
        if (!Arrays.equals(h, 8, 12, magic, 0, 4)) {
            throw new HeaderFileException(path, 8, "the file is for another network");
        }
        int rootHeight = head.getInt(12);
        BigInteger rootWork = new BigInteger(1, Arrays.copyOfRange(h, 16, 48));
        BlockHeader rootHeader = record(path, h, FILE_HEADER_SIZE, FILE_HEADER_SIZE, true);
        if (rootHeader == null) {
            throw new HeaderFileException(path, FILE_HEADER_SIZE, "root record checksum mismatch");
        }
        long records = (size - FILE_HEADER_SIZE) / RECORD_SIZE;
        if (records > Integer.MAX_VALUE - 65_536) {
            throw new HeaderFileException(path, 0, "too many records: " + records);
        }
        HeaderChain chain = builder.root(new ChainRoot(rootHeader, rootHeight, rootWork))
                .expectedHeaders((int) records + 4096).build(); // sized once: no growth slack while loading
        long validEnd = FILE_HEADER_SIZE + RECORD_SIZE;
        ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK_RECORDS * RECORD_SIZE);
        long next = 1;
        while (next < records) {
            int n = (int) Math.min(READ_CHUNK_RECORDS, records - next);
            long offset = FILE_HEADER_SIZE + next * RECORD_SIZE;
            buf.clear().limit(n * RECORD_SIZE);
            readFully(ch, buf, offset);
            byte[] a = buf.array();
            for (int i = 0; i < n; i++) {
                boolean last = next + i == records - 1;
                BlockHeader header = record(path, a, i * RECORD_SIZE, offset + (long) i * RECORD_SIZE, last);
                if (header == null) {
                    break; // a torn last record: dropped below
                }
                try {
                    chain.add(header);
                } catch (HeaderValidationException e) {
                    throw new HeaderFileException(path, offset + (long) i * RECORD_SIZE,
                            "record " + (next + i) + " does not validate: " + e.getMessage());
                }
                validEnd += RECORD_SIZE;
            }
            next += n;
        }
        int dropped = (int) (size - validEnd);
        if (dropped > 0) {
            ch.truncate(validEnd);
            ch.force(true);
        }
        ch.position(validEnd);
        HeaderFile f = new HeaderFile(path, chain, ch, dropped);
        chain.addListener(f);
        return f;
    }

    /** Decodes a record, or returns null for a last record whose checksum fails (torn). */
    private static BlockHeader record(Path path, byte[] a, int off, long fileOffset, boolean last) throws HeaderFileException {
        int stored = (a[off + 80] & 0xff) | (a[off + 81] & 0xff) << 8 | (a[off + 82] & 0xff) << 16 | (a[off + 83] & 0xff) << 24;
        if (stored != (int) crc(a, off, BlockHeader.SIZE)) {
            if (last) {
                return null;
            }
            throw new HeaderFileException(path, fileOffset, "record checksum mismatch before the last record");
        }
        try {
            return BlockHeader.decode(ByteString.copyOf(a, off, BlockHeader.SIZE));
        } catch (WireException e) {
            throw new IllegalStateException("80 bytes always decode as a header", e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int r = ch.read(b, p);
            if (r < 0) {
                throw new IOException("unexpected end of file at " + p);
            }
            p += r;
        }
    }

    private static void putRecord(ByteBuffer b, BlockHeader header) {
        byte[] bytes = header.serialization().toByteArray();
        b.put(bytes).putInt((int) crc(bytes, 0, bytes.length));
    }

    private static long crc(byte[] a, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(a, off, len);
        return c.getValue();
    }

    private static byte[] toBytes32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    /** The chain this file holds. */
    public HeaderChain chain() {
        return chain;
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** How many bytes of a torn last record were dropped when the file was opened (0 if none). */
    public int droppedBytes() {
        return droppedBytes;
    }

    /** Appends the header (called by the chain). */
    @Override
    public void onConnected(ChainHeader header) {
        if (failure != null) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(RECORD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        putRecord(b, header.header());
        b.flip();
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /**
     * Forces appended records to the device.
     *
     * @throws IOException the first append error, or the sync's
     */
    public void flush() throws IOException {
        if (failure != null) {
            throw failure;
        }
        channel.force(false);
    }

    /**
     * Flushes and closes the file; the chain stays usable but no longer persists.
     *
     * @throws IOException the first append error, or the close's
     */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            failure = failure != null ? failure : new IOException("closed");
            channel.close();
        }
    }
}
