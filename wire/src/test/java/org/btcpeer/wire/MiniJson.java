package org.btcpeer.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough JSON for the test vectors the project copies from Bitcoin Core and the BIPs (arrays,
 * strings with simple escapes, numbers, literals), so the library modules' tests need no JSON
 * library. Numbers and literals are returned as their text.
 */
public final class MiniJson {

    /**
     * Parses a whole document.
     *
     * @param json the text
     * @return a {@code List<Object>} for an array, a {@code String} for a string, number or literal
     */
    public static Object parse(String json) {
        return new MiniJson(json).document();
    }

    private final String s;
    private int i;

    private MiniJson(String s) {
        this.s = s;
    }

    private Object document() {
        Object v = value();
        skipSpace();
        if (i != s.length()) {
            throw new IllegalStateException("trailing JSON at " + i);
        }
        return v;
    }

    private Object value() {
        skipSpace();
        char c = s.charAt(i);
        if (c == '[') {
            i++;
            List<Object> list = new ArrayList<>();
            skipSpace();
            if (s.charAt(i) == ']') {
                i++;
                return list;
            }
            while (true) {
                list.add(value());
                skipSpace();
                char d = s.charAt(i++);
                if (d == ']') {
                    return list;
                }
                if (d != ',') {
                    throw new IllegalStateException("expected , or ] at " + (i - 1));
                }
            }
        }
        if (c == '"') {
            StringBuilder sb = new StringBuilder();
            i++;
            while (s.charAt(i) != '"') {
                char d = s.charAt(i++);
                if (d == '\\') {
                    char e = s.charAt(i++);
                    sb.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> e; // \" \\ \/
                    });
                } else {
                    sb.append(d);
                }
            }
            i++;
            return sb.toString();
        }
        int start = i;
        while (i < s.length() && ",]} \n\r\t".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return s.substring(start, i); // number or literal, kept as text
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }
}
