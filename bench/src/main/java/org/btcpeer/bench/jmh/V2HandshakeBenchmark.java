package org.btcpeer.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.btcpeer.bench.BenchData;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.v2.KeyExchangeConfig;
import org.btcpeer.transport.v2.KeyExchangeMode;
import org.btcpeer.transport.v2.SessionKeys;
import org.btcpeer.transport.v2.V2EphemeralKey;
import org.btcpeer.transport.v2.V2KeyExchange;
import org.btcpeer.transport.v2.V2Handshake;
import org.btcpeer.transport.v2.V2SessionCiphers;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.NetworkParameters;
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
 * The CPU cost of a BIP-324 handshake and of its parts, for both secp256k1 providers in the same
 * run ({@code provider}: Bouncy Castle or libsecp256k1 through {@code java.lang.foreign}). A full
 * handshake runs both sides in memory; per side is half of it. {@link #oneSideKeyExchange} is the
 * secp256k1 work of one side alone (new key, its encoding, the ECDH).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class V2HandshakeBenchmark {

    private static final ByteString MAGIC = NetworkParameters.MAINNET.magic();

    /** Which provider: {@code bouncycastle} or {@code libsecp256k1}. */
    @Param({"bouncycastle", "libsecp256k1"})
    public String provider = "bouncycastle";

    private V2KeyExchange swift;
    private final SplittableRandom random = new SplittableRandom(7);
    private byte[] privOurs;
    private byte[] ellswiftOurs;
    private byte[] ellswiftTheirs;
    private byte[] sharedSecret;

    /** Makes two key pairs from a fixed seed. */
    @Setup
    public void setUp() {
        swift = provider.equals("libsecp256k1")
                ? V2KeyExchange.select(new KeyExchangeConfig(KeyExchangeMode.NATIVE, java.util.Optional.empty()))
                : V2KeyExchange.bouncyCastle();
        privOurs = V2EphemeralKey.generatePrivateKey(random);
        ellswiftOurs = swift.ellswiftCreate(privOurs, random);
        ellswiftTheirs = swift.ellswiftCreate(V2EphemeralKey.generatePrivateKey(random), random);
        sharedSecret = BenchData.randomBytes(32);
    }

    /**
     * A new ephemeral key's encoding: priv·G, then the ElligatorSwift inverse map.
     *
     * @return the 64-byte encoding
     */
    @Benchmark
    public byte[] ellswiftEncode() {
        return swift.ellswiftCreate(privOurs, random);
    }

    /**
     * The peer's 64-byte encoding to its X coordinate.
     *
     * @return X
     */
    @Benchmark
    public byte[] ellswiftDecode() {
        return swift.ellswiftDecode(ellswiftTheirs);
    }

    /**
     * BIP-324 x-only ECDH: decode the peer's key, multiply, tagged hash.
     *
     * @return the shared secret
     */
    @Benchmark
    public byte[] ecdh() {
        return swift.sharedSecret(ellswiftTheirs, ellswiftOurs, privOurs, true);
    }

    /**
     * The secp256k1 work of one side: a new private key, its encoding, the ECDH with the peer's key.
     *
     * @return the shared secret
     */
    @Benchmark
    public byte[] oneSideKeyExchange() {
        byte[] priv = V2EphemeralKey.generatePrivateKey(random);
        byte[] ours = swift.ellswiftCreate(priv, random);
        return swift.sharedSecret(ellswiftTheirs, ours, priv, true);
    }

    /**
     * HKDF key schedule and the two cipher halves from a shared secret.
     *
     * @return the ciphers
     */
    @Benchmark
    public V2SessionCiphers keyDerivation() {
        return V2SessionCiphers.fromKeys(SessionKeys.derive(sharedSecret, MAGIC.toByteArray()), true);
    }

    /**
     * Both sides of a handshake in memory: key generation, random garbage (as Core), ECDH, key
     * schedule, terminators and version packets, until both are in the application state.
     *
     * @return the responder's session id
     * @throws TransportException never here
     */
    @Benchmark
    public ByteString fullHandshakeBothSides() throws TransportException {
        V2Handshake initiator = V2Handshake.initiator(MAGIC).random(random).keyExchange(swift).build();
        V2Handshake responder = V2Handshake.responder(MAGIC).random(random).keyExchange(swift).build();
        BenchData.completeHandshake(initiator, responder);
        return responder.session().sessionId();
    }
}
