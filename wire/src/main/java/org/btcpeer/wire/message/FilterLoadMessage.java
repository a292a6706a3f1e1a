package org.btcpeer.wire.message;

import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

import static org.btcpeer.wire.WireException.Rule;

/**
 * filterload (BIP-37): installs a bloom filter on the connection; only matching transactions are
 * then relayed and merkleblocks are sent for filtered block requests.
 *
 * <pre>[CompactSize len][len filter bytes][4 hash functions][4 tweak][1 flags]</pre>
 *
 * @param filter        the filter bits, at most {@link #MAX_FILTER_SIZE} bytes
 * @param hashFunctions the number of hash functions, at most {@link #MAX_HASH_FUNCTIONS}
 * @param tweak         the random tweak added to the hash seeds (unsigned 32-bit)
 * @param flags         the update flags ({@code BLOOM_UPDATE_NONE} 0, {@code _ALL} 1, {@code _P2PUBKEY_ONLY} 2)
 */
public record FilterLoadMessage(ByteString filter, long hashFunctions, long tweak, int flags) implements KnownMessage {

    /** Core's {@code MAX_BLOOM_FILTER_SIZE}. */
    public static final int MAX_FILTER_SIZE = 36_000;

    /** Core's {@code MAX_HASH_FUNCS}. */
    public static final int MAX_HASH_FUNCTIONS = 50;

    static final int MAX_PAYLOAD = 3 + MAX_FILTER_SIZE + 4 + 4 + 1;

    /**
     * Validates the caps.
     *
     * @param filter        at most 36,000 bytes
     * @param hashFunctions at most 50
     * @param tweak         unsigned 32-bit
     * @param flags         one byte
     */
    public FilterLoadMessage {
        Objects.requireNonNull(filter, "filter");
        if (filter.size() > MAX_FILTER_SIZE) {
            throw new IllegalArgumentException("filter larger than " + MAX_FILTER_SIZE + ": " + filter.size());
        }
        if (hashFunctions < 0 || hashFunctions > MAX_HASH_FUNCTIONS) {
            throw new IllegalArgumentException("hash functions must be 0.." + MAX_HASH_FUNCTIONS + ": " + hashFunctions);
        }
        if (tweak < 0 || tweak > 0xffffffffL) {
            throw new IllegalArgumentException("tweak must be unsigned 32-bit: " + tweak);
        }
        if (flags < 0 || flags > 255) {
            throw new IllegalArgumentException("flags must fit a byte: " + flags);
        }
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed or over a cap
     */
    public static FilterLoadMessage decode(WireReader r) throws WireException {
        ByteString filter = r.readVarBytes("filter", MAX_FILTER_SIZE);
        int at = r.position();
        long hashFunctions = r.readUInt32Le("hash functions");
        if (hashFunctions > MAX_HASH_FUNCTIONS) {
            throw r.errorAt("hash functions", at, Rule.OVER_CAP, hashFunctions + " > MAX_HASH_FUNCS " + MAX_HASH_FUNCTIONS);
        }
        long tweak = r.readUInt32Le("tweak");
        return new FilterLoadMessage(filter, hashFunctions, tweak, r.readUInt8("flags"));
    }

    @Override
    public Command command() {
        return Command.FILTERLOAD;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeVarBytes(filter).writeUInt32Le(hashFunctions).writeUInt32Le(tweak).writeUInt8(flags);
    }
}
