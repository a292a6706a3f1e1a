package org.btcpeer.transport.v2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the BIP-324 CSV test vectors from the test classpath ({@code /bip324/*.csv}). */
final class Bip324Vectors {

    private static final HexFormat HEX = HexFormat.of();

    private Bip324Vectors() {
    }

    /** One CSV row: its 1-based data row number and its cells by column name. */
    record Row(int number, Map<String, String> cells) {
        String get(String column) {
            String v = cells.get(column);
            if (v == null) {
                throw new IllegalArgumentException("no column " + column);
            }
            return v;
        }

        byte[] hex(String column) {
            return Bip324Vectors.hex(get(column));
        }

        @Override
        public String toString() {
            return "row " + number;
        }
    }

    static List<Row> read(String fileName) {
        String text;
        try (InputStream in = Bip324Vectors.class.getResourceAsStream("/bip324/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException("test vector file missing from the classpath: " + fileName);
            }
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] lines = text.split("\r?\n");
        String[] header = lines[0].split(",", -1);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] cells = lines[i].split(",", -1);
            if (cells.length != header.length) {
                throw new IllegalStateException(fileName + " line " + (i + 1) + ": " + cells.length + " cells, expected " + header.length);
            }
            Map<String, String> map = new TreeMap<>();
            for (int c = 0; c < header.length; c++) {
                map.put(header[c], cells[c]);
            }
            rows.add(new Row(i, map));
        }
        return rows;
    }

    static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }
}
