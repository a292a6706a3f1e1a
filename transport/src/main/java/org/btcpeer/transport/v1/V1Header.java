package org.btcpeer.transport.v1;

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
    static final int MAGIC_OFFSET = 0;
    static final int COMMAND_OFFSET = 4;
    static final int COMMAND_LENGTH = 12;
    static final int LENGTH_OFFSET = 16;
    static final int CHECKSUM_OFFSET = 20;

    private V1Header() {
    }

    /** The printable form of a command field for error messages (non-printables as \xNN). */
    static String describeCommand(byte[] header) {
        StringBuilder sb = new StringBuilder();
        for (int i = COMMAND_OFFSET; i < COMMAND_OFFSET + COMMAND_LENGTH; i++) {
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
