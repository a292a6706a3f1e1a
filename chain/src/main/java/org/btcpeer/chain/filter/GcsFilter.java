package org.btcpeer.chain.filter;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireException.Rule;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;
import org.btcpeer.wire.chain.SipHash24;

/**
 * A Golomb-coded set (BIP-158, Core's {@code GCSFilter}): a compact probabilistic set of byte
 * strings that answers "is any (or every) one of these in the set?" with no false negatives and a
 * false-positive rate of about {@code 1/M} per query element.
 *
 * <pre>
 *   encoded = CompactSize(N) || Golomb-Rice bits of the sorted deltas, zero-padded to a byte
 *   element x  -&gt;  SipHash-2-4(k0, k1, x) * F &gt;&gt; 64   (a number in [0, F), F = N * M)
 * </pre>
 *
 * <p>Decoding untrusted bytes is bounded: {@code N} must be below 2^32, and below the number of
 * elements the bytes present can hold at {@code P + 1} bits each, before anything is read; every
 * element is then decoded once (Core decodes the whole filter on construction) and bytes left over
 * after the last element are an error, as in Core. Immutable and thread-safe.
 */
public final class GcsFilter {

    private final GcsParams params;
    private final long n;
    private final long f;
    private final ByteString encoded;
    /** Offset of the Golomb-Rice bits in {@link #encoded} (after the CompactSize N). */
    private final int bitsOffset;

    private GcsFilter(GcsParams params, long n, ByteString encoded, int bitsOffset) {
        this.params = params;
        this.n = n;
        this.f = n * params.m();
        this.encoded = encoded;
        this.bitsOffset = bitsOffset;
    }

