package org.btcpeer.transport.v2;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.TransportException.Reason;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.message.Command;

/**
 * One side of the BIP-324 handshake as a sans-I/O state machine: bytes in through
 * {@link #receive(ByteBuffer)}, bytes out through {@link #takeOutput()}, and the state in between.
 * It does no I/O, reads no clock and takes its randomness (key, garbage) from the builder, so a
 * handshake replays byte for byte in tests.
 *
 * <pre>
 * receive states (Bitcoin Core's V2Transport::RecvState)
 *
 *  responder, v1 allowed         16 B = magic + "version" + 5 NUL
 *  +--------------+ -------------------------------------------> +----+
 *  | KEY_MAYBE_V1 |                                               | V1 |  replay v1Prefix() into v1
 *  +--------------+                                               +----+
 *         | first byte that differs: send our key + garbage
 *         v                      (initiator, and a responder that refuses v1: key + garbage sent at start)
 *  +--------------+  responder: bytes 4..16 = "version" + NULs, other magic: V1_PEER_WRONG_NETWORK
 *  | KEY          |             (same magic and v1 refused: POLICY_MISMATCH)
 *  +--------------+
 *         | 64-byte key in: ECDH; send terminator, decoys, version packet (AAD = our garbage)
 *         v
 *  +---------------+  no terminator within 4095 + 16 bytes: GARBAGE_TOO_LONG
 *  | GARB_GARBTERM |
 *  +---------------+
 *         | terminator found; the garbage before it (authenticated as it arrived) is the AAD of the peer's first packet
 *         v
 *  +--------------+  decoys dropped; bad tag: AUTHENTICATION_FAILED; length above cap: OVERSIZED_MESSAGE
 *  | VERSION      |
 *  +--------------+
 *         | first non-decoy packet: the version packet (contents ignored)
 *         v
 *  +--------------+
 *  | APP          |  session(): decoder, encoder, session id
 *  +--------------+
 * </pre>
 *
 * <p>{@link #receive} consumes only what the handshake needs: when it completes (or detects v1) the
 * bytes after it stay in the buffer, for the application decoder. Any exception moves the machine
 * to {@link State#FAILED}: the connection must be closed.
 *
 * <p>Not thread-safe: one thread drives it.
 */
public final class V2Handshake {

    /** Core's {@code V2Transport::MAX_GARBAGE_LEN}: at most 4095 garbage bytes precede the terminator. */
    public static final int MAX_GARBAGE_LENGTH = 4095;

    /** Core's {@code V1_PREFIX_LEN}: the bytes a responder inspects to tell a v1 peer from a v2 key. */
    public static final int V1_PREFIX_LENGTH = 16;

    /** The 64-byte ElligatorSwift public key each side sends first. */
    public static final int KEY_LENGTH = ElligatorSwift.ENCODING_LENGTH;

    private static final byte[] NO_CONTENTS = new byte[0];

    private static final int TERMINATOR_LENGTH = SessionKeys.GARBAGE_TERMINATOR_LENGTH;
    private static final int MAGIC_LENGTH = 4;

    /** Where the handshake is; the receive states are Core's {@code V2Transport::RecvState}. */
    public enum State {
        /** Responder only: fewer than 16 bytes received, all matching a v1 version header; nothing sent yet. */
        KEY_MAYBE_V1,
        /** Receiving the peer's 64-byte public key. */
        KEY,
        /** Scanning for the peer's garbage terminator. */
        GARB_GARBTERM,
        /** Receiving packets until the peer's version packet. */
        VERSION,
        /** Done: the peer's version packet authenticated; {@link #session()} is available. */
        APP,
        /** Responder only: the peer speaks v1; replay {@link #v1Prefix()} into a v1 decoder. */
        V1,
        /** A {@link TransportException} was thrown; the connection must be closed. */
        FAILED
    }

    private final boolean initiating;
    private final byte[] magic;
    private final RandomGenerator random;
    private final V2KeyExchange keyExchange;
    private final V2EphemeralKey key;
    private final V2DecoyPolicy decoyPolicy;
    private final byte[] versionContents;
    private final byte[] v1Prefix;

