package org.btcpeer.transport.v2;

import java.util.Objects;

/**
 * The receiving half of a BIP-324 connection ("Overall packet encryption and decryption",
 * {@code v2_receive_packet}): decrypts packets in two steps so that a reader never allocates for an
 * unchecked length.
 *
 * <ol>
 *   <li>{@link #decryptLength} decrypts the 3-byte length field and returns the contents length; the
 *       caller compares it with its cap and then reads {@link V2PacketFormat#aeadLength} more bytes.</li>
 *   <li>{@link #decrypt} authenticates and decrypts header and contents; on a bad tag it throws
 *       {@link V2CryptoException} and delivers nothing.</li>
 * </ol>
 *
 * <p>After a failure the stream is out of sync and the connection must be closed: every further call
 * throws {@link IllegalStateException}. One reader thread owns this object; it shares no mutable state
 * with the matching {@link V2OutboundCipher}. Not thread-safe.
 */
public final class V2InboundCipher {

    private final FSChaCha20 lengthCipher;
    private final FSChaCha20Poly1305 payloadCipher;
    private final byte[] lengthField = new byte[V2PacketFormat.LENGTH_FIELD_LENGTH];
    private int pendingContentsLength = -1;
    private boolean failed;

    /**
     * Creates the receiving half from our receive keys (see {@link SessionKeys#receiveLengthKey} and
     * {@link SessionKeys#receivePayloadKey}).
     *
     * @param lengthKey the 32-byte length-cipher key; copied
     * @param payloadKey the 32-byte payload AEAD key; copied
     */
    public V2InboundCipher(byte[] lengthKey, byte[] payloadKey) {
        this.lengthCipher = new FSChaCha20(lengthKey);
        this.payloadCipher = new FSChaCha20Poly1305(payloadKey);
    }

    /** Like the public constructor with both keys read in place from one array (the key schedule's). */
    V2InboundCipher(byte[] keys, int lengthKeyOffset, int payloadKeyOffset) {
        this.lengthCipher = new FSChaCha20(keys, lengthKeyOffset);
        this.payloadCipher = new FSChaCha20Poly1305(keys, payloadKeyOffset);
    }

    /**
     * Decrypts the 3-byte length field at the start of a packet. The length is not authenticated yet
     * (the AEAD covers it implicitly), so check it against a cap before allocating.
     *
     * @param in the received bytes
     * @param offset where the length field starts
     * @return the contents length, 0..{@value V2PacketFormat#MAX_CONTENTS_LENGTH}
     * @throws IllegalStateException if the previous packet's body has not been decrypted yet, or after
     *     a failure
     */
    public int decryptLength(byte[] in, int offset) {
        checkUsable();
        if (pendingContentsLength >= 0) {
            throw new IllegalStateException("the previous packet's body has not been decrypted yet");
        }
        Objects.checkFromIndexSize(offset, V2PacketFormat.LENGTH_FIELD_LENGTH, in.length);
        lengthCipher.crypt(in, offset, lengthField, 0, V2PacketFormat.LENGTH_FIELD_LENGTH);
        int length = (lengthField[0] & 0xff) | (lengthField[1] & 0xff) << 8 | (lengthField[2] & 0xff) << 16;
        pendingContentsLength = length;
        return length;
    }

    /**
     * The number of bytes {@link #decrypt} expects after the length field: {@code 1 + length + 16}.
     *
     * @return the AEAD ciphertext length of the pending packet
     * @throws IllegalStateException if no length has been decrypted
     */
    public int pendingAeadLength() {
        if (pendingContentsLength < 0) {
            throw new IllegalStateException("no packet length has been decrypted");
        }
        return V2PacketFormat.aeadLength(pendingContentsLength);
    }

    /**
     * Authenticates and decrypts the rest of the packet whose length {@link #decryptLength} returned:
     * reads {@code 1 + length + 16} bytes from {@code in} and writes the {@code 1 + length} plaintext
     * bytes to {@code out}, the header byte at {@code out[outOffset]} and the contents after it.
     * Decrypting in place ({@code out == in}, same offset) is allowed and avoids any copy.
     *
     * @param in the received bytes
     * @param offset where the AEAD ciphertext starts (just after the length field)
     * @param aad the associated data: the received garbage for the first packet (unless it was given
     *     through {@link #beginAad()}), else {@code null}
     * @param out the destination, with room for {@code 1 + length} bytes
     * @param outOffset where to write the header byte
     * @return the header byte (0..255); see {@link V2PacketFormat#isIgnore}
     * @throws V2CryptoException if the packet does not authenticate; {@code out} is then untouched and
     *     this object unusable
     * @throws IllegalStateException if no length has been decrypted, or after a failure
     */
    public int decrypt(byte[] in, int offset, byte[] aad, byte[] out, int outOffset) throws V2CryptoException {
        checkUsable();
        int aeadLength = pendingAeadLength();
        Objects.checkFromIndexSize(offset, aeadLength, in.length);
        Objects.checkFromIndexSize(outOffset, aeadLength - V2PacketFormat.TAG_LENGTH, out.length);
        boolean ok = false;
        try {
            payloadCipher.decrypt(aad, in, offset, aeadLength, out, outOffset);
            ok = true;
        } finally {
            pendingContentsLength = -1;
            failed = !ok;
        }
        return out[outOffset] & 0xff;
    }

    /**
     * Lets the associated data of the next packet arrive in pieces ({@link #updateAad}) instead of
     * being passed whole to {@link #decrypt}: the handshake authenticates the peer's garbage as it
     * arrives and never stores it. That packet is then decrypted with {@code aad == null}.
     *
     * @throws IllegalStateException after a failure, or if already streaming
     */
    public void beginAad() {
        checkUsable();
        payloadCipher.beginAad();
    }

    /**
     * The next bytes of the next packet's associated data; see {@link #beginAad()}.
     *
     * @param in the input
     * @param offset where the bytes start
     * @param length how many
     * @throws IllegalStateException after a failure, or without {@link #beginAad()}
     */
    public void updateAad(byte[] in, int offset, int length) {
        checkUsable();
        payloadCipher.updateAad(in, offset, length);
    }

    /**
     * The number of packets whose body has been processed so far (successfully or not).
     *
     * @return the packet counter
     */
    public long packetCount() {
        return payloadCipher.packetCounter();
    }

    private void checkUsable() {
        if (failed) {
            throw new IllegalStateException("a packet failed authentication; the connection must be closed");
        }
    }
}