    /**
     * Builds the set of the given elements; duplicates (equal bytes) count once.
     *
     * @param params   key and coding parameters
     * @param elements the elements
     * @return the filter
     */
    public static GcsFilter build(GcsParams params, Collection<ByteString> elements) {
        Objects.requireNonNull(params, "params");
        Set<ByteString> unique = new LinkedHashSet<>(elements);
        long n = unique.size();
        long f = n * params.m();
        long[] hashed = new long[unique.size()];
        int i = 0;
        for (ByteString e : unique) {
            hashed[i++] = hashToRange(params, f, e);
        }
        Arrays.sort(hashed); // values are below F < 2^64 / 2: signed order is unsigned order
        WireWriter header = new WireWriter(9).writeCompactSize(n);
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.size() + (int) Math.min(Integer.MAX_VALUE / 2, n * (params.p() + 2) / 8 + 1));
        byte[] prefix = header.toByteArray();
        out.write(prefix, 0, prefix.length);
        BitStreamWriter bits = new BitStreamWriter(out);
        long last = 0;
        for (long v : hashed) {
            GolombRice.encode(bits, params.p(), v - last);
            last = v;
        }
        bits.flush();
        return new GcsFilter(params, n, ByteString.wrap(out.toByteArray()), prefix.length);
    }

    /**
     * Decodes and checks an encoded filter from untrusted bytes (for example a {@code cfilter}).
     *
     * @param params  key and coding parameters (for the basic filter, from the block hash)
     * @param encoded {@code CompactSize(N)} followed by the Golomb-Rice bits
     * @return the filter
     * @throws WireException if N is 2^32 or more ({@link Rule#OVER_CAP}), more than the bytes can
     *                       hold ({@link Rule#OVER_CAP}), the bits end inside an element
     *                       ({@link Rule#TRUNCATED}) or whole bytes follow the last element
     *                       ({@link Rule#TRAILING_BYTES})
     */
    public static GcsFilter decode(GcsParams params, ByteString encoded) throws WireException {
        Objects.requireNonNull(params, "params");
        WireReader r = WireReader.of(encoded, "gcs");
        long n = r.readCompactSizeUnbounded("N");
        if (n < 0 || n > 0xffff_ffffL) {
            // Core: "N must be <2^32"
            throw r.errorAt("N", 0, Rule.OVER_CAP, "N must be below 2^32: " + Long.toUnsignedString(n));
        }
        long maxElements = (long) r.remaining() * 8 / (params.p() + 1);
        if (n > maxElements) {
            throw r.errorAt("N", 0, Rule.OVER_CAP, "N = " + n + " elements need at least " + (params.p() + 1)
                    + " bits each; " + r.remaining() + " bytes hold at most " + maxElements);
        }
        GcsFilter filter = new GcsFilter(params, n, encoded, r.position());
        BitStreamReader bits = filter.bitReader();
        for (long i = 0; i < n; i++) {
            GolombRice.decode(bits, params.p());
        }
        if (bits.bytesLeft() != 0) {
            // Core: "encoded_filter contains excess data"
            throw new WireException("gcs", "bits", filter.bitsOffset + bits.offset(), Rule.TRAILING_BYTES,
                    bits.bytesLeft() + " bytes after the last of " + n + " elements");
        }
        return filter;
    }

    /** The parameters this filter was built or decoded with. */
    public GcsParams params() {
        return params;
    }

    /** The number of elements {@code N}. */
    public long size() {
        return n;
    }

    /** The encoding: {@code CompactSize(N)} then the Golomb-Rice bits (the {@code cfilter} payload field). */
    public ByteString encoded() {
        return encoded;
    }

    /**
     * Whether at least one of the elements is (probably) in the set.
     *
     * @param elements the query, for example output scripts a wallet watches
     * @return false if none is in the set; true if one is, or by a false positive
     */
    public boolean matchAny(Collection<ByteString> elements) {
        long[] query = hashAll(elements);
        if (query.length == 0 || n == 0) {
            return false;
        }
        BitStreamReader bits = bitReader();
        long value = 0;
        int qi = 0;
        try {
            for (long i = 0; i < n; i++) {
                value += GolombRice.decode(bits, params.p());
                while (true) {
                    if (qi == query.length) {
                        return false;
                    } else if (query[qi] == value) {
                        return true;
                    } else if (query[qi] > value) {
                        break;
                    }
                    qi++;
                }
            }
        } catch (WireException e) {
            throw new IllegalStateException("a filter that decoded once fails to decode", e);
        }
        return false;
    }

    /**
     * Whether every one of the elements is (probably) in the set.
     *
     * @param elements the query
     * @return false if one is not in the set; true if all are (an empty query is true)
     */
    public boolean matchAll(Collection<ByteString> elements) {
        long[] query = hashAll(elements);
        if (query.length == 0) {
            return true;
        }
        BitStreamReader bits = bitReader();
        long value = 0;
        long read = 0;
        try {
            for (long q : query) {
                while (read < n && value < q) {
                    value += GolombRice.decode(bits, params.p());
                    read++;
                }
                if (value != q || read == 0) {
                    return false;
                }
            }
        } catch (WireException e) {
            throw new IllegalStateException("a filter that decoded once fails to decode", e);
        }
        return true;
    }

    private long[] hashAll(Collection<ByteString> elements) {
        long[] hashed = new long[elements.size()];
        int i = 0;
        for (ByteString e : elements) {
            hashed[i++] = hashToRange(params, f, e);
        }
        Arrays.sort(hashed);
        return hashed;
    }

    private BitStreamReader bitReader() {
        byte[] b = encoded.toByteArray();
        return new BitStreamReader(b, bitsOffset, b.length);
    }

    /** Core's {@code GCSFilter::HashToRange}: SipHash-2-4 of the element, mapped to [0, F) by {@code FastRange64}. */
    static long hashToRange(GcsParams params, long f, ByteString element) {
        byte[] b = element.toByteArray();
        long h = SipHash24.hash(params.sipHashK0(), params.sipHashK1(), b, 0, b.length);
        return Math.unsignedMultiplyHigh(h, f);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GcsFilter g && g.params.equals(params) && g.encoded.equals(encoded);
    }

    @Override
    public int hashCode() {
        return encoded.hashCode();
    }

    @Override
    public String toString() {
        return "GcsFilter[N=" + n + ", " + encoded.size() + " bytes]";
    }
}
