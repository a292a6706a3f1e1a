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

    private final byte[] initiatorL;
    private final byte[] initiatorP;
    private final byte[] responderL;
    private final byte[] responderP;
    private final byte[] garbageTerminators;
    private final byte[] sessionId;

    private SessionKeys(Hkdf hkdf) {
        this.sessionId = hkdf.expand(ascii("session_id"), KEY_LENGTH);
        this.initiatorL = hkdf.expand(ascii("initiator_L"), KEY_LENGTH);
        this.initiatorP = hkdf.expand(ascii("initiator_P"), KEY_LENGTH);
        this.responderL = hkdf.expand(ascii("responder_L"), KEY_LENGTH);
        this.responderP = hkdf.expand(ascii("responder_P"), KEY_LENGTH);
        this.garbageTerminators = hkdf.expand(ascii("garbage_terminators"), 2 * GARBAGE_TERMINATOR_LENGTH);
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
        return new SessionKeys(Hkdf.extract(salt, sharedSecret));
    }

    /**
     * {@code initiator_L}: the key of the initiator-to-responder length cipher.
     *
     * @return a copy of the 32-byte key
     */
    public byte[] initiatorLengthKey() {
        return initiatorL.clone();
    }

    /**
     * {@code initiator_P}: the key of the initiator-to-responder payload AEAD.
     *
     * @return a copy of the 32-byte key
     */
    public byte[] initiatorPayloadKey() {
        return initiatorP.clone();
    }

    /**
     * {@code responder_L}: the key of the responder-to-initiator length cipher.
     *
     * @return a copy of the 32-byte key
     */
    public byte[] responderLengthKey() {
        return responderL.clone();
    }

    /**
     * {@code responder_P}: the key of the responder-to-initiator payload AEAD.
     *
     * @return a copy of the 32-byte key
     */
    public byte[] responderPayloadKey() {
        return responderP.clone();
    }

    /**
     * The initiator's garbage terminator: the first 16 bytes of {@code garbage_terminators}.
     *
     * @return a copy of the 16 bytes
     */
    public byte[] initiatorGarbageTerminator() {
        return Arrays.copyOfRange(garbageTerminators, 0, GARBAGE_TERMINATOR_LENGTH);
    }

    /**
     * The responder's garbage terminator: the last 16 bytes of {@code garbage_terminators}.
     *
     * @return a copy of the 16 bytes
     */
    public byte[] responderGarbageTerminator() {
        return Arrays.copyOfRange(garbageTerminators, GARBAGE_TERMINATOR_LENGTH, 2 * GARBAGE_TERMINATOR_LENGTH);
    }

    /**
     * The session ID that identifies the encrypted channel, for out-of-band comparison or channel
     * binding.
     *
     * @return a copy of the 32 bytes
     */
    public byte[] sessionId() {
        return sessionId.clone();
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
        Arrays.fill(initiatorL, (byte) 0);
        Arrays.fill(initiatorP, (byte) 0);
        Arrays.fill(responderL, (byte) 0);
        Arrays.fill(responderP, (byte) 0);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
