package org.btcpeer.transport.v2;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The BIP-324 key schedule ("Keys and session ID derivation"): from the ECDH shared secret, HKDF-SHA256
 * with salt {@code "bitcoin_v2_shared_secret" || network magic} derives the length-cipher and
 * payload-cipher keys of each direction, the two 16-byte garbage terminators and the session ID.
 *
 * <p>Including the network magic makes a connection between nodes of different networks fail at
 * once. The initiator sends with the {@code initiator_*} keys and its terminator (the first half of
 * {@code garbage_terminators}); the responder with the {@code responder_*} keys and the second half.
 * The {@code send*}/{@code receive*} accessors apply that rule for a given role.
 *
 * <p>Accessors return copies. Call {@link #destroy()} once the ciphers are built: the BIP wipes the key
 * material after initialisation, for forward secrecy.
 */
public final class SessionKeys {

    /** Length of a garbage terminator. */
    public static final int GARBAGE_TERMINATOR_LENGTH = 16;

    /** Length of the session ID and of each key. */
    public static final int KEY_LENGTH = 32;

    /** Length of a network magic. */
    public static final int NETWORK_MAGIC_LENGTH = 4;

    private static final byte[] SALT_PREFIX = ascii("bitcoin_v2_shared_secret");
    private static final byte[] SESSION_ID = ascii("session_id");
    private static final byte[] INITIATOR_L = ascii("initiator_L");
    private static final byte[] INITIATOR_P = ascii("initiator_P");
    private static final byte[] RESPONDER_L = ascii("responder_L");
    private static final byte[] RESPONDER_P = ascii("responder_P");
    private static final byte[] GARBAGE_TERMINATORS = ascii("garbage_terminators");

    // Where each output lies in material: one array for the whole schedule, not one per output.
    static final int SESSION_ID_OFFSET = 0;
    static final int INITIATOR_L_OFFSET = 32;
    static final int INITIATOR_P_OFFSET = 64;
    static final int RESPONDER_L_OFFSET = 96;
    static final int RESPONDER_P_OFFSET = 128;
    static final int TERMINATORS_OFFSET = 160;
    private static final int MATERIAL_LENGTH = TERMINATORS_OFFSET + 2 * GARBAGE_TERMINATOR_LENGTH;

    /** The session id, the four keys and the two terminators, at the offsets above. */
    private final byte[] material = new byte[MATERIAL_LENGTH];

    private SessionKeys(Hkdf hkdf) {
        hkdf.expandInto(SESSION_ID, material, SESSION_ID_OFFSET, KEY_LENGTH);
        hkdf.expandInto(INITIATOR_L, material, INITIATOR_L_OFFSET, KEY_LENGTH);
        hkdf.expandInto(INITIATOR_P, material, INITIATOR_P_OFFSET, KEY_LENGTH);
        hkdf.expandInto(RESPONDER_L, material, RESPONDER_L_OFFSET, KEY_LENGTH);
        hkdf.expandInto(RESPONDER_P, material, RESPONDER_P_OFFSET, KEY_LENGTH);
        hkdf.expandInto(GARBAGE_TERMINATORS, material, TERMINATORS_OFFSET, 2 * GARBAGE_TERMINATOR_LENGTH);
        hkdf.wipe();
    }

    /**
     * Runs the BIP-324 key schedule.
     *
     * @param sharedSecret the 32-byte output of {@link ElligatorSwift#xOnlyEcdh}
     * @param networkMagic the 4 network magic bytes in wire order (mainnet {@code f9 be b4 d9})
     * @return the derived keys
     */
    public static SessionKeys derive(byte[] sharedSecret, byte[] networkMagic) {
        if (sharedSecret == null || sharedSecret.length != KEY_LENGTH) {
            throw new IllegalArgumentException("shared secret must be 32 bytes");
        }
        if (networkMagic == null || networkMagic.length != NETWORK_MAGIC_LENGTH) {
            throw new IllegalArgumentException("network magic must be 4 bytes");
        }
        byte[] salt = Arrays.copyOf(SALT_PREFIX, SALT_PREFIX.length + NETWORK_MAGIC_LENGTH);
        System.arraycopy(networkMagic, 0, salt, SALT_PREFIX.length, NETWORK_MAGIC_LENGTH);
        Hkdf hkdf = Hkdf.extract(salt, sharedSecret);
        Arrays.fill(salt, (byte) 0);
        return new SessionKeys(hkdf);
    }

    /**
     * {@code initiator_L}: the key of the initiator-to-responder length cipher.
     *
     * @return a copy of the 32-byte key
     */
    public byte[] initiatorLengthKey() {
        return Arrays.copyOfRange(material, INITIATOR_L_OFFSET, INITIATOR_L_OFFSET + KEY_LENGTH);
    }

    /**
     * {@code initiator_P}: the key of the initiator-to-responder payload AEAD.
     *
     * @return a copy of the 32-byte key
     */
    public byte[] initiatorPayloadKey() {
        return Arrays.copyOfRange(material, INITIATOR_P_OFFSET, INITIATOR_P_OFFSET + KEY_LENGTH);
    }

    /**
     * {@code responder_L}: the key of the responder-to-initiator length cipher.
     *
     * @return a copy of the 32-byte key
     */
    public byte[] responderLengthKey() {
        return Arrays.copyOfRange(material, RESPONDER_L_OFFSET, RESPONDER_L_OFFSET + KEY_LENGTH);
    }

    /**
     * {@code responder_P}: the key of the responder-to-initiator payload AEAD.
     *
     * @return a copy of the 32-byte key
     */
    public byte[] responderPayloadKey() {
        return Arrays.copyOfRange(material, RESPONDER_P_OFFSET, RESPONDER_P_OFFSET + KEY_LENGTH);
    }

    /**
     * The initiator's garbage terminator: the first 16 bytes of {@code garbage_terminators}.
     *
     * @return a copy of the 16 bytes
     */
    public byte[] initiatorGarbageTerminator() {
        return Arrays.copyOfRange(material, TERMINATORS_OFFSET, TERMINATORS_OFFSET + GARBAGE_TERMINATOR_LENGTH);
    }

    /**
     * The responder's garbage terminator: the last 16 bytes of {@code garbage_terminators}.
     *
     * @return a copy of the 16 bytes
     */
    public byte[] responderGarbageTerminator() {
        return Arrays.copyOfRange(material, TERMINATORS_OFFSET + GARBAGE_TERMINATOR_LENGTH, MATERIAL_LENGTH);
    }

    /**
     * The session ID that identifies the encrypted channel, for out-of-band comparison or channel
     * binding.
     *
     * @return a copy of the 32 bytes
     */
    public byte[] sessionId() {
        return Arrays.copyOfRange(material, SESSION_ID_OFFSET, SESSION_ID_OFFSET + KEY_LENGTH);
    }

    /**
     * The key of the length cipher we send with.
     *
     * @param initiating whether we are the initiator
     * @return {@code initiator_L} if initiating, else {@code responder_L}
     */
    public byte[] sendLengthKey(boolean initiating) {
        return initiating ? initiatorLengthKey() : responderLengthKey();
    }

    /**
     * The key of the payload AEAD we send with.
     *
     * @param initiating whether we are the initiator
     * @return {@code initiator_P} if initiating, else {@code responder_P}
     */
    public byte[] sendPayloadKey(boolean initiating) {
        return initiating ? initiatorPayloadKey() : responderPayloadKey();
    }

    /**
     * The key of the length cipher we receive with.
     *
     * @param initiating whether we are the initiator
     * @return {@code responder_L} if initiating, else {@code initiator_L}
     */
    public byte[] receiveLengthKey(boolean initiating) {
        return sendLengthKey(!initiating);
    }

    /**
     * The key of the payload AEAD we receive with.
     *
     * @param initiating whether we are the initiator
     * @return {@code responder_P} if initiating, else {@code initiator_P}
     */
    public byte[] receivePayloadKey(boolean initiating) {
        return sendPayloadKey(!initiating);
    }

    /**
     * The garbage terminator we send after our garbage.
     *
     * @param initiating whether we are the initiator
     * @return the initiator's terminator if initiating, else the responder's
     */
    public byte[] sendGarbageTerminator(boolean initiating) {
        return initiating ? initiatorGarbageTerminator() : responderGarbageTerminator();
    }

    /**
     * The garbage terminator we scan for in the peer's garbage.
     *
     * @param initiating whether we are the initiator
     * @return the responder's terminator if initiating, else the initiator's
     */
    public byte[] receiveGarbageTerminator(boolean initiating) {
        return sendGarbageTerminator(!initiating);
    }

    /**
     * Wipes the four cipher keys (the BIP's {@code memory_cleanse} after initialisation). The
     * terminators and session ID are not secret-key material and stay readable.
     */
    public void destroy() {
        Arrays.fill(material, INITIATOR_L_OFFSET, TERMINATORS_OFFSET, (byte) 0);
    }

    /**
     * The schedule's single array, not a copy, for {@link V2SessionCiphers}, which builds its halves
     * from the keys in place and keeps the array for the session id and terminators after
     * {@link #destroy()}.
     */
    byte[] material() {
        return material;
    }

    /** Offset in {@link #material()} of the length key we send with. */
    static int sendLengthKeyOffset(boolean initiating) {
        return initiating ? INITIATOR_L_OFFSET : RESPONDER_L_OFFSET;
    }

    /** Offset in {@link #material()} of the payload key we send with. */
    static int sendPayloadKeyOffset(boolean initiating) {
        return initiating ? INITIATOR_P_OFFSET : RESPONDER_P_OFFSET;
    }

    /** Offset in {@link #material()} of the terminator we send. */
    static int sendTerminatorOffset(boolean initiating) {
        return TERMINATORS_OFFSET + (initiating ? 0 : GARBAGE_TERMINATOR_LENGTH);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
