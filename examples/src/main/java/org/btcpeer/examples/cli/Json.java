package org.btcpeer.examples.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON object for the CLI's {@code --json} output, built on Jackson's tree model: keys keep
 * their insertion order; values are strings, numbers, booleans, null, lists of those, or nested
 * objects. {@link #toString()} gives one line. The schemas each command prints are in docs/cli.md.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode node = NODES.objectNode();

    /**
     * Adds a field.
     *
     * @param key   the key
     * @param value a String, Number, Boolean, null, {@link Optional} (empty is null), {@link List} or {@link Json};
     *              anything else is written as its {@code toString()}
     * @return this object
     */
    public Json put(String key, Object value) {
        node.set(key, toNode(value));
        return this;
    }

    /**
     * Adds a number rounded half-up to a fixed number of decimals (NaN and infinities are null).
     *
     * @param key      the key
     * @param value    the value
     * @param decimals digits after the point
     * @return this object
     */
    public Json put(String key, double value, int decimals) {
        node.set(key, Double.isFinite(value)
                ? NODES.numberNode(BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP))
                : NODES.nullNode());
        return this;
    }

    private static JsonNode toNode(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case Optional<?> o -> toNode(o.orElse(null));
            case Json j -> j.node;
            case List<?> list -> {
                ArrayNode a = NODES.arrayNode(list.size());
                list.forEach(item -> a.add(toNode(item)));
                yield a;
            }
            case Boolean b -> NODES.booleanNode(b);
            case Double d when !d.isNaN() && !d.isInfinite() -> NODES.numberNode(d);
            case Float f when !f.isNaN() && !f.isInfinite() -> NODES.numberNode(f);
            case Double d -> NODES.nullNode();
            case Float f -> NODES.nullNode();
            case Number n -> MAPPER.valueToTree(n);
            default -> NODES.textNode(value.toString());
        };
    }

    @Override
    public String toString() {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that does not serialize: " + e.getMessage(), e);
        }
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
