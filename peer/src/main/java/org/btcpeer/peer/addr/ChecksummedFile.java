package org.btcpeer.peer.addr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;

import org.btcpeer.wire.Sha256;

/**
 * How the peer module's state files ({@link AddressBookFile}, the inbound ban list) are written: a
 * text body, then a closing {@code end COUNT SHA256} line over the body, written to a temporary
 * file beside the target and moved over it atomically, so a crash leaves the old file or the new
 * one, never a mix, and a torn or edited file is recognised by its last line.
 */
public final class ChecksummedFile {

    private ChecksummedFile() {
    }

    /**
     * Replaces {@code file} with {@code body} and its closing line.
     *
     * @param file  the file (its directory is created if missing)
     * @param body  the body, ending with a newline
     * @param count the number of records in the body, for the closing line
     * @throws IOException if writing or moving fails (the temporary file is removed)
     */
    public static void write(Path file, byte[] body, int count) throws IOException {
        byte[] end = ("end " + count + " " + HexFormat.of().formatHex(Sha256.hash(body)) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(body, body.length + end.length);
        System.arraycopy(end, 0, all, body.length, end.length);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, all);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
