package org.btcpeer.transport.v2;

/**
 * The layout of a BIP-324 encrypted packet ("Packet encryption overview"): a 3-byte encrypted length
 * of the contents, then the AEAD ciphertext of a 1-byte header followed by the contents, then a
 * 16-byte tag. A packet is therefore {@value #OVERHEAD} bytes longer than its contents.
 */
public final class V2PacketFormat {

    /** Length of the encrypted length field. */
    public static final int LENGTH_FIELD_LENGTH = 3;

    /** Length of the header that precedes the contents inside the AEAD plaintext. */
    public static final int HEADER_LENGTH = 1;

    /** Length of the Poly1305 tag. */
    public static final int TAG_LENGTH = FSChaCha20Poly1305.TAG_LENGTH;

    /** Bytes a packet adds to its contents: length field, header and tag. */
    public static final int OVERHEAD = LENGTH_FIELD_LENGTH + HEADER_LENGTH + TAG_LENGTH;

    /** The largest contents length the 3-byte length field can express, 2<sup>24</sup>-1. */
    public static final int MAX_CONTENTS_LENGTH = (1 << 24) - 1;

    /** The ignore bit of the header (bit 7): set on decoy packets, which the receiver discards. */
    public static final int IGNORE_BIT = 0x80;

    private V2PacketFormat() {
    }

    /**
     * The size on the wire of a packet with the given contents length.
     *
     * @param contentsLength 0..{@value #MAX_CONTENTS_LENGTH}
     * @return {@code contentsLength + 20}
     */
    public static int packetLength(int contentsLength) {
        return contentsLength + OVERHEAD;
    }

    /**
     * The length of what follows the length field: header, contents and tag.
     *
     * @param contentsLength 0..{@value #MAX_CONTENTS_LENGTH}
     * @return {@code 1 + contentsLength + 16}
     */
    public static int aeadLength(int contentsLength) {
        return HEADER_LENGTH + contentsLength + TAG_LENGTH;
    }

    /**
     * Whether a decrypted header marks a decoy packet.
     *
     * @param header the header byte, 0..255
     * @return {@code true} if the ignore bit is set
     */
    public static boolean isIgnore(int header) {
        return (header & IGNORE_BIT) != 0;
    }
}
