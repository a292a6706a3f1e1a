package org.btcpeer.transport.v2;

import java.util.Objects;

/**
 * The sending half of a BIP-324 connection ("Overall packet encryption and decryption",
 * {@code v2_enc_packet}): encrypts packets with our {@link FSChaCha20} length cipher and
 * {@link FSChaCha20Poly1305} payload AEAD.
 *
 * <p>After the handshake one writer thread owns this object; it shares no mutable state with the
 * matching {@link V2InboundCipher}, so reading and writing need no locking. Not thread-safe.
 */
public final class V2OutboundCipher {

    /** The longest contents prefix: a long-form message type, 0x00 and a 12-byte command. */
    public static final int MAX_PREFIX_LENGTH = 13;

    private static final byte[] NO_PREFIX = new byte[0];

    private final FSChaCha20 lengthCipher;
    private final FSChaCha20Poly1305 payloadCipher;
    private final byte[] lengthField = new byte[V2PacketFormat.LENGTH_FIELD_LENGTH];
    private final byte[] plaintextPrefix = new byte[V2PacketFormat.HEADER_LENGTH + MAX_PREFIX_LENGTH];

    /**
     * Creates the sending half from our send keys (see {@link SessionKeys#sendLengthKey} and
     * {@link SessionKeys#sendPayloadKey}).
     *
     * @param lengthKey the 32-byte length-cipher key; copied
     * @param payloadKey the 32-byte payload AEAD key; copied
     */
    public V2OutboundCipher(byte[] lengthKey, byte[] payloadKey) {
        this.lengthCipher = new FSChaCha20(lengthKey);
        this.payloadCipher = new FSChaCha20Poly1305(payloadKey);
    }

    /** Like the public constructor with both keys read in place from one array (the key schedule's). */
    V2OutboundCipher(byte[] keys, int lengthKeyOffset, int payloadKeyOffset) {
        this.lengthCipher = new FSChaCha20(keys, lengthKeyOffset);
        this.payloadCipher = new FSChaCha20Poly1305(keys, payloadKeyOffset);
    }

    /**
     * Encrypts one packet into {@code out}: the 3-byte encrypted contents length, then the AEAD
     * ciphertext of the header byte and the contents, then the tag ({@code length + 20} bytes).
     *
     * <p>The contents may already sit in their final place, at {@code out[outOffset + 4]}; they are then
     * encrypted in place without a copy. Any other overlap between input and output is not allowed.
     *
     * @param contents the packet contents
     * @param offset where the contents start
     * @param length the contents length, 0..{@value V2PacketFormat#MAX_CONTENTS_LENGTH}
     * @param aad the associated data ({@code null} or empty except for the garbage authentication
     *     packet, whose AAD is the garbage we sent)
     * @param ignore whether to set the ignore bit (a decoy packet)
     * @param out the destination, with room for {@code length + 20} bytes
     * @param outOffset where the packet starts
     * @return the number of bytes written, {@code length + 20}
     */
    public int encrypt(byte[] contents, int offset, int length, byte[] aad, boolean ignore, byte[] out, int outOffset) {
        return encrypt(NO_PREFIX, 0, contents, offset, length, aad, ignore, out, outOffset);
    }

    /**
     * Encrypts one packet whose contents are {@code prefix[0 .. prefixLength) || rest[offset ..
     * offset+length)} into {@code out}, without concatenating them first: a message's type bytes
     * followed by its payload, read where it lies. Writes {@code prefixLength + length + 20} bytes.
     * {@code rest} may already sit in place at {@code out[outOffset + 4 + prefixLength]}.
     *
     * @param prefix the first contents bytes (the message type), at most {@value #MAX_PREFIX_LENGTH}
     * @param prefixLength how many of them
     * @param rest the remaining contents (the payload)
     * @param offset where they start
     * @param length how many
     * @param aad the associated data, or {@code null}
     * @param ignore whether to set the ignore bit (a decoy packet)
     * @param out the destination, with room for the whole packet
     * @param outOffset where the packet starts
     * @return the number of bytes written
     */
    public int encrypt(byte[] prefix, int prefixLength, byte[] rest, int offset, int length, byte[] aad,
                       boolean ignore, byte[] out, int outOffset) {
        return encrypt(prefix, prefixLength, rest, offset, length, aad, 0, aad == null ? 0 : aad.length, ignore,
                out, outOffset);
    }

