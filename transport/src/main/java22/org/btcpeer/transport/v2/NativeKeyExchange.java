package org.btcpeer.transport.v2;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.random.RandomGenerator;

/**
 * The {@link V2KeyExchange} on libsecp256k1's {@code ellswift} module, called through
 * {@code java.lang.foreign} (Java 22+). The scalar multiplications are libsecp256k1's constant-time
 * ones, as in Bitcoin Core's {@code CKey::EllSwiftCreate} and {@code CKey::ComputeBIP324ECDHSecret}.
 *
 * <p>One context per loaded library, created with {@code SECP256K1_CONTEXT_NONE} and randomized once
 * ({@code secp256k1_context_randomize}, side-channel blinding) before it is published; libsecp256k1
 * allows concurrent use of a context by every function except randomize and destroy, so all threads
 * share it. It lives as long as the process (loaded libraries are never unloaded either).
 *
 * <p>The calls are {@linkplain Linker.Option#critical(boolean) critical with heap access}: the
 * functions run for tens of microseconds, never call back into Java, and read and write the Java
 * arrays in place, so a call copies no key material into native memory and allocates nothing. Private
 * keys therefore stay in the caller's arrays, which {@link V2EphemeralKey#destroy()} wipes; no
 * {@link java.math.BigInteger} ever holds one.
 */
final class NativeKeyExchange implements V2KeyExchange {

    /** {@code SECP256K1_CONTEXT_NONE} = {@code SECP256K1_FLAGS_TYPE_CONTEXT}. */
    private static final int SECP256K1_CONTEXT_NONE = 1;
    /** {@code SECP256K1_EC_COMPRESSED} = {@code SECP256K1_FLAGS_TYPE_COMPRESSION | SECP256K1_FLAGS_BIT_COMPRESSION}. */
    private static final int SECP256K1_EC_COMPRESSED = (1 << 1) | (1 << 8);
    /** Size of the opaque {@code secp256k1_pubkey}. */
    private static final int PUBKEY_SIZE = 64;
    private static final int ELLSWIFT_SIZE = ElligatorSwift.ENCODING_LENGTH;

    private final Path library;
    private final MemorySegment context;
    private final MemorySegment bip324Hash;
    private final MethodHandle seckeyVerify;
    private final MethodHandle ellswiftCreate;
    private final MethodHandle ellswiftDecode;
    private final MethodHandle pubkeySerialize;
    private final MethodHandle ellswiftXdh;

