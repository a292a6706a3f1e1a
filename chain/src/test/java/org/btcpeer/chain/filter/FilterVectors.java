package org.btcpeer.chain.filter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.MiniJson;

/** The BIP-158 vectors of {@code blockfilters.json} (see the README next to it), parsed once. */
final class FilterVectors {

    /**
     * One row.
     *
     * @param height         block height on testnet3
     * @param blockHash      the block hash
     * @param block          the serialized block
     * @param spentScripts   the scripts of the outputs the block spends
     * @param previousHeader the previous basic filter header
     * @param filter         the basic filter
     * @param header         the basic filter header
     * @param notes          what the row tests
     */
    record Vector(int height, Hash256 blockHash, ByteString block, List<ByteString> spentScripts,
                  Hash256 previousHeader, ByteString filter, Hash256 header, String notes) {
        @Override
        public String toString() {
            return height + (notes.isEmpty() ? "" : " (" + notes + ")");
        }
    }

    static final List<Vector> ALL = load();

    private FilterVectors() {
    }

    @SuppressWarnings("unchecked")
    private static List<Vector> load() {
        String json;
        try (InputStream in = FilterVectors.class.getResourceAsStream("blockfilters.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Object> rows = (List<Object>) MiniJson.parse(json);
        List<Vector> out = new ArrayList<>();
        for (Object o : rows.subList(1, rows.size())) { // row 0 names the columns
            List<Object> r = (List<Object>) o;
            List<ByteString> spent = new ArrayList<>();
            for (Object s : (List<Object>) r.get(3)) {
                spent.add(ByteString.fromHex((String) s));
            }
            out.add(new Vector(Integer.parseInt((String) r.get(0)), Hash256.fromHex((String) r.get(1)),
                    ByteString.fromHex((String) r.get(2)), List.copyOf(spent), Hash256.fromHex((String) r.get(4)),
                    ByteString.fromHex((String) r.get(5)), Hash256.fromHex((String) r.get(6)), (String) r.get(7)));
        }
        return List.copyOf(out);
    }

}
