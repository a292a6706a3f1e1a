package org.btcpeer.peer.addr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkId;
import org.btcpeer.wire.ServiceFlags;

/**
 * The address book's file: UTF-8 text, one address per line, closed by a line with the count and
 * the SHA-256 of everything before it, so a truncated or edited file is recognised.
 *
 * <pre>
 * btcpeer-addressbook 1
 * NETID HEXADDR PORT SERVICES_HEX LAST_SEEN LAST_ATTEMPT LAST_SUCCESS ATTEMPTS SOURCE SOURCE_PEER
 * ...                              (times in Unix seconds, "-" when absent; SOURCE_PEER NETID/HEX/PORT or "-")
 * end COUNT SHA256HEX
 * </pre>
 *
 * <p>Writes are atomic: the text goes to a temporary file in the same directory, which is then
 * moved over the old file, so a crash leaves either the old or the new book. Reads never throw:
 * a missing file is an empty book, and a corrupt one (bad header, bad line, wrong count or
 * checksum, unreadable) is reported in {@link LoadResult#problem()} and loads nothing.
 */
public final class AddressBookFile {

    /** The first line. */
    static final String HEADER = "btcpeer-addressbook 1";
    /** Files larger than this are not read (a 16,384-entry book is about 3 MB). */
    static final long MAX_FILE_BYTES = 64L << 20;

    private AddressBookFile() {
    }

    /**
     * What {@link #read} found.
     *
     * @param addresses the entries (empty if the file was missing or unusable)
     * @param problem   why the file was ignored, if it was
     */
    public record LoadResult(List<KnownAddress> addresses, Optional<String> problem) {

        /**
         * Copies the list.
         *
         * @param addresses entries
         * @param problem   problem
         */
        public LoadResult {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * Writes the entries atomically.
     *
     * @param file    the target file
     * @param entries the entries
     * @throws IOException if writing or moving fails (the temporary file is removed)
     */
    public static void write(Path file, List<KnownAddress> entries) throws IOException {
        StringBuilder sb = new StringBuilder(64 + entries.size() * 160).append(HEADER).append('\n');
        for (KnownAddress k : entries) {
            sb.append(k.address().network().id()).append(' ').append(k.address().address().hex()).append(' ')
                    .append(k.address().port()).append(' ').append(Long.toHexString(k.services().bits())).append(' ')
                    .append(k.lastSeen().getEpochSecond()).append(' ').append(time(k.lastAttempt())).append(' ')
                    .append(time(k.lastSuccess())).append(' ').append(k.attempts()).append(' ').append(k.source().name())
                    .append(' ').append(k.sourcePeer().map(AddressBookFile::compact).orElse("-")).append('\n');
        }
        ChecksummedFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), entries.size());
    }

    /**
     * Reads a file; never throws.
     *
     * @param file the file
     * @return the entries, or none and the problem
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

    private static List<KnownAddress> parse(byte[] bytes) {
        int lastLineStart = lastLineStart(bytes);
        byte[] body = java.util.Arrays.copyOf(bytes, lastLineStart);
        String endLine = new String(bytes, lastLineStart, bytes.length - lastLineStart, StandardCharsets.UTF_8).strip();
        String[] end = endLine.split(" ");
        if (end.length != 3 || !end[0].equals("end")) {
            throw new IllegalArgumentException("corrupt: no closing 'end COUNT SHA256' line (truncated?)");
        }
        if (!HexFormat.of().formatHex(org.btcpeer.wire.Sha256.hash(body)).equals(end[2])) {
            throw new IllegalArgumentException("corrupt: checksum mismatch");
        }
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("not an address book (expected '" + HEADER + "' on the first line)");
        }
        List<KnownAddress> out = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            try {
                out.add(parseLine(lines[i]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("corrupt: line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (!end[1].equals(Integer.toString(out.size()))) {
            throw new IllegalArgumentException("corrupt: " + out.size() + " entries, the end line says " + end[1]);
        }
        return out;
    }

    private static KnownAddress parseLine(String line) {
        String[] f = line.split(" ");
        if (f.length != 10) {
            throw new IllegalArgumentException("expected 10 fields, got " + f.length);
        }
        NetAddress address = address(f[0], f[1], f[2]);
        return new KnownAddress(address, ServiceFlags.of(Long.parseUnsignedLong(f[3], 16)),
                Instant.ofEpochSecond(Long.parseLong(f[4])), AddressSource.valueOf(f[8]),
                f[9].equals("-") ? Optional.empty() : Optional.of(compactAddress(f[9])),
                optionalTime(f[5]), optionalTime(f[6]), Integer.parseInt(f[7]));
    }

    private static NetAddress address(String netId, String hex, String port) {
        NetworkId network = NetworkId.byId(Integer.parseInt(netId))
                .orElseThrow(() -> new IllegalArgumentException("unknown network id " + netId));
        return new NetAddress(network, ByteString.wrap(HexFormat.of().parseHex(hex)), Integer.parseInt(port));
    }

    private static String compact(NetAddress a) {
        return a.network().id() + "/" + a.address().hex() + "/" + a.port();
    }

    private static NetAddress compactAddress(String s) {
        String[] p = s.split("/");
        if (p.length != 3) {
            throw new IllegalArgumentException("bad source peer " + s);
        }
        return address(p[0], p[1], p[2]);
    }

    private static String time(Optional<Instant> t) {
        return t.map(i -> Long.toString(i.getEpochSecond())).orElse("-");
    }

    private static Optional<Instant> optionalTime(String s) {
        return s.equals("-") ? Optional.empty() : Optional.of(Instant.ofEpochSecond(Long.parseLong(s)));
    }

    private static int lastLineStart(byte[] b) {
        int end = b.length;
        if (end > 0 && b[end - 1] == '\n') {
            end--;
        }
        for (int i = end - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static LoadResult problem(String why) {
        return new LoadResult(List.of(), Optional.of(why));
    }

}