    private State state;
    /**
     * Everything we send, written once in place: our key, our garbage (generated straight into it and
     * authenticated from there as the AAD of our first packet), then, without decoys, the terminator
     * and the version packet. {@link #takeOutput()} hands out views of the ready range; a range handed
     * out is never written again.
     */
    private final byte[] send;
    private final int garbageLength;
    private int sendReady;
    private int sendTaken;
    /** With decoys (their lengths are drawn after the ECDH): terminator, decoys and version packet. */
    private byte[] sendTail;
    private long bytesSent;
    private long bytesReceived;

    private final byte[] theirKey = new byte[KEY_LENGTH];
    private int keyFill;
    private boolean prefixChecked;

    private V2SessionCiphers ciphers;
    private byte[] receiveTerminator;
    /**
     * The peer's garbage is never stored: it goes into the tag of the peer's first packet as it
     * arrives ({@link V2InboundCipher#beginAad()}), except for its last 15 bytes, which a terminator
     * ending in a later read may still include. {@code garbageWindow[0 .. held)} holds them; the rest
     * of the array is scratch for feeding the tag from a buffer without an accessible array.
     */
    private byte[] garbageWindow;
    private int held;
    /** Bytes of garbage and terminator consumed so far (at most 4095 + 16). */
    private int garbageSeen;

    private V2PacketReader versionReader;
    private long decoysReceived;
    private V2Session session;

    private V2Handshake(Builder b) {
        this.initiating = b.initiating;
        this.magic = b.magic.toByteArray();
        this.random = b.random != null ? b.random : new SecureRandom();
        this.keyExchange = b.keyExchange != null ? b.keyExchange : V2KeyExchange.defaultProvider();
        this.key = b.key != null ? b.key : V2EphemeralKey.generate(random, keyExchange);
        this.decoyPolicy = b.decoyPolicy;
        this.versionContents = b.versionContents.isEmpty() ? NO_CONTENTS : b.versionContents.toByteArray();
        // Core's GenerateRandomGarbage: length and bytes from a FastRandomContext, not the strong RNG.
        FastRandom garbageRandom = b.garbage != null ? null : FastRandom.seededFrom(random);
        this.garbageLength = b.garbage != null ? b.garbage.size() : b.garbagePolicy.garbageLength(garbageRandom);
        if (garbageLength < 0 || garbageLength > MAX_GARBAGE_LENGTH) {
            throw new IllegalStateException("garbage policy returned " + garbageLength);
        }
        // Without decoys the whole output is known in size now: reserve the terminator and version packet.
        int tail = decoyPolicy == V2DecoyPolicy.NONE
                ? TERMINATOR_LENGTH + V2PacketFormat.packetLength(versionContents.length) : 0;
        this.send = new byte[KEY_LENGTH + garbageLength + tail];
        key.ellswift().copyTo(send, 0);
        if (garbageRandom != null) {
            garbageRandom.nextBytes(send, KEY_LENGTH, garbageLength);
        } else {
            b.garbage.copyTo(send, KEY_LENGTH);
        }
        this.v1Prefix = new byte[V1_PREFIX_LENGTH];
        System.arraycopy(magic, 0, v1Prefix, 0, MAGIC_LENGTH);
        Command.writePaddedName(v1Prefix, MAGIC_LENGTH, Command.VERSION.wireName()); // magic || "version" NUL-padded
        if (!initiating && b.allowV1) {
            state = State.KEY_MAYBE_V1; // Core's responder: send nothing until the peer is known not to be v1
        } else {
            state = State.KEY;
            sendKeyAndGarbage();
        }
    }

    /**
     * Starts building the side that opened the connection; it sends its key and garbage at once.
     *
     * @param magic the network's 4 magic bytes (they enter the key derivation)
     * @return a builder
     */
    public static Builder initiator(ByteString magic) {
        return new Builder(true, magic);
    }

    /**
     * Starts building the side that accepted the connection; by default it also accepts v1 peers
     * (starts in {@link State#KEY_MAYBE_V1}).
     *
     * @param magic the network's 4 magic bytes
     * @return a builder
     */
    public static Builder responder(ByteString magic) {
        return new Builder(false, magic);
    }

    /** Options of one handshake; every source of randomness can be injected. */
    public static final class Builder {
        private final boolean initiating;
        private final ByteString magic;
        private RandomGenerator random;
        private V2EphemeralKey key;
        private V2KeyExchange keyExchange;
        private V2GarbagePolicy garbagePolicy = V2GarbagePolicy.RANDOM;
        private ByteString garbage;
        private V2DecoyPolicy decoyPolicy = V2DecoyPolicy.NONE;
        private ByteString versionContents = ByteString.EMPTY;
        private boolean allowV1 = true;