    private NativeKeyExchange(Path library, byte[] seed) throws Throwable {
        this.library = library;
        if (Linker.nativeLinker().canonicalLayouts().get("size_t").byteSize() != Long.BYTES) {
            throw new UnsupportedOperationException("size_t is not 64 bits on this platform");
        }
        SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
        MethodHandle contextCreate = downcall(lookup, "secp256k1_context_create", false, ADDRESS, JAVA_INT);
        MethodHandle contextRandomize = downcall(lookup, "secp256k1_context_randomize", true, JAVA_INT, ADDRESS, ADDRESS);
        this.seckeyVerify = downcall(lookup, "secp256k1_ec_seckey_verify", true, JAVA_INT, ADDRESS, ADDRESS);
        this.ellswiftCreate = downcall(lookup, "secp256k1_ellswift_create", true, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        this.ellswiftDecode = downcall(lookup, "secp256k1_ellswift_decode", true, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        this.pubkeySerialize = downcall(lookup, "secp256k1_ec_pubkey_serialize", true,
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT);
        this.ellswiftXdh = downcall(lookup, "secp256k1_ellswift_xdh", true,
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        // secp256k1_ellswift_xdh_hash_function_bip324 is a data symbol: a const variable holding the function pointer.
        this.bip324Hash = symbol(lookup, "secp256k1_ellswift_xdh_hash_function_bip324")
                .reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
        if (bip324Hash.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("secp256k1_ellswift_xdh_hash_function_bip324 is NULL");
        }
        MemorySegment ctx = (MemorySegment) contextCreate.invokeExact(SECP256K1_CONTEXT_NONE);
        if (ctx.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("secp256k1_context_create failed");
        }
        int ok = (int) contextRandomize.invokeExact(ctx, MemorySegment.ofArray(seed));
        java.util.Arrays.fill(seed, (byte) 0);
        if (ok != 1) {
            throw new IllegalStateException("secp256k1_context_randomize failed");
        }
        this.context = ctx;
    }

    /**
     * Loads the library and creates its randomized context; called reflectively by
     * {@link KeyExchangeSelector} after it checked the runtime is Java 22+.
     *
     * @param library the shared library file
     * @param seed 32 random bytes for {@code secp256k1_context_randomize}; wiped
     * @return the provider
     * @throws Throwable anything the linker or the library raised; the selector reports it
     */
    static V2KeyExchange load(Path library, byte[] seed) throws Throwable {
        return new NativeKeyExchange(library, seed);
    }

    private static MemorySegment symbol(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new UnsupportedOperationException(
                "the library does not export " + name + " (it needs libsecp256k1's ellswift module)"));
    }

    private static MethodHandle downcall(SymbolLookup lookup, String name, boolean critical,
            java.lang.foreign.MemoryLayout result, java.lang.foreign.MemoryLayout... args) {
        FunctionDescriptor descriptor = FunctionDescriptor.of(result, args);
        return critical
                ? Linker.nativeLinker().downcallHandle(symbol(lookup, name), descriptor, Linker.Option.critical(true))
                : Linker.nativeLinker().downcallHandle(symbol(lookup, name), descriptor);
    }

    @Override
    public String name() {
        return "libsecp256k1";
    }

    @Override
    public boolean isValidPrivateKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != KEY_LENGTH) {
            return false;
        }
        try {
            return (int) seckeyVerify.invokeExact(context, MemorySegment.ofArray(privateKey)) == 1;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public byte[] ellswiftCreate(byte[] privateKey, RandomGenerator random) {
        checkKey(privateKey);
        byte[] aux = new byte[32];
        random.nextBytes(aux);
        byte[] out = new byte[ELLSWIFT_SIZE];
        int ok;
        try {
            ok = (int) ellswiftCreate.invokeExact(context, MemorySegment.ofArray(out), MemorySegment.ofArray(privateKey),
                    MemorySegment.ofArray(aux));
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (ok != 1) {
            throw new IllegalArgumentException("not a secp256k1 private key (32 bytes, 1..n-1)");
        }
        return out;
    }

    @Override
    public byte[] ellswiftDecode(byte[] ellswift) {
        checkEncoding(ellswift, "ellswift");
        byte[] pubkey = new byte[PUBKEY_SIZE];
        byte[] compressed = new byte[33];
        long[] length = {compressed.length};
        try {
            int ok = (int) ellswiftDecode.invokeExact(context, MemorySegment.ofArray(pubkey), MemorySegment.ofArray(ellswift));
            if (ok != 1) {
                throw new IllegalStateException("secp256k1_ellswift_decode failed"); // documented to always succeed
            }
            ok = (int) pubkeySerialize.invokeExact(context, MemorySegment.ofArray(compressed), MemorySegment.ofArray(length),
                    MemorySegment.ofArray(pubkey), SECP256K1_EC_COMPRESSED);
            if (ok != 1 || length[0] != 33) {
                throw new IllegalStateException("secp256k1_ec_pubkey_serialize failed");
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return java.util.Arrays.copyOfRange(compressed, 1, 33);
    }

    @Override
    public byte[] sharedSecret(byte[] ellswiftTheirs, byte[] ellswiftOurs, byte[] privateKey, boolean initiating) {
        checkEncoding(ellswiftTheirs, "ellswiftTheirs");
        checkEncoding(ellswiftOurs, "ellswiftOurs");
        checkKey(privateKey);
        byte[] secret = new byte[KEY_LENGTH];
        // Party A is the initiator: its encoding comes first in the hash (Core: ComputeBIP324ECDHSecret).
        byte[] a = initiating ? ellswiftOurs : ellswiftTheirs;
        byte[] b = initiating ? ellswiftTheirs : ellswiftOurs;
        int ok;
        try {
            ok = (int) ellswiftXdh.invokeExact(context, MemorySegment.ofArray(secret), MemorySegment.ofArray(a),
                    MemorySegment.ofArray(b), MemorySegment.ofArray(privateKey), initiating ? 0 : 1, bip324Hash,
                    MemorySegment.NULL);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (ok != 1) {
            throw new IllegalArgumentException("not a secp256k1 private key (32 bytes, 1..n-1)");
        }
        return secret;
    }

    private static void checkKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("not a secp256k1 private key (32 bytes, 1..n-1)");
        }
    }

    private static void checkEncoding(byte[] ellswift, String name) {
        if (ellswift == null || ellswift.length != ELLSWIFT_SIZE) {
            throw new IllegalArgumentException(name + " must be " + ELLSWIFT_SIZE + " bytes");
        }
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    @Override
    public String toString() {
        return name() + " (" + library + ")";
    }
}
