package org.btcpeer.examples.chain;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

import org.btcpeer.wire.ByteString;

/**
 * Script numbers as Bitcoin Core writes them with {@code CScript() << n} ({@code CScript::push_int64}
 * and {@code CScriptNum::serialize}), and the BIP-34 height at the start of a coinbase scriptSig.
 *
 * <pre>
 *   n == 0        OP_0                          00
 *   n == -1       OP_1NEGATE                    4f
 *   1 &lt;= n &lt;= 16  OP_1 .. OP_16                  51 .. 60
 *   otherwise     push of the minimal little-endian sign-magnitude bytes
 *                 e.g. 17 = 01 11, 128 = 02 80 00, 255 = 02 ff 00, 256 = 02 00 01, -5 = 01 85
 * </pre>
 *
 * <p>Core's BIP-34 check ({@code ContextualCheckBlock}, "bad-cb-height") requires the coinbase
 * scriptSig to <em>start with</em> exactly these bytes for the block's height.
 */
public final class ScriptNum {

    /** {@code OP_0}. */
    public static final int OP_0 = 0x00;
    /** {@code OP_PUSHDATA1}: the first opcode that is not a direct push length. */
    public static final int OP_PUSHDATA1 = 0x4c;
    /** {@code OP_1NEGATE}. */
    public static final int OP_1NEGATE = 0x4f;
    /** {@code OP_1} (also {@code OP_TRUE}). */
    public static final int OP_1 = 0x51;
    /** {@code OP_16}. */
    public static final int OP_16 = 0x60;

    private ScriptNum() {
    }

    /**
     * The minimal encoding of {@code n} as pushed data ({@code CScriptNum::serialize}): empty for
     * zero, little-endian magnitude, the top bit of the last byte the sign.
     *
     * @param n the number
     * @return the bytes, at most 9
     */
    public static byte[] serialize(long n) {
        if (n == 0) {
            return new byte[0];
        }
        boolean negative = n < 0;
        // Math.abs(Long.MIN_VALUE) overflows; its magnitude 2^63 is handled by the unsigned shifts.
        long abs = negative ? -n : n;
        ByteArrayOutputStream out = new ByteArrayOutputStream(9);
        while (abs != 0) {
            out.write((int) (abs & 0xff));
            abs >>>= 8;
        }
        byte[] b = out.toByteArray();
        if ((b[b.length - 1] & 0x80) != 0) {
            byte[] extended = new byte[b.length + 1];
            System.arraycopy(b, 0, extended, 0, b.length);
            extended[b.length] = (byte) (negative ? 0x80 : 0x00);
            return extended;
        }
        if (negative) {
            b[b.length - 1] |= (byte) 0x80;
        }
        return b;
    }

    /**
     * Decodes minimal or non-minimal script number bytes ({@code CScriptNum}'s {@code set_vch}).
     *
     * @param bytes at most 8 bytes
     * @return the number
     */
    public static long deserialize(byte[] bytes) {
        if (bytes.length > 8) {
            throw new IllegalArgumentException("script number longer than 8 bytes: " + bytes.length);
        }
        if (bytes.length == 0) {
            return 0;
        }
        long result = 0;
        for (int i = 0; i < bytes.length; i++) {
            result |= (long) (bytes[i] & 0xff) << (8 * i);
        }
        int last = bytes.length - 1;
        if ((bytes[last] & 0x80) != 0) {
            return -(result & ~(0x80L << (8 * last)));
        }
        return result;
    }

    /**
     * The script bytes of {@code CScript() << n} ({@code CScript::push_int64}).
     *
     * @param n the number
     * @return the opcode(s)
     */
    public static byte[] pushInt(long n) {
        if (n == 0) {
            return new byte[]{OP_0};
        }
        if (n == -1 || (n >= 1 && n <= 16)) {
            return new byte[]{(byte) (n + (OP_1 - 1))};
        }
        return pushData(serialize(n));
    }

    /**
     * A direct push of up to 75 bytes: the length byte followed by the data ({@code CScript << vector}).
     *
     * @param data at most 75 bytes
     * @return the script bytes
     */
    public static byte[] pushData(byte[] data) {
        if (data.length >= OP_PUSHDATA1) {
            throw new IllegalArgumentException("only direct pushes (under 76 bytes) are needed here: " + data.length);
        }
        byte[] out = new byte[data.length + 1];
        out[0] = (byte) data.length;
        System.arraycopy(data, 0, out, 1, data.length);
        return out;
    }

    /**
     * Reads the number a coinbase scriptSig starts with (its BIP-34 height), accepting exactly the
     * forms {@link #pushInt(long)} writes: {@code OP_0}, {@code OP_1NEGATE}, {@code OP_1..OP_16} or a
     * direct push of 1 to 8 bytes.
     *
     * @param scriptSig the coinbase input's script
     * @return the number, or empty if the script does not start with one
     */
    public static Optional<Long> decodeLeadingNumber(ByteString scriptSig) {
        if (scriptSig.isEmpty()) {
            return Optional.empty();
        }
        int op = scriptSig.byteAt(0) & 0xff;
        if (op == OP_0) {
            return Optional.of(0L);
        }
        if (op == OP_1NEGATE) {
            return Optional.of(-1L);
        }
        if (op >= OP_1 && op <= OP_16) {
            return Optional.of((long) (op - (OP_1 - 1)));
        }
        if (op >= 1 && op <= 8 && scriptSig.size() >= 1 + op) {
            return Optional.of(deserialize(scriptSig.slice(1, 1 + op).toByteArray()));
        }
        return Optional.empty();
    }
}