        private Builder(boolean initiating, ByteString magic) {
            if (magic.size() != MAGIC_LENGTH) {
                throw new IllegalArgumentException("magic must be 4 bytes");
            }
            this.initiating = initiating;
            this.magic = magic;
        }

        /**
         * The randomness for the key and the decoy policy, and the 32-byte seed of the fast generator
         * the garbage comes from (as Core's {@code FastRandomContext}); default a new {@link SecureRandom}.
         *
         * @param random the randomness (seeded in tests)
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * A fixed ephemeral key instead of one generated from {@link #random}.
         *
         * @param key the key pair; the handshake destroys its private key once it is no longer needed
         *            (after the ECDH, on v1 detection or on failure)
         * @return this builder
         */
        public Builder key(V2EphemeralKey key) {
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * The secp256k1 provider for our key's encoding and the ECDH; default
         * {@link V2KeyExchange#defaultProvider()} (libsecp256k1 where it loads, else Bouncy Castle).
         *
         * @param keyExchange the provider
         * @return this builder
         */
        public Builder keyExchange(V2KeyExchange keyExchange) {
            this.keyExchange = Objects.requireNonNull(keyExchange, "keyExchange");
            return this;
        }

        /**
         * How long the garbage is; default {@link V2GarbagePolicy#RANDOM}, like Core.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder garbagePolicy(V2GarbagePolicy policy) {
            this.garbagePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Exactly these garbage bytes (test vectors); overrides {@link #garbagePolicy}.
         *
         * @param garbage 0..{@value V2Handshake#MAX_GARBAGE_LENGTH} bytes
         * @return this builder
         */
        public Builder garbage(ByteString garbage) {
            if (garbage.size() > MAX_GARBAGE_LENGTH) {
                throw new IllegalArgumentException("garbage is at most " + MAX_GARBAGE_LENGTH + " bytes: " + garbage.size());
            }
            this.garbage = garbage;
            return this;
        }

        /**
         * Decoys before the version packet and before every later message; default none, like Core.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder decoyPolicy(V2DecoyPolicy policy) {
            this.decoyPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The contents of our version packet; default empty. BIP-324 reserves them for future
         * extensions and receivers ignore them (as this class does).
         *
         * @param contents the contents
         * @return this builder
         */
        public Builder versionContents(ByteString contents) {
            if (contents.size() > V2FrameDecoder.MAX_CONTENTS_LENGTH) {
                throw new IllegalArgumentException("version contents too long: " + contents.size());
            }
            this.versionContents = contents;
            return this;
        }

        /**
         * Responder only: whether a v1 peer is detected and handed over ({@link State#V1}); default
         * true. When false the responder sends its key at once and refuses a v1 version header with
         * {@link Reason#POLICY_MISMATCH}.
         *
         * @param allowV1 whether to accept v1 peers
         * @return this builder
         */
        public Builder allowV1(boolean allowV1) {
            this.allowV1 = allowV1;
            return this;
        }

        /**
         * Builds the state machine; an initiator (or a responder that refuses v1) has its key and
         * garbage ready in {@link V2Handshake#takeOutput()}.
         *
         * @return the handshake
         */
        public V2Handshake build() {
            return new V2Handshake(this);
        }
    }

    /**
     * Takes the bytes to send now (possibly none). The caller must send all of them, in order:
     * {@link #bytesSent()} and {@link #shouldReconnectV1()} count them as sent.
     *
     * @return the bytes to send
     */
    public ByteString takeOutput() {
        ByteString out;
        if (sendTail == null) {
            // a view: this class never writes to a range it handed out
            out = ByteString.wrap(send, sendTaken, sendReady - sendTaken);
        } else {
            byte[] joined = Arrays.copyOfRange(send, sendTaken, sendReady + sendTail.length);
            System.arraycopy(sendTail, 0, joined, sendReady - sendTaken, sendTail.length);
            out = ByteString.wrap(joined);
            sendTail = null;
        }
        sendTaken = sendReady;
        bytesSent += out.size();
        return out;
    }

    /**
     * Whether {@link #takeOutput()} has bytes.
     *
     * @return true if there is something to send
     */
    public boolean hasOutput() {
        return sendReady > sendTaken || sendTail != null;
    }

    /**
     * Consumes received bytes. Stops when the handshake completes or detects v1, leaving the bytes
     * after it in {@code in}; call {@link #takeOutput()} afterwards, since receiving may produce
     * bytes to send (our key once a responder sees a v2 peer, the version packet once keys are known).
     *
     * @param in received bytes; its position advances
     * @throws TransportException {@link Reason#V1_PEER_WRONG_NETWORK}, {@link Reason#POLICY_MISMATCH},
     *                            {@link Reason#GARBAGE_TOO_LONG}, {@link Reason#OVERSIZED_MESSAGE},
     *                            {@link Reason#AUTHENTICATION_FAILED} or {@link Reason#BAD_HANDSHAKE}
     * @throws IllegalStateException after a failure
     */
    public void receive(ByteBuffer in) throws TransportException {
        if (state == State.FAILED) {
            throw new IllegalStateException("the handshake failed; the connection must be closed");
        }
        int start = in.position();
        try {
            while (in.hasRemaining() && !isDone()) {
                switch (state) {
                    case KEY_MAYBE_V1 -> receiveMaybeV1(in);
                    case KEY -> receiveKey(in);
                    case GARB_GARBTERM -> receiveGarbage(in);
                    case VERSION -> receiveVersion(in);
                    default -> throw new AssertionError(state);
                }
            }
        } catch (TransportException | RuntimeException e) {
            state = State.FAILED;
            key.destroy();
            throw e;
        } finally {
            bytesReceived += in.position() - start;
        }
    }

    private boolean isDone() {
        return state == State.APP || state == State.V1;
    }

    private void receiveMaybeV1(ByteBuffer in) {
        byte b = in.get();
        theirKey[keyFill] = b;
        if (b != v1Prefix[keyFill++]) {
            // Core: the first byte that differs from a v1 version header makes this a v2 connection.
            state = State.KEY;
            sendKeyAndGarbage();
        } else if (keyFill == V1_PREFIX_LENGTH) {
            state = State.V1;
            key.destroy(); // never used: a v1 peer gets no key
        }
    }

    private void receiveKey(ByteBuffer in) throws TransportException {
        int n = Math.min(in.remaining(), KEY_LENGTH - keyFill);
        in.get(theirKey, keyFill, n);
        keyFill += n;
        if (!initiating && !prefixChecked && keyFill >= V1_PREFIX_LENGTH) {
            prefixChecked = true;
            checkForV1Header();
        }
        if (keyFill == KEY_LENGTH) {
            deriveAndSendVersion();
        }
    }

    /** Core's {@code ProcessReceivedKeyBytes} special case, for responders: a v1 version header where a key should be. */
    private void checkForV1Header() throws TransportException {
        if (!Arrays.equals(theirKey, MAGIC_LENGTH, V1_PREFIX_LENGTH, v1Prefix, MAGIC_LENGTH, V1_PREFIX_LENGTH)) {
            return;
        }
        if (Arrays.equals(theirKey, 0, MAGIC_LENGTH, magic, 0, MAGIC_LENGTH)) {
            throw new TransportException(Reason.POLICY_MISMATCH, "the peer sent a v1 version header; v2 is required");
        }
        throw new TransportException(Reason.V1_PEER_WRONG_NETWORK, "v1 version header with magic "
                + ByteString.wrap(theirKey, 0, MAGIC_LENGTH).hex() + ", expected " + ByteString.wrap(magic).hex()
                + " (Core: \"V1 peer with wrong MessageStart\")");
    }

    private void sendKeyAndGarbage() {
        sendReady = KEY_LENGTH + garbageLength; // written in the constructor; read-only from here on
    }

    private void deriveAndSendVersion() throws TransportException {
        try {
            ciphers = V2SessionCiphers.create(keyExchange, key.privateKey(), key.ellswift().toByteArray(), theirKey, initiating, magic);
        } catch (IllegalArgumentException e) {
            throw new TransportException(Reason.BAD_HANDSHAKE, "cannot derive the session keys: " + e.getMessage(), false, e);
        } finally {
            key.destroy();
        }
        receiveTerminator = ciphers.receiveGarbageTerminator();
        ciphers.inbound().beginAad(); // the peer's garbage is authenticated as it arrives
        V2OutboundCipher out = ciphers.outbound();
        // BIP-324: our garbage, read in place in send, is the associated data of our first packet
        int aadLength = garbageLength;
        if (decoyPolicy == V2DecoyPolicy.NONE) {
            int at = sendReady;
            ciphers.copySendGarbageTerminator(send, at);
            at += TERMINATOR_LENGTH;
            at += out.encrypt(versionContents, 0, versionContents.length, send, KEY_LENGTH, aadLength, false, send, at);
            sendReady = at;
        } else {
            sendTail = terminatorDecoysAndVersion(out, aadLength);
        }
        state = State.GARB_GARBTERM;
    }

    /** With decoys: the terminator, the decoy packets and the version packet in one array. */
    private byte[] terminatorDecoysAndVersion(V2OutboundCipher out, int aadLength) {
        int count = 0;
        int[] lengths = new int[4];
        int total = TERMINATOR_LENGTH + V2PacketFormat.packetLength(versionContents.length);
        for (int length; (length = decoyPolicy.decoyLength(count, random)) >= 0; count++) {
            if (count == lengths.length) {
                lengths = Arrays.copyOf(lengths, 2 * count);
            }
            lengths[count] = length;
            total = Math.addExact(total, V2PacketFormat.packetLength(length));
        }
        byte[] tail = new byte[total];
        ciphers.copySendGarbageTerminator(tail, 0);
        int at = TERMINATOR_LENGTH;
        for (int i = 0; i < count; i++) {
            // a decoy's contents are zeros, encrypted in place
            at += out.encrypt(tail, at + V2PacketFormat.LENGTH_FIELD_LENGTH + 1, lengths[i], send, KEY_LENGTH, aadLength,
                    true, tail, at);
            aadLength = 0;
        }
        out.encrypt(versionContents, 0, versionContents.length, send, KEY_LENGTH, aadLength, false, tail, at);
        return tail;
    }

    /**
     * Scans for the peer's terminator over the bytes held from earlier reads followed by {@code in},
     * in place. Garbage before a found terminator, or all but the last 15 bytes when none is found,
     * goes into the tag of the peer's first packet; nothing of it is kept.
     */
    private void receiveGarbage(ByteBuffer in) throws TransportException {
        if (garbageWindow == null) {
            garbageWindow = new byte[4 * TERMINATOR_LENGTH];
        }
        int start = in.position();
        int n = Math.min(in.remaining(), MAX_GARBAGE_LENGTH + TERMINATOR_LENGTH - garbageSeen);
        int total = held + n; // the stream scanned: garbageWindow[0 .. held) then in[start .. start+n)
        for (int end = Math.max(TERMINATOR_LENGTH, held + 1); end <= total; end++) {
            if (terminatorEndsAt(in, start, end)) {
                authenticateGarbage(in, start, end - TERMINATOR_LENGTH);
                in.position(start + end - held);
                held = 0;
                garbageWindow = null;
                versionReader = new V2PacketReader(ciphers.inbound(), V2FrameDecoder.MAX_CONTENTS_LENGTH);
                state = State.VERSION;
                return;
            }
        }
        garbageSeen += n;
        if (garbageSeen == MAX_GARBAGE_LENGTH + TERMINATOR_LENGTH) {
            throw garbageTooLong();
        }
        int keep = Math.min(TERMINATOR_LENGTH - 1, total);
        int done = total - keep;
        authenticateGarbage(in, start, done);
        if (done < held) {
            System.arraycopy(garbageWindow, done, garbageWindow, 0, held - done);
            in.get(start, garbageWindow, held - done, n);
        } else {
            in.get(start + done - held, garbageWindow, 0, keep);
        }
        held = keep;
        in.position(start + n);
    }

    /** Byte {@code i} of the scanned stream: the held bytes, then {@code in} from {@code start}. */
    private byte scanned(ByteBuffer in, int start, int i) {
        return i < held ? garbageWindow[i] : in.get(start + i - held);
    }

    private boolean terminatorEndsAt(ByteBuffer in, int start, int end) {
        for (int i = 0; i < TERMINATOR_LENGTH; i++) {
            if (scanned(in, start, end - TERMINATOR_LENGTH + i) != receiveTerminator[i]) {
                return false;
            }
        }
        return true;
    }

    /** Feeds the first {@code count} bytes of the scanned stream into the tag of the peer's first packet. */
    private void authenticateGarbage(ByteBuffer in, int start, int count) {
        V2InboundCipher inbound = ciphers.inbound();
        int fromHeld = Math.min(held, count);
        if (fromHeld > 0) {
            inbound.updateAad(garbageWindow, 0, fromHeld);
        }
        int rest = count - fromHeld;
        if (rest <= 0) {
            return;
        }
        if (in.hasArray()) {
            inbound.updateAad(in.array(), in.arrayOffset() + start, rest);
            return;
        }
        int scratch = TERMINATOR_LENGTH; // garbageWindow[16 ..) is free: at most 15 bytes are held
        for (int at = start, left = rest; left > 0; ) {
            int chunk = Math.min(left, garbageWindow.length - scratch);
            in.get(at, garbageWindow, scratch, chunk);
            inbound.updateAad(garbageWindow, scratch, chunk);
            at += chunk;
            left -= chunk;
        }
    }

    private static TransportException garbageTooLong() {
        return new TransportException(Reason.GARBAGE_TOO_LONG, "no garbage terminator within "
                + MAX_GARBAGE_LENGTH + " + " + TERMINATOR_LENGTH + " bytes (Core's MAX_GARBAGE_LEN)");
    }

    private void receiveVersion(ByteBuffer in) throws TransportException {
        if (!versionReader.receive(in)) {
            return;
        }
        if (V2PacketFormat.isIgnore(versionReader.header())) {
            decoysReceived++;
            return;
        }
        // The version packet: its contents are reserved for future extensions and ignored (BIP-324).
        session = new V2Session(new V2FrameDecoder(ciphers.inbound()),
                new V2FrameEncoder(ciphers.outbound(), decoyPolicy, random),
                ByteString.wrap(ciphers.sessionId()));
        versionReader = null;
        state = State.APP;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** Whether the v2 handshake completed: the peer's version packet authenticated. */
    public boolean isComplete() {
        return state == State.APP;
    }

    /** Whether a responder found a v1 peer; the connection continues as v1 with {@link #v1Prefix()} replayed. */
    public boolean detectedV1() {
        return state == State.V1;
    }

    /**
     * The 16 bytes a responder consumed before it detected v1 (magic + "version" + 5 NULs), to replay
     * into {@code V1FrameDecoder.withPrefix}.
     *
     * @return the bytes
     * @throws IllegalStateException unless {@link #detectedV1()}
     */
    public ByteString v1Prefix() {
        if (state != State.V1) {
            throw new IllegalStateException("no v1 peer detected; state " + state);
        }
        return ByteString.copyOf(theirKey, 0, V1_PREFIX_LENGTH);
    }

    /**
     * The halves and session id of the completed handshake.
     *
     * @return the session
     * @throws IllegalStateException unless {@link #isComplete()}
     */
    public V2Session session() {
        if (session == null) {
            throw new IllegalStateException("the handshake is not complete; state " + state);
        }
        return session;
    }

    /** Whether we opened the connection. */
    public boolean initiating() {
        return initiating;
    }

    /** The garbage we send (random unless fixed by the builder). */
    public ByteString garbage() {
        return ByteString.copyOf(send, KEY_LENGTH, garbageLength);
    }

    /**
     * The secp256k1 provider this handshake computes with.
     *
     * @return the provider
     */
    public V2KeyExchange keyExchange() {
        return keyExchange;
    }

    /** Our 64-byte public key encoding. */
    public ByteString ourKey() {
        return key.ellswift();
    }

    /** Bytes handed out by {@link #takeOutput()} so far. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Bytes consumed by {@link #receive} so far. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** Decoy packets received before the version packet. */
    public long decoysReceived() {
        return decoysReceived;
    }

    /**
     * Core's {@code V2Transport::ShouldReconnectV1()}: whether, if the connection ends now, the
     * address should be retried with v1. True only for the initiator, still waiting for the peer's
     * key with nothing at all received, after at least a v1 header's worth (24 bytes) was sent: the
     * way a v1-only peer reacts to a v2 key (it reads a header with a bad magic and disconnects).
     *
     * @return whether a v1 retry is warranted
     */
    public boolean shouldReconnectV1() {
        return initiating && state == State.KEY && bytesReceived == 0 && bytesSent >= 24;
    }
}
