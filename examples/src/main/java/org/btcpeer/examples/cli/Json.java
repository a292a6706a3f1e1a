package org.btcpeer.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON object written by hand (no JSON library): keys keep their insertion order; values are
 * strings, numbers, booleans, null, lists of those, or nested objects. {@link #toString()} gives one
 * line.
 */
public final class Json {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    /**
     * Adds a field.
     *
     * @param key   the key
     * @param value a String, Number, Boolean, null, {@link Optional} (empty is null), {@link List} or {@link Json}
     * @return this object
     */
    public Json put(String key, Object value) {
        fields.put(key, value instanceof Optional<?> o ? o.orElse(null) : value);
        return this;
    }

    /**
     * Adds a number rounded to a fixed number of decimals.
     *
     * @param key      the key
     * @param value    the value
     * @param decimals digits after the point
     * @return this object
     */
    public Json put(String key, double value, int decimals) {
        fields.put(key, new Raw(String.format(Locale.ROOT, "%." + decimals + "f", value)));
        return this;
    }

    /** A pre-formatted number. */
    private record Raw(String text) {
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        write(sb, this);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("null");
            case Json j -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, Object> e : j.fields.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    string(sb, e.getKey());
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            }
            case List<?> list -> {
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(sb, list.get(i));
                }
                sb.append(']');
            }
            case Raw r -> sb.append(r.text);
            case Boolean b -> sb.append(b);
            case Double d when d.isNaN() || d.isInfinite() -> sb.append("null");
            case Float f when f.isNaN() || f.isInfinite() -> sb.append("null");
            case Number n -> sb.append(n);
            default -> string(sb, v.toString());
        }
    }

    /**
     * Appends a JSON string literal, escaping quotes, backslashes and control characters.
     *
     * @param sb the output
     * @param s  the text
     */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * A list for a JSON array.
     *
     * @param items the items
     * @return an immutable-content copy
     */
    public static List<Object> array(List<?> items) {
        return new ArrayList<>(items);
    }
}
