package org.btcpeer.bench.jmh;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.btcpeer.bench.BenchData;
import org.btcpeer.transport.ReceivedMessage;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.v1.V1FrameDecoder;
import org.btcpeer.transport.v1.V1FrameEncoder;
import org.btcpeer.transport.v2.FSChaCha20Poly1305;
import org.btcpeer.transport.v2.SessionKeys;
import org.btcpeer.transport.v2.V2CryptoException;
import org.btcpeer.transport.v2.V2FrameDecoder;
import org.btcpeer.transport.v2.V2FrameEncoder;
import org.btcpeer.transport.v2.V2SessionCiphers;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.RawMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One message through the sender's and the receiver's framing, in memory: v1 (header and
 * double-SHA-256 checksum on both sides) and BIP-324 v2 (length cipher plus ChaCha20-Poly1305 on
 * both sides), next to two bounds: the JDK's bare {@code ChaCha20-Poly1305} encrypting and
 * decrypting the same payload into preallocated buffers, and btcpeer's own packet AEAD doing the same
 * (the same engine as v2 framing at every size: plain Java up to 256 bytes, the JDK cipher above).
 *
 * <p>The message is a {@link RawMessage} with an unregistered command, as {@code Peer}'s writer
 * hands every message to the transport, so nothing is decoded beyond the framing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TransportFramingBenchmark {

    /** The payload size in bytes. */
    @Param({"64", "1024", "65536", "1048576"})
    public int size;

    private RawMessage message;
    private V1FrameEncoder v1Encoder;
    private V1FrameDecoder v1Decoder;
    private V2FrameEncoder v2Encoder;
    private V2FrameDecoder v2Decoder;

    private FSChaCha20Poly1305 sameEngineEncrypt;
    private FSChaCha20Poly1305 sameEngineDecrypt;
    private Cipher aeadEncrypt;
    private Cipher aeadDecrypt;
    private SecretKeySpec aeadKey;
    private byte[] nonce;
    private long counter;
    private byte[] plaintext;
    private byte[] ciphertext;
    private byte[] decrypted;

    /**
     * Builds both framings and the bare cipher with fixed keys.
     *
     * @throws GeneralSecurityException never: every JDK since 11 has ChaCha20-Poly1305
     */
    @Setup
    public void setUp() throws GeneralSecurityException {
        plaintext = BenchData.randomBytes(size);
        message = new RawMessage("benchblob", ByteString.wrap(plaintext));
        ByteString magic = NetworkParameters.MAINNET.magic();
        v1Encoder = new V1FrameEncoder(magic);
        v1Decoder = new V1FrameDecoder(magic);

        byte[] secret = BenchData.randomBytes(32);
        V2SessionCiphers initiator = V2SessionCiphers.fromKeys(SessionKeys.derive(secret, magic.toByteArray()), true);
        V2SessionCiphers responder = V2SessionCiphers.fromKeys(SessionKeys.derive(secret, magic.toByteArray()), false);
        v2Encoder = new V2FrameEncoder(initiator.outbound());
        v2Decoder = new V2FrameDecoder(responder.inbound());

        byte[] aeadKeyBytes = BenchData.randomBytes(32);
        sameEngineEncrypt = new FSChaCha20Poly1305(aeadKeyBytes);
        sameEngineDecrypt = new FSChaCha20Poly1305(aeadKeyBytes);
        aeadEncrypt = Cipher.getInstance("ChaCha20-Poly1305");
        aeadDecrypt = Cipher.getInstance("ChaCha20-Poly1305");
        aeadKey = new SecretKeySpec(BenchData.randomBytes(32), "ChaCha20");
        nonce = new byte[12];
        ciphertext = new byte[size + 16];
        decrypted = new byte[size];
    }

    /**
     * v1: encode the frame (header, checksum) and decode it (header checks, checksum).
     *
     * @return the received message
     * @throws TransportException never for these frames
     */
    @Benchmark
    public ReceivedMessage v1EncodeDecode() throws TransportException {
        ByteString frame = v1Encoder.encode(message);
        v1Decoder.receive(received(frame));
        return v1Decoder.poll();
    }

    /**
     * v2: encrypt the packet ({@code V2FrameEncoder}) and decrypt it ({@code V2FrameDecoder}).
     *
     * @return the received message
     * @throws TransportException never for these packets
     */
    @Benchmark
    public ReceivedMessage v2EncryptDecrypt() throws TransportException {
        ByteString packet = v2Encoder.encode(message);
        v2Decoder.receive(received(packet));
        return v2Decoder.poll();
    }

    /**
     * The bound for a framing whose messages outlive the call: the same bare AEAD, but each packet
     * gets a fresh array on the send side, and the receive side copies it into a fresh array of its
     * own (as its socket read would) and decrypts that in place. btcpeer's v2 does exactly this much
     * memory work, because a queued packet and a decoded message's zero-copy views own their arrays.
     *
     * @return the decrypted bytes
     * @throws GeneralSecurityException never
     */
    @Benchmark
    public byte[] bareAeadFreshArrays() throws GeneralSecurityException {
        long n = counter++;
        for (int i = 0; i < 8; i++) {
            nonce[i] = (byte) (n >>> (8 * i));
        }
        IvParameterSpec iv = new IvParameterSpec(nonce);
        byte[] sent = new byte[size + 16];
        aeadEncrypt.init(Cipher.ENCRYPT_MODE, aeadKey, iv);
        aeadEncrypt.doFinal(plaintext, 0, size, sent, 0);
        byte[] received = new byte[size + 16];
        System.arraycopy(sent, 0, received, 0, sent.length);
        aeadDecrypt.init(Cipher.DECRYPT_MODE, aeadKey, iv);
        aeadDecrypt.doFinal(received, 0, size + 16, received, 0);
        return received;
    }

    /**
     * The frame as the receiving side sees it: in a heap buffer, as {@code MessageReader} hands bytes
     * read from a socket to the decoder (the decoder only reads it).
     */
    private static ByteBuffer received(ByteString frame) {
        ByteBuffer[] buffer = new ByteBuffer[1];
        frame.readInPlace((array, offset, length) -> {
            buffer[0] = ByteBuffer.wrap(array, offset, length);
            return length;
        });
        return buffer[0];
    }

    /**
     * The same-engine bound: btcpeer's own packet AEAD ({@link FSChaCha20Poly1305}) encrypting then
     * decrypting the payload into preallocated buffers, without v2's length cipher, header byte or
     * packet objects. Up to 256 bytes it runs the plain-Java ChaCha20-Poly1305 that v2 framing uses
     * there; above, the JDK cipher, as v2 does. {@link #bareAeadEncryptDecrypt} uses the JDK cipher at
     * every size, re-initialised per packet, which is slow for small packets: against it a small-packet
     * "v2 / AEAD" ratio compares two engines, against this one it measures the framing's own cost.
     *
     * @return the decrypted bytes
     * @throws V2CryptoException never: the tag matches
     */
    @Benchmark
    public byte[] bareSameEngineEncryptDecrypt() throws V2CryptoException {
        sameEngineEncrypt.encrypt(null, plaintext, 0, size, ciphertext, 0);
        sameEngineDecrypt.decrypt(null, ciphertext, 0, size + 16, decrypted, 0);
        return decrypted;
    }

    /**
     * The bound: the JDK's ChaCha20-Poly1305 encrypting then decrypting the payload, buffers
     * preallocated, a new nonce per packet (as the v2 cipher does).
     *
     * @return the decrypted bytes
     * @throws GeneralSecurityException never
     */
    @Benchmark
    public byte[] bareAeadEncryptDecrypt() throws GeneralSecurityException {
        long n = counter++;
        for (int i = 0; i < 8; i++) {
            nonce[i] = (byte) (n >>> (8 * i));
        }
        IvParameterSpec iv = new IvParameterSpec(nonce);
        aeadEncrypt.init(Cipher.ENCRYPT_MODE, aeadKey, iv);
        aeadEncrypt.doFinal(plaintext, 0, size, ciphertext, 0);
        aeadDecrypt.init(Cipher.DECRYPT_MODE, aeadKey, iv);
        aeadDecrypt.doFinal(ciphertext, 0, size + 16, decrypted, 0);
        return decrypted;
    }
}
