package org.btcpeer.wire.message;

import java.util.List;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * The codec shared by getblocks and getheaders: a protocol version, a block locator (hashes from
 * the tip back towards genesis, at most {@link #MAX_LOCATOR}) and a stop hash.
 *
 * <pre>[4 version][CompactSize count][count × 32 hash][32 stop hash]</pre>
 */
final class BlockLocatorCodec {

    /** Core's {@code MAX_LOCATOR_SZ}: a longer locator disconnects the peer. */
    static final int MAX_LOCATOR = 101;

    /** The largest payload: version, 1-byte count (101 &lt; 0xfd), 101 hashes, stop hash. */
    static final int MAX_PAYLOAD = 4 + 1 + MAX_LOCATOR * 32 + 32;

    private BlockLocatorCodec() {
    }

    /** The decoded fields, before they become one of the two records. */
    record Fields(int version, List<Hash256> locator, Hash256 stopHash) {
    }

    static Fields read(WireReader r) throws WireException {
        int version = r.readInt32Le("version");
        List<Hash256> locator = FilterFields.readHashes(r, "locator", MAX_LOCATOR);
        return new Fields(version, locator, r.readHash("stop hash"));
    }

    static void write(WireWriter w, int version, List<Hash256> locator, Hash256 stopHash) {
        w.writeInt32Le(version);
        FilterFields.writeHashes(w, locator);
        w.writeHash(stopHash);
    }

    static List<Hash256> checked(List<Hash256> locator) {
        List<Hash256> copy = List.copyOf(locator);
        if (copy.size() > MAX_LOCATOR) {
            throw new IllegalArgumentException("a locator holds at most " + MAX_LOCATOR + " hashes, got " + copy.size());
        }
        return copy;
    }
}
