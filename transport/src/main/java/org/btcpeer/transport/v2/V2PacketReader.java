package org.btcpeer.transport.v2;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportException.Reason;

/**
 * Reassembles and decrypts BIP-324 packets from bytes in any chunking (sans-I/O), for the handshake's
 * version packet and for {@link V2FrameDecoder}:
 *
 * <pre>
 * +-----------+------------------------------------------+---------+
 * | length    | header | contents                        | tag     |
 * | 3 B, enc. | 1 B    | length bytes                    | 16 B    |
 * +-----------+------------------------------------------+---------+
 *              \___ AEAD ciphertext, 1 + length + 16 bytes ________/
 * </pre>
 *
 * <p>The length is decrypted as soon as its 3 bytes are in and checked against the cap before
 * anything is allocated for the body; the length alone allocates nothing. The body buffer is
 * allocated when body bytes arrive and grows with them, to at most twice the bytes received or
 * {@value #RESERVE_AHEAD} more than them, whichever is larger (Core's {@code MAX_RESERVE_AHEAD}), so a
 * length alone cannot make us allocate 4 MB; a packet that arrives whole gets an exactly sized array
 * at once. The body is decrypted in place at offset 0 of that fresh array (the JDK's AEAD copies its
 * whole input first when it starts anywhere else), and decoded messages may keep views of it.
 */
final class V2PacketReader {

    /** Core's {@code V2Transport::MAX_RESERVE_AHEAD}: receive buffer growth beyond the bytes received. */
    static final int RESERVE_AHEAD = 256 * 1024;

    private final V2InboundCipher cipher;
    private final int maxContentsLength;
    private final byte[] lengthField = new byte[V2PacketFormat.LENGTH_FIELD_LENGTH];
    private int lengthFill;
    private int contentsLength = -1;
    private int aeadLength;
    private byte[] body;
    private int bodyFill;
    private boolean failed;

    private int completedHeader;
    private byte[] completedBody;
    private int completedContentsLength;

    /**
     * A reader over {@code cipher}.
     *
     * @param cipher            the connection's receiving half
     * @param maxContentsLength the largest contents length accepted
     */
    V2PacketReader(V2InboundCipher cipher, int maxContentsLength) {
        this.cipher = cipher;
        this.maxContentsLength = maxContentsLength;
    }

    /**
     * Consumes bytes of at most one packet. Returns true when that packet is complete and
     * authenticated; then {@link #header()}, {@link #body()} and {@link #contentsLength()} describe it
     * until the next call.
     *
     * @param in received bytes; its position advances
     * @return whether a packet completed
     * @throws TransportException {@link Reason#OVERSIZED_MESSAGE} for a length above the cap,
     *                            {@link Reason#AUTHENTICATION_FAILED} for a packet that does not authenticate
     */
    boolean receive(ByteBuffer in) throws TransportException {
        if (failed) {
            throw new IllegalStateException("a previous packet failed; the connection must be closed");
        }
        while (in.hasRemaining()) {
            if (contentsLength < 0) {
                int n = Math.min(in.remaining(), lengthField.length - lengthFill);
                in.get(lengthField, lengthFill, n);
                lengthFill += n;
                if (lengthFill == lengthField.length) {
                    startBody(cipher.decryptLength(lengthField, 0));
                }
                continue;
            }
            int n = Math.min(in.remaining(), aeadLength - bodyFill);
            ensureBodyRoom(n);
            in.get(body, bodyFill, n);
            bodyFill += n;
            if (bodyFill == aeadLength) {
                finishPacket();
                return true;
            }
        }
        return false;
    }

    /** Grows the body array to hold {@code n} more bytes, never beyond the packet's length. */
    private void ensureBodyRoom(int n) {
        if (body == null) {
            body = new byte[Math.min(aeadLength, Math.max(RESERVE_AHEAD, n))];
        } else if (bodyFill + n > body.length) {
            // at most twice the bytes received, or RESERVE_AHEAD more than received (n is either
            // received already or, from directTarget, at most RESERVE_AHEAD)
            long grown = Math.max(2L * bodyFill, (long) bodyFill + Math.max(n, RESERVE_AHEAD));
            body = Arrays.copyOf(body, (int) Math.min(aeadLength, grown));
        }
    }

    /** A region of the packet body to read into directly, or null when no body is in progress. */
    ByteBuffer directTarget() {
        if (failed || contentsLength < 0 || bodyFill >= aeadLength) {
            return null;
        }
        int n = Math.min(aeadLength - bodyFill, RESERVE_AHEAD);
        ensureBodyRoom(n);
        return ByteBuffer.wrap(body, bodyFill, n);
    }

    /**
     * Records bytes written into the region from {@link #directTarget()}.
     *
     * @return whether the packet completed (and authenticated)
     */
    boolean directReceived(int n) throws TransportException {
        if (contentsLength < 0 || body == null || n < 0 || bodyFill + n > body.length) {
            throw new IllegalStateException("direct write of " + n + " bytes outside the packet body");
        }
        bodyFill += n;
        if (bodyFill == aeadLength) {
            finishPacket();
            return true;
        }
        return false;
    }

    private void startBody(int length) throws TransportException {
        if (length > maxContentsLength) {
            failed = true;
            throw new TransportException(Reason.OVERSIZED_MESSAGE, "v2 packet announces " + length
                    + " contents bytes, cap " + maxContentsLength + " (Core's MAX_CONTENTS_LEN)");
        }
        contentsLength = length;
        aeadLength = V2PacketFormat.aeadLength(length);
        body = null; // allocated when body bytes arrive
        bodyFill = 0;
    }

    /** Authenticates and decrypts the complete body in place, at offset 0 (see the class comment). */
    private void finishPacket() throws TransportException {
        try {
            // no associated data here: the first packet's (the peer's garbage) went in as it arrived (beginAad)
            completedHeader = cipher.decrypt(body, 0, null, body, 0);
        } catch (V2CryptoException e) {
            failed = true;
            throw new TransportException(Reason.AUTHENTICATION_FAILED, "v2 packet " + (cipher.packetCount() - 1)
                    + " (" + contentsLength + " contents bytes) does not authenticate", false, e);
        }
        completedBody = body;
        completedContentsLength = contentsLength;
        body = null;
        contentsLength = -1;
        lengthFill = 0;
        bodyFill = 0;
    }

    /** The decrypted header byte of the completed packet (bit 7: ignore). */
    int header() {
        return completedHeader;
    }

    /** The completed packet's plaintext: the header at index 0, the contents from index 1 (then the unused tag room). */
    byte[] body() {
        return completedBody;
    }

    /** The completed packet's contents length. */
    int contentsLength() {
        return completedContentsLength;
    }

    /** How many more bytes finish the current length field or packet (at least 1). */
    int wantedBytes() {
        if (contentsLength < 0) {
            return lengthField.length - lengthFill;
        }
        return Math.max(1, aeadLength - bodyFill);
    }

    /** The number of packets fully processed by the cipher. */
    long packetCount() {
        return cipher.packetCount();
    }
}
