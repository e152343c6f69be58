package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one ObjectMapper configuration both sides use. The records carry their own annotations
 * (timestamps, nulls, unknown fields), so another mapper, such as netty-socketio's, writes the
 * same JSON; this one adds strictness for reading requests: a number or boolean where a string
 * is expected, or a string or fraction where an integer is expected, is refused rather than
 * coerced; trailing tokens are refused; unknown fields are ignored. Thread-safe.
 */
public final class ProtocolJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // Ids and names are JSON strings: a number or boolean for a String field is refused
            // rather than bound as its text (free-form maps bind to Object and are not affected).
            .withCoercionConfig(LogicalType.Textual, strings -> strings
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            // And the other way round: number fields (lastSeq, seq) take JSON integers only, not
            // their text or a fraction (Jackson would truncate 1.5 to 1); boolean fields only booleans.
            .withCoercionConfig(LogicalType.Integer, integers -> integers
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, booleans -> booleans
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .build();

    /** Per record class, a reader made once: its type and deserializer are not looked up per request. */
    private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

    private ProtocolJson() {
    }

    /**
     * The shared, fully configured mapper, e.g. to read or write the protocol's records in a test
     * or a custom client.
     *
     * @return the mapper; do not reconfigure it (use {@code mapper().copy()} for changes)
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Writes a value, typically one of the protocol's records, as JSON text.
     *
     * @param value what to write
     * @return the JSON text
     * @throws java.io.UncheckedIOException when Jackson cannot write the value
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a record from JSON text.
     *
     * @param <T>  the record type
     * @param json the JSON text
     * @param type the record class, e.g. {@code ExecuteRequest.class}
     * @return the record
     * @throws IllegalArgumentException when the text is not JSON or does not fit the type; the
     *                                  message names the offending field when there is one and
     *                                  never echoes the input
     */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    /**
     * Reads a record from a JSON tree.
     *
     * @param <T>  the record type
     * @param tree the JSON tree
     * @param type the record class
     * @return the record
     * @throws IllegalArgumentException when the tree does not fit the type; the message names the
     *                                  offending field when there is one and never echoes the input
     */
    public static <T> T read(JsonNode tree, Class<T> type) {
        try {
            if (tree == null) {
                return null;
            }
            return READERS.computeIfAbsent(type, MAPPER::readerFor).readValue(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        } catch (IOException cannotHappenOnATree) {
            throw new IllegalArgumentException("malformed JSON payload", cannotHappenOnATree);
        }
    }

    /**
     * Converts a value to a JSON tree, as {@link #write} would write it.
     *
     * @param value what to convert
     * @return the tree
     * @throws IllegalArgumentException when Jackson cannot convert the value
     */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** A short description of what is wrong, without echoing the input back. */
    private static String describe(JsonProcessingException e) {
        String path = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                ? m.getPath().get(m.getPath().size() - 1).getFieldName()
                : null;
        return path == null ? "malformed JSON payload" : "field '" + path + "' has the wrong type";
    }
}
