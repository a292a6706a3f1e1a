package org.btcpeer.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The documented {@code --json} schemas, read from the resource {@code cli-json-schema.tsv}
 * (command, field, type, always, meaning): field paths are dotted for nested objects and use
 * {@code []} for the elements of an array. Also renders them as the Markdown tables of docs/cli.md.
 */
final class CliJsonSchema {

    static final String RESOURCE = "/cli-json-schema.tsv";

    /**
     * One documented field.
     *
     * @param path    dotted path, {@code []} marking array elements
     * @param type    JSON type, {@code |null} when it may be null
     * @param always  whether the key is always present (in each element, for array element fields)
     * @param meaning one line
     */
    record Field(String path, String type, boolean always, String meaning) {
    }

    /** The JSON types a field may declare, joined with {@code |} for alternatives ({@code string|null}). */
    static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "number", "boolean", "null");

    private CliJsonSchema() {
    }

    /** The fields of every schema, by schema name, in file order. */
    static Map<String, List<Field>> load() throws IOException {
        Map<String, List<Field>> schemas = new LinkedHashMap<>();
        try (InputStream in = CliJsonSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("missing resource " + RESOURCE);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                if (c.length != 5 || !(c[3].equals("yes") || c[3].equals("no"))) {
                    throw new IOException("bad schema line: " + line);
                }
                for (String t : c[2].split("\\|", -1)) {
                    if (!TYPES.contains(t)) {
                        throw new IOException("unknown JSON type " + t + " (one of " + TYPES + "): " + line);
                    }
                }
                schemas.computeIfAbsent(c[0], k -> new ArrayList<>()).add(new Field(c[1], c[2], c[3].equals("yes"), c[4]));
            }
        }
        return schemas;
    }

    /** Every key path in a parsed object, in the resource's notation (arrays of scalars contribute only their own key). */
    static Set<String> paths(JsonNode object) {
        Set<String> out = new TreeSet<>();
        collect(object, "", out);
        return out;
    }

    private static void collect(JsonNode node, String prefix, Set<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = prefix + e.getKey();
                out.add(path);
                collect(e.getValue(), path + ".", out);
            }
        } else if (node.isArray()) {
            String element = prefix.substring(0, prefix.length() - 1) + "[].";
            node.forEach(item -> collect(item, element, out));
        }
    }

    /**
     * Every value of {@code object} whose JSON type is not its field's declared type, as
     * {@code path: declared TYPE, got KIND VALUE}; the values of an array element field are each
     * checked. An {@code integer} is a whole number; a {@code number} is any number (JSON Schema's
     * sense: an integer is a number too).
     */
    static Set<String> typeMismatches(List<Field> fields, JsonNode object) {
        Map<String, List<JsonNode>> values = new LinkedHashMap<>();
        collectValues(object, "", values);
        Set<String> out = new TreeSet<>();
        for (Field f : fields) {
            for (JsonNode v : values.getOrDefault(f.path(), List.of())) {
                if (!hasType(f.type(), v)) {
                    out.add(f.path() + ": declared " + f.type() + ", got " + v.getNodeType().name().toLowerCase() + " " + v);
                }
            }
        }
        return out;
    }

    /** Whether {@code value} is of one of the {@code |}-separated types in {@code declared}. */
    static boolean hasType(String declared, JsonNode value) {
        for (String t : declared.split("\\|")) {
            boolean match = switch (t) {
                case "object" -> value.isObject();
                case "array" -> value.isArray();
                case "string" -> value.isTextual();
                case "integer" -> value.isIntegralNumber();
                case "number" -> value.isNumber();
                case "boolean" -> value.isBoolean();
                case "null" -> value.isNull();
                default -> throw new IllegalArgumentException("unknown JSON type " + t);
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static void collectValues(JsonNode node, String prefix, Map<String, List<JsonNode>> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = prefix + e.getKey();
                out.computeIfAbsent(path, k -> new ArrayList<>()).add(e.getValue());
                collectValues(e.getValue(), path + ".", out);
            }
        } else if (node.isArray()) {
            String element = prefix.substring(0, prefix.length() - 1) + "[].";
            node.forEach(item -> collectValues(item, element, out));
        }
    }

    /** The Markdown tables, one per schema, as docs/cli.md holds them. */
    static String markdown(Map<String, List<Field>> schemas) {
        StringBuilder md = new StringBuilder();
        schemas.forEach((name, fields) -> {
            md.append("#### `").append(name).append("`\n\n| field | type | always | meaning |\n|---|---|---|---|\n");
            for (Field f : fields) {
                md.append("| `").append(f.path()).append("` | ").append(f.type()).append(" | ")
                        .append(f.always() ? "yes" : "no").append(" | ").append(f.meaning()).append(" |\n");
            }
            md.append('\n');
        });
        return md.toString();
    }
}