    /**
     * Encrypts one packet like {@link #encrypt(byte[], int, int, byte[], boolean, byte[], int)}, with
     * the associated data {@code aad[aadOffset .. aadOffset+aadLength)} read where it lies: the
     * handshake authenticates the garbage it already wrote into its output array, without a copy.
     *
     * @param contents the packet contents
     * @param offset where the contents start
     * @param length the contents length
     * @param aad the array holding the associated data, or {@code null} if {@code aadLength} is 0
     * @param aadOffset where it starts
     * @param aadLength how many bytes
     * @param ignore whether to set the ignore bit (a decoy packet)
     * @param out the destination, with room for {@code length + 20} bytes
     * @param outOffset where the packet starts
     * @return the number of bytes written, {@code length + 20}
     */
    public int encrypt(byte[] contents, int offset, int length, byte[] aad, int aadOffset, int aadLength,
                       boolean ignore, byte[] out, int outOffset) {
        return encrypt(NO_PREFIX, 0, contents, offset, length, aad, aadOffset, aadLength, ignore, out, outOffset);
    }

    private int encrypt(byte[] prefix, int prefixLength, byte[] rest, int offset, int length, byte[] aad,
                        int aadOffset, int aadLength, boolean ignore, byte[] out, int outOffset) {
        ChaCha20Poly1305.checkAad(aad, aadOffset, aadLength);
        if (prefixLength < 0 || prefixLength > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("contents prefix must be 0.." + MAX_PREFIX_LENGTH + " bytes: " + prefixLength);
        }
        long contentsLength = (long) prefixLength + length;
        if (length < 0 || contentsLength > V2PacketFormat.MAX_CONTENTS_LENGTH) {
            throw new IllegalArgumentException("contents length must be 0..2^24-1: " + contentsLength);
        }
        Objects.checkFromIndexSize(0, prefixLength, prefix.length);
        Objects.checkFromIndexSize(offset, length, rest.length);
        // Check the output room before any cipher state advances, so a bad call cannot desynchronise.
        Objects.checkFromIndexSize(outOffset, V2PacketFormat.packetLength((int) contentsLength), out.length);

        plaintextPrefix[0] = (byte) (ignore ? V2PacketFormat.IGNORE_BIT : 0);
        System.arraycopy(prefix, 0, plaintextPrefix, 1, prefixLength);
        int aeadOffset = outOffset + V2PacketFormat.LENGTH_FIELD_LENGTH;
        int aeadLength = payloadCipher.encrypt(aad, aadOffset, aadLength, plaintextPrefix, 1 + prefixLength, rest,
                offset, length, out, aeadOffset);

        int n = (int) contentsLength;
        lengthField[0] = (byte) n;
        lengthField[1] = (byte) (n >>> 8);
        lengthField[2] = (byte) (n >>> 16);
        lengthCipher.crypt(lengthField, 0, out, outOffset, V2PacketFormat.LENGTH_FIELD_LENGTH);
        return V2PacketFormat.LENGTH_FIELD_LENGTH + aeadLength;
    }

    /**
     * Encrypts one packet into a new array; see
     * {@link #encrypt(byte[], int, int, byte[], boolean, byte[], int)}.
     *
     * @param contents the packet contents
     * @param aad the associated data, or {@code null}
     * @param ignore whether to set the ignore bit
     * @return the packet, {@code contents.length + 20} bytes
     */
    public byte[] encrypt(byte[] contents, byte[] aad, boolean ignore) {
        byte[] out = new byte[V2PacketFormat.packetLength(contents.length)];
        encrypt(contents, 0, contents.length, aad, ignore, out, 0);
        return out;
    }

    /**
     * The number of packets encrypted so far.
     *
     * @return the packet counter
     */
    public long packetCount() {
        return payloadCipher.packetCounter();
    }
}
