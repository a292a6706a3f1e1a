package org.btcpeer.wire.message;

import java.util.List;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/** Field helpers shared by the BIP-157 messages (the filter type byte) and by hash lists (BIP-157, block locators). */
final class FilterFields {

    private FilterFields() {
    }

    static void checkType(int filterType) {
        if (filterType < 0 || filterType > 255) {
            throw new IllegalArgumentException("filter type must fit a byte: " + filterType);
        }
    }

    static List<Hash256> readHashes(WireReader r, String field, int cap) throws WireException {
        int n = r.readCount(field + " count", cap, Hash256.LENGTH);
        Hash256[] out = new Hash256[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.readHash(field);
        }
        return List.of(out);
    }

    static void writeHashes(WireWriter w, List<Hash256> hashes) {
        w.writeCompactSize(hashes.size());
        for (Hash256 h : hashes) {
            w.writeHash(h);
        }
    }
}
