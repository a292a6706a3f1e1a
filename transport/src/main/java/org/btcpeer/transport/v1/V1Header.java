package org.btcpeer.transport.v1;

import java.security.DigestException;
import java.security.MessageDigest;

import org.btcpeer.wire.message.Command;

/**
 * The 24-byte v1 message header.
 *
 * <pre>
 * 0        4                       16        20         24
 * +--------+-----------------------+---------+----------+----------------
 * | magic  | command, NUL-padded   | length  | checksum | payload ...
 * | 4 B    | 12 B ASCII            | 4 B LE  | 4 B      | length bytes
 * +--------+-----------------------+---------+----------+----------------
 * checksum = first 4 bytes of SHA256(SHA256(payload))
 * </pre>
 */
final class V1Header {

    static final int SIZE = 24;
    static final int COMMAND_OFFSET = 4;
    static final int LENGTH_OFFSET = 16;
    static final int CHECKSUM_OFFSET = 20;
    static final int CHECKSUM_LENGTH = 4;

    private V1Header() {
    }

    /**
     * Finishes the checksum of a payload already fed to {@code sha}: SHA256(SHA256(payload)) into
     * {@code scratch} (its first {@value #CHECKSUM_LENGTH} bytes are the checksum), leaving
     * {@code sha} reset for the next payload. Allocates nothing.
     *
     * @param sha a SHA-256 digest fed with the payload
     * @param scratch 32 bytes
     */
    static void finishChecksum(MessageDigest sha, byte[] scratch) {
        try {
            sha.digest(scratch, 0, 32);
            sha.update(scratch, 0, 32);
            sha.digest(scratch, 0, 32);
        } catch (DigestException e) {
            throw new AssertionError("a 32-byte buffer holds a SHA-256 digest", e);
        }
    }

    /** The printable form of a command field for error messages (non-printables as \xNN). */
    static String describeCommand(byte[] header) {
        StringBuilder sb = new StringBuilder();
        for (int i = COMMAND_OFFSET; i < COMMAND_OFFSET + Command.MAX_NAME_LENGTH; i++) {
            int c = header[i] & 0xff;
            if (c >= 0x20 && c <= 0x7e) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
