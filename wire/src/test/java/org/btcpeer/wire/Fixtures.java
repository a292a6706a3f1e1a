package org.btcpeer.wire;

/** Test helpers for writing hex fixtures readably: whitespace and {@code |} separators are ignored. */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * Parses annotated hex: whitespace and {@code |} are ignored so fields can be separated.
     *
     * @param annotated hex with separators
     * @return the bytes
     */
    public static ByteString hex(String annotated) {
        return ByteString.fromHex(annotated.replaceAll("[\\s|]", ""));
    }

    /**
     * A display-order hash made of one repeated byte, for fixtures.
     *
     * @param b the byte
     * @return the hash
     */
    public static Hash256 hashOf(int b) {
        byte[] x = new byte[32];
        java.util.Arrays.fill(x, (byte) b);
        return Hash256.fromInternalBytes(x);
    }

    /**
     * {@code n} repetitions of the two-digit hex {@code byteHex}.
     *
     * @param byteHex two hex digits
     * @param n       repetitions
     * @return the hex string
     */
    public static String repeat(String byteHex, int n) {
        return byteHex.repeat(n);
    }
}
