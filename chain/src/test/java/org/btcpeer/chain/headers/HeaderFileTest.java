package org.btcpeer.chain.headers;

import static org.btcpeer.chain.headers.TestHeaders.EASY_BITS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import org.btcpeer.wire.chain.BlockHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Append-only persistence: round trip, resume, torn tails dropped, corruption refused. */
class HeaderFileTest {

    @TempDir
    Path dir;

    private static final ChainRoot ROOT = TestHeaders.easyRoot();

    private static HeaderChain.Builder builder() {
        return HeaderChain.builder(TestHeaders.lowDifficulty(false, false)).root(ROOT)
                .clock(InstantSource.fixed(Instant.ofEpochSecond(TestHeaders.T0 + 86_400 * 100L)));
    }

    private static List<BlockHeader> branch(BlockHeader parent, int n, long salt) {
        List<BlockHeader> out = new ArrayList<>();
        BlockHeader p = parent;
        for (int i = 0; i < n; i++) {
            p = TestHeaders.mine(p, p.time() + 600 + salt, EASY_BITS);
            out.add(p);
        }
        return out;
    }

    private Path file() {
        return dir.resolve("headers.dat");
    }

    @Test
    void headersSurviveAReopenIncludingAReorg() throws Exception {
        List<BlockHeader> a = branch(ROOT.header(), 10, 0);
        List<BlockHeader> b = branch(a.get(4), 8, 1);
        try (HeaderFile f = HeaderFile.open(file(), builder())) {
            f.chain().addAll(a);
            f.chain().addAll(b);
            assertEquals(13, f.chain().height());
        }
        long size = Files.size(file());
        assertEquals(HeaderFile.FILE_HEADER_SIZE + HeaderFile.RECORD_SIZE * (1 + 10 + 8), size);
        try (HeaderFile f = HeaderFile.open(file(), builder())) {
            assertEquals(0, f.droppedBytes());
            assertEquals(b.get(7).hash(), f.chain().tip().hash());
            assertTrue(f.chain().get(a.get(9).hash()).isPresent(), "the abandoned branch comes back as a fork");
            // resume: more headers append to the same file
            f.chain().addAll(branch(b.get(7), 3, 0));
        }
        try (HeaderFile f = HeaderFile.open(file(), builder())) {
            assertEquals(16, f.chain().height());
        }
    }

    @Test
    void aPartialLastRecordIsDroppedAndNothingBefore() throws Exception {
        List<BlockHeader> a = branch(ROOT.header(), 6, 0);
        try (HeaderFile f = HeaderFile.open(file(), builder())) {
            f.chain().addAll(a);
        }
        long whole = Files.size(file());
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            raf.setLength(whole - 30); // a crash in the middle of the last append
        }
        try (HeaderFile f = HeaderFile.open(file(), builder())) {
            assertEquals(HeaderFile.RECORD_SIZE - 30, f.droppedBytes());
            assertEquals(a.get(4).hash(), f.chain().tip().hash());
        }
        assertEquals(whole - HeaderFile.RECORD_SIZE, Files.size(file()));
    }

    @Test
    void aLastRecordWithABadChecksumIsDropped() throws Exception {
        List<BlockHeader> a = branch(ROOT.header(), 6, 0);
        try (HeaderFile f = HeaderFile.open(file(), builder())) {
            f.chain().addAll(a);
        }
        long whole = Files.size(file());
        flipByte(whole - 50);
        try (HeaderFile f = HeaderFile.open(file(), builder())) {
            assertEquals(HeaderFile.RECORD_SIZE, f.droppedBytes());
            assertEquals(5, f.chain().height());
        }
    }

    @Test
    void aBadRecordBeforeTheLastIsCorruptionAndTheFileIsKept() throws Exception {
        try (HeaderFile f = HeaderFile.open(file(), builder())) {
            f.chain().addAll(branch(ROOT.header(), 6, 0));
        }
        long whole = Files.size(file());
        long offset = HeaderFile.FILE_HEADER_SIZE + 3L * HeaderFile.RECORD_SIZE + 10;
        flipByte(offset);
        HeaderFileException e = assertThrows(HeaderFileException.class, () -> HeaderFile.open(file(), builder()));
        assertEquals(HeaderFile.FILE_HEADER_SIZE + 3L * HeaderFile.RECORD_SIZE, e.offset());
        assertEquals(whole, Files.size(file()));
    }

    @Test
    void aFileOfAnotherNetworkOrNotOursIsRefused() throws Exception {
        try (HeaderFile f = HeaderFile.open(file(), builder())) {
            f.chain().addAll(branch(ROOT.header(), 2, 0));
        }
        HeaderFileException other = assertThrows(HeaderFileException.class,
                () -> HeaderFile.open(file(), HeaderChain.builder(ConsensusParams.MAINNET)));
        assertEquals(8, other.offset());
        flipByte(2);
        HeaderFileException notOurs = assertThrows(HeaderFileException.class, () -> HeaderFile.open(file(), builder()));
        assertEquals(0, notOurs.offset());
    }

    @Test
    void aRecordThatDoesNotValidateIsRefused() throws Exception {
        // a well-formed record whose header breaks a rule (bits changed, checksum recomputed)
        List<BlockHeader> a = branch(ROOT.header(), 4, 0);
        try (HeaderFile f = HeaderFile.open(file(), builder())) {
            f.chain().addAll(a);
        }
        BlockHeader real = a.get(3);
        BlockHeader bad = TestHeaders.mine(a.get(2), real.time(), 0x2000fffeL);
        byte[] rec = bad.serialization().toByteArray();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(rec);
        long off = HeaderFile.FILE_HEADER_SIZE + 4L * HeaderFile.RECORD_SIZE;
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            raf.seek(off);
            raf.write(rec);
            raf.write(Integer.reverseBytes((int) crc.getValue()) >>> 24);
            raf.seek(off + 80);
            int c = (int) crc.getValue();
            raf.write(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24)});
        }
        HeaderFileException e = assertThrows(HeaderFileException.class, () -> HeaderFile.open(file(), builder()));
        assertTrue(e.getMessage().contains("bad-diffbits"), e.getMessage());
    }

    private void flipByte(long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x01);
        }
    }
}
