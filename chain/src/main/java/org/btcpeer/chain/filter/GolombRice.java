package org.btcpeer.chain.filter;

import org.btcpeer.wire.WireException;

/**
 * Golomb-Rice coding of one value with parameter {@code P} (BIP-158 "Golomb-Rice Coding";
 * Core's {@code util/golombrice.h}): the quotient {@code x >> P} in unary (that many 1 bits, then
 * a 0), then the remainder in {@code P} bits, most significant first.
 */
final class GolombRice {

    private GolombRice() {
    }

    static void encode(BitStreamWriter w, int p, long x) {
        long q = x >>> p;
        while (q > 0) {
            int n = (int) Math.min(q, 64);
            w.write(-1L, n);
            q -= n;
        }
        w.write(0, 1);
        w.write(x, p);
    }

    /**
     * Decodes one value. The unary loop consumes one bit per step, so a hostile run of 1 bits
     * costs time proportional to the bytes present and ends with {@link WireException} at their end.
     */
    static long decode(BitStreamReader r, int p) throws WireException {
        long q = 0;
        while (r.read(1) == 1) {
            q++;
        }
        long rem = r.read(p);
        return (q << p) + rem;
    }
}
