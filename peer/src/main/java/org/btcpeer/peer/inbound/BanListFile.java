package org.btcpeer.peer.inbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.btcpeer.peer.addr.ChecksummedFile;

/**
 * The ban list on disk, a text file in the style of the address book file:
 *
 * <pre>
 * btcpeer-banlist 1
 * SUBNET UNTIL                     (ADDRESS/PREFIX, expiry in Unix seconds)
 * ...
 * end COUNT SHA256HEX              (of every byte before this line)
 * </pre>
 *
 * <p>Writes are atomic (a temporary file in the same directory moved over the old one). Reads
 * never throw: a missing file is an empty list; a corrupt one (header, line, count, checksum, size
 * over {@value #MAX_FILE_BYTES} bytes) is reported in {@link LoadResult#problem()} and loads nothing.
 */
public final class BanListFile {

    static final String HEADER = "btcpeer-banlist 1";
    /** Larger files are not read: {@link BanList#MAX_BANS} lines are under 1 MiB. */
    static final long MAX_FILE_BYTES = 4L << 20;

    private BanListFile() {
    }

    /**
     * What a read found.
     *
     * @param bans    the bans read (empty on a problem)
     * @param problem why the file was ignored, if it was
     */
    public record LoadResult(List<BannedSubnet> bans, Optional<String> problem) {
        /**
         * Copies the list.
         *
         * @param bans    the bans
         * @param problem the problem
         */
        public LoadResult {
            bans = List.copyOf(bans);
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * Writes {@code bans} atomically.
     *
     * @param file the file
     * @param bans the bans
     * @throws IOException if writing or moving fails (the temporary file is removed)
     */
    public static void write(Path file, List<BannedSubnet> bans) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (BannedSubnet b : bans) {
            sb.append(b.subnet()).append(' ').append(b.until().getEpochSecond()).append('\n');
        }
        ChecksummedFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), bans.size());
    }

    /**
     * Reads a file; never throws.
     *
     * @param file the file
     * @return the bans, or none and the problem
     */
    public static LoadResult read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return problem("larger than " + MAX_FILE_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new LoadResult(List.of(), Optional.empty());
        } catch (IOException e) {
            return problem("cannot read it: " + e);
        }
        try {
            return new LoadResult(parse(bytes), Optional.empty());
        } catch (IllegalArgumentException e) {
            return problem(e.getMessage());
        }
    }

    private static List<BannedSubnet> parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int endAt = text.lastIndexOf("\nend ");
        if (endAt < 0) {
            throw new IllegalArgumentException("corrupt: no closing 'end COUNT SHA256' line (truncated?)");
        }
        byte[] body = text.substring(0, endAt + 1).getBytes(StandardCharsets.UTF_8);
        String[] end = text.substring(endAt + 1).strip().split(" ");
        if (end.length != 3) {
            throw new IllegalArgumentException("corrupt: bad end line");
        }
        if (!HexFormat.of().formatHex(org.btcpeer.wire.Sha256.hash(body)).equals(end[2])) {
            throw new IllegalArgumentException("corrupt: checksum mismatch");
        }
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
        if (!lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("not a ban list (expected '" + HEADER + "' on the first line)");
        }
        List<BannedSubnet> out = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ");
            try {
                if (f.length != 2) {
                    throw new IllegalArgumentException("expected 'SUBNET UNTIL'");
                }
                out.add(BannedSubnet.parse(f[0], Instant.ofEpochSecond(Long.parseLong(f[1]))));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("corrupt: line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (!end[1].equals(Integer.toString(out.size()))) {
            throw new IllegalArgumentException("corrupt: " + out.size() + " entries, the end line says " + end[1]);
        }
        return out;
    }

    private static LoadResult problem(String why) {
        return new LoadResult(List.of(), Optional.of(why));
    }
}
