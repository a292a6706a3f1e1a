package org.btcpeer.transport.v2;

import java.util.Arrays;

/**
 * Everything a BIP-324 connection needs after the public keys are exchanged ({@code v2_ecdh} then
 * {@code initialize_v2_transport}): the {@link V2OutboundCipher} and {@link V2InboundCipher} halves for
 * our role, the two garbage terminators and the session ID.
 *
 * <p>The halves are independent objects meant to be handed to one writer and one reader thread. The
 * shared secret and the intermediate key material are wiped once the halves are built.
 */
public final class V2SessionCiphers {

    private final boolean initiating;
    private final V2OutboundCipher outbound;
    private final V2InboundCipher inbound;
    /**
     * The key schedule's array ({@link SessionKeys#material()}), its keys wiped once the halves are
     * built; the session id and the terminators are read from it in place.
     */
    private final byte[] material;

    private V2SessionCiphers(SessionKeys keys, boolean initiating) {
        this.initiating = initiating;
        this.material = keys.material();
        this.outbound = new V2OutboundCipher(material, SessionKeys.sendLengthKeyOffset(initiating),
                SessionKeys.sendPayloadKeyOffset(initiating));
        this.inbound = new V2InboundCipher(material, SessionKeys.sendLengthKeyOffset(!initiating),
                SessionKeys.sendPayloadKeyOffset(!initiating));
    }

    /**
     * Runs the ECDH and the key schedule with the {@linkplain V2KeyExchange#defaultProvider() default
     * provider} and builds both halves.
     *
     * @param privOurs our ephemeral private key
     * @param ellswiftOurs the 64-byte encoding of our public key, exactly as we sent it
     * @param ellswiftTheirs the 64-byte encoding the peer sent
     * @param initiating whether we opened the connection
     * @param networkMagic the 4 network magic bytes in wire order
     * @return the session's ciphers
     */
    public static V2SessionCiphers create(byte[] privOurs, byte[] ellswiftOurs, byte[] ellswiftTheirs,
            boolean initiating, byte[] networkMagic) {
        return create(V2KeyExchange.defaultProvider(), privOurs, ellswiftOurs, ellswiftTheirs, initiating, networkMagic);
    }

    /**
     * Like {@link #create(byte[], byte[], byte[], boolean, byte[])} with a chosen provider.
     *
     * @param keyExchange the secp256k1 provider computing the shared secret
     * @param privOurs our ephemeral private key
     * @param ellswiftOurs the 64-byte encoding of our public key, exactly as we sent it
     * @param ellswiftTheirs the 64-byte encoding the peer sent
     * @param initiating whether we opened the connection
     * @param networkMagic the 4 network magic bytes in wire order
     * @return the session's ciphers
     */
    public static V2SessionCiphers create(V2KeyExchange keyExchange, byte[] privOurs, byte[] ellswiftOurs,
            byte[] ellswiftTheirs, boolean initiating, byte[] networkMagic) {
        byte[] secret = keyExchange.sharedSecret(ellswiftTheirs, ellswiftOurs, privOurs, initiating);
        try {
            return fromKeys(SessionKeys.derive(secret, networkMagic), initiating);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Like {@link #create(byte[], byte[], byte[], boolean, byte[])} with a chosen curve provider.
     *
     * @param ellswift the ElligatorSwift instance (and so the curve provider) to use
     * @param privOurs our ephemeral private key
     * @param ellswiftOurs the 64-byte encoding of our public key, exactly as we sent it
     * @param ellswiftTheirs the 64-byte encoding the peer sent
     * @param initiating whether we opened the connection
     * @param networkMagic the 4 network magic bytes in wire order
     * @return the session's ciphers
     */
    public static V2SessionCiphers create(ElligatorSwift ellswift, byte[] privOurs, byte[] ellswiftOurs,
            byte[] ellswiftTheirs, boolean initiating, byte[] networkMagic) {
        byte[] secret = ellswift.xOnlyEcdh(ellswiftTheirs, ellswiftOurs, privOurs, initiating);
        try {
            return fromKeys(SessionKeys.derive(secret, networkMagic), initiating);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Builds both halves from an already derived key schedule, then wipes its keys
     * ({@link SessionKeys#destroy()}).
     *
     * @param keys the derived keys
     * @param initiating whether we opened the connection
     * @return the session's ciphers
     */
    public static V2SessionCiphers fromKeys(SessionKeys keys, boolean initiating) {
        try {
            return new V2SessionCiphers(keys, initiating);
        } finally {
            keys.destroy();
        }
    }

    /**
     * Whether we are the initiator.
     *
     * @return our role
     */
    public boolean initiating() {
        return initiating;
    }

    /**
     * The sending half, for the writer thread.
     *
     * @return the outbound cipher
     */
    public V2OutboundCipher outbound() {
        return outbound;
    }

    /**
     * The receiving half, for the reader thread.
     *
     * @return the inbound cipher
     */
    public V2InboundCipher inbound() {
        return inbound;
    }

    /**
     * The session ID, identical on both ends of an un-intercepted connection.
     *
     * @return a copy of the 32 bytes
     */
    public byte[] sessionId() {
        return Arrays.copyOfRange(material, SessionKeys.SESSION_ID_OFFSET, SessionKeys.SESSION_ID_OFFSET + SessionKeys.KEY_LENGTH);
    }

    /**
     * The 16-byte terminator we send after our garbage.
     *
     * @return a copy
     */
    public byte[] sendGarbageTerminator() {
        int at = SessionKeys.sendTerminatorOffset(initiating);
        return Arrays.copyOfRange(material, at, at + SessionKeys.GARBAGE_TERMINATOR_LENGTH);
    }

    /**
     * Writes the 16-byte terminator we send after our garbage into {@code out}, without a copy.
     *
     * @param out the destination
     * @param offset where the terminator goes
     */
    public void copySendGarbageTerminator(byte[] out, int offset) {
        System.arraycopy(material, SessionKeys.sendTerminatorOffset(initiating), out, offset,
                SessionKeys.GARBAGE_TERMINATOR_LENGTH);
    }

    /**
     * The 16-byte terminator that ends the peer's garbage.
     *
     * @return a copy
     */
    public byte[] receiveGarbageTerminator() {
        int at = SessionKeys.sendTerminatorOffset(!initiating);
        return Arrays.copyOfRange(material, at, at + SessionKeys.GARBAGE_TERMINATOR_LENGTH);
    }
}
