package io.integrationsrealtime.client.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.integrationsrealtime.protocol.ProtocolJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * The only place where protocol records meet socket.io-client-java's arguments. Records are
 * written and read by {@link ProtocolJson}'s mapper, so the wire form is exactly the one the
 * records' annotations define (timestamps, omitted nulls) on both sides.
 *
 * <p>The hot path bypasses org.json: a request goes out as {@link #toJsonText} (the record's JSON
 * written once by Jackson, which {@link JacksonPacketEncoder} copies into the packet), and events
 * and acks arrive as Jackson {@link JsonNode}s ({@link JacksonPacketDecoder}), bound directly. A
 * received {@link JsonNode} binds as its wire text would through the mapper.
 *
 * <p>The org.json side remains for packets socket.io-client-java decodes itself (and
 * {@link #toJson} for an org.json object to send). It converts through token streams, not JSON
 * text: the bridge used to write a record to text and parse it with org.json (and the reverse for
 * received objects), so every request and ack was encoded and decoded twice. Here the mapper
 * writes into a {@link TokenBuffer} whose tokens become org.json values directly, and a received
 * org.json tree is replayed as tokens into the mapper. The values are the ones the text round trip
 * gave: numbers keep integer or decimal form, nulls are {@code JSONObject.NULL}. Anything
 * unexpected (a value type org.json did not produce) falls back to the text round trip.
 */
public final class JsonBridge {

    private static final ObjectMapper MAPPER = ProtocolJson.mapper();
    /** The mapper, stopping at the first byte array: such a record goes out as a binary packet. */
    private static final ObjectMapper TEXT_ONLY = MAPPER.copy().registerModule(new SimpleModule("binary detector")
            .addSerializer(byte[].class, new StdSerializer<byte[]>(byte[].class) {
                @Override
                public void serialize(byte[] value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                    throw new HasBinary();
                }
            }));

    private JsonBridge() {
    }

    /**
     * A record as the JSONObject to emit. socket.io-client-java would send any other object as
     * its {@code toString()}, which the server cannot decode.
     *
     * @throws IllegalArgumentException when the value cannot be written as a JSON object
     */
    public static JSONObject toJson(Object record) {
        TokenBuffer tokens = new TokenBuffer(MAPPER, false);
        try {
            MAPPER.writeValue(tokens, record);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("payload is not JSON-serialisable: " + e.getMessage(), e);
        }
        try (JsonParser parser = tokens.asParser()) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("payload is not a JSON object");
            }
            return readObject(parser);
        } catch (IOException e) {
            // Not expected from an in-memory buffer: fall back to JSON text.
            return new JSONObject(ProtocolJson.write(record));
        }
    }

    /**
     * A record as the argument to emit: its JSON text, written once by the mapper, which
     * {@link JacksonPacketEncoder} copies into the packet (no org.json tree built or written).
     *
     * @throws IllegalArgumentException when the value cannot be written as a JSON object
     */
    public static JsonText toJsonText(Object record) {
        String text;
        try {
            text = MAPPER.writeValueAsString(record);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("payload is not JSON-serialisable: " + e.getMessage(), e);
        }
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw new IllegalArgumentException("payload is not a JSON object");
        }
        return new JsonText(text);
    }

    /**
     * A record as the argument to emit: its {@link JsonText}, or, when it holds byte arrays (in
     * {@code params} or {@code requestData}), an org.json object with those arrays in it, which
     * socket.io-client-java sends as a binary packet (each array an attachment): byte arrays go
     * to the server as bytes, never as base64 text.
     *
     * @throws IllegalArgumentException when the value cannot be written as a JSON object
     */
    public static Object toArgument(Object record) {
        String text;
        try {
            text = TEXT_ONLY.writeValueAsString(record);
        } catch (IOException | RuntimeException e) {
            if (hasBinary(e)) {
                return toJson(record);
            }
            throw new IllegalArgumentException("payload is not JSON-serialisable: " + e.getMessage(), e);
        }
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw new IllegalArgumentException("payload is not a JSON object");
        }
        return new JsonText(text);
    }

    private static boolean hasBinary(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HasBinary) {
                return true;
            }
        }
        return false;
    }

    /**
     * A JSON object's text, emitted as an argument that {@link JacksonPacketEncoder} writes as is.
     *
     * <p>Deliberately not an org.json {@code JSONString} (which the org.json jar's writer would
     * also copy verbatim): Android's built-in org.json has no such interface, so the class would
     * not load there, and its writer would send the text as a quoted string. Only
     * {@link JacksonPacketEncoder} may send it; socket.io's stock encoder would quote it.
     * {@code toString()} is the text, for socket.io's debug logging.
     */
    public record JsonText(String json) {

        @Override
        public String toString() {
            return json;
        }
    }

    /**
     * A received argument as a record: a Jackson {@link JsonNode} (from {@link JacksonPacketDecoder})
     * or an org.json {@link JSONObject} (from socket.io-client-java's own decoder).
     *
     * @throws IllegalArgumentException when the argument is not a JSON object of that shape
     */
    public static <T> T fromJson(Object argument, Class<T> type) {
        if (argument instanceof JsonNode node) {
            return fromTree(node, type);
        }
        if (!(argument instanceof JSONObject json)) {
            throw new IllegalArgumentException("expected a JSON object, got "
                    + (argument == null ? "nothing" : argument.getClass().getSimpleName()));
        }
        TokenBuffer tokens = new TokenBuffer(MAPPER, false);
        try {
            writeObject(tokens, json);
        } catch (IOException unexpectedValue) {
            return ProtocolJson.read(json.toString(), type);
        }
        try (JsonParser parser = tokens.asParser()) {
            return MAPPER.readValue(parser, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON payload", e);
        }
    }

    private static <T> T fromTree(JsonNode node, Class<T> type) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, got " + node.getNodeType());
        }
        try (JsonParser parser = MAPPER.treeAsTokens(node)) {
            return MAPPER.readValue(parser, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON payload", e);
        }
    }

    /** Whether an outcome payload reports a failure: it has a top-level {@code error} field. */
    public static boolean isFailure(JSONObject outcome) {
        return outcome.has("error") && !outcome.isNull("error");
    }

    /** {@link #isFailure(JSONObject)} for a Jackson tree. */
    public static boolean isFailure(JsonNode outcome) {
        return outcome.hasNonNull("error");
    }

    // ---- Jackson tokens -> org.json ----

    private static JSONObject readObject(JsonParser parser) throws IOException {
        JSONObject object = new JSONObject();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            object.put(name, readValue(parser));
        }
        return object;
    }

    private static JSONArray readArray(JsonParser parser) throws IOException {
        JSONArray array = new JSONArray();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.put(readValue(parser));
        }
        return array;
    }

    private static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> JSONObject.NULL;
            // A byte array: socket.io-client-java sends it as a binary attachment.
            case VALUE_EMBEDDED_OBJECT -> {
                if (parser.getEmbeddedObject() instanceof byte[] bytes) {
                    yield bytes;
                }
                throw new IOException("unexpected embedded value");
            }
            default -> throw new IOException("unexpected token " + token);
        };
    }

    // ---- org.json -> Jackson tokens ----

    private static void writeObject(TokenBuffer out, JSONObject object) throws IOException {
        out.writeStartObject();
        Iterator<String> keys = object.keys();
        while (keys.hasNext()) {
            String key = keys.next();
            out.writeFieldName(key);
            writeValue(out, object.opt(key));
        }
        out.writeEndObject();
    }

    private static void writeArray(TokenBuffer out, JSONArray array) throws IOException {
        out.writeStartArray();
        for (int i = 0, n = array.length(); i < n; i++) {
            writeValue(out, array.opt(i));
        }
        out.writeEndArray();
    }

    private static void writeValue(TokenBuffer out, Object value) throws IOException {
        if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof JSONObject object) {
            writeObject(out, object);
        } else if (value instanceof JSONArray array) {
            writeArray(out, array);
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            writeIntegral(out, ((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            writeIntegral(out, big);
        } else if (value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
            writeDecimal(out, (Number) value);
        } else if (value == null || JSONObject.NULL.equals(value)) {
            out.writeNull();
        } else if (value instanceof byte[] bytes) {
            out.writeBinary(bytes);  // an attachment socket.io-client-java put back in place: bound as byte[]
        } else {
            throw new UnexpectedValue();
        }
    }

    /**
     * As the text round trip: org.json writes the number with {@code numberToString} (which drops
     * a trailing ".0"), and the mapper then reads an integer or a double from that text.
     */
    private static void writeDecimal(TokenBuffer out, Number number) throws IOException {
        if ((number instanceof Double || number instanceof Float) && !Double.isFinite(number.doubleValue())) {
            // Android's org.json parser reads NaN, Infinity and 1e400 as such doubles; JSON has no
            // such numbers, and the text round trip cannot write them either.
            throw new IllegalArgumentException("malformed JSON payload: a number is not finite");
        }
        String text;
        try {
            text = JSONObject.numberToString(number);
        } catch (Exception notWritable) {  // Android's JSONException is checked, not a RuntimeException
            throw new UnexpectedValue();
        }
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            writeIntegral(out, new BigInteger(text));
        } else {
            out.writeNumber(Double.parseDouble(text));
        }
    }

    /** The smallest of int, long and BigInteger, as the mapper's text parser picks it. */
    private static void writeIntegral(TokenBuffer out, BigInteger value) throws IOException {
        if (value.bitLength() < 64) {
            writeIntegral(out, value.longValue());
        } else {
            out.writeNumber(value);
        }
    }

    private static void writeIntegral(TokenBuffer out, long value) throws IOException {
        if (value == (int) value) {
            out.writeNumber((int) value);
        } else {
            out.writeNumber(value);
        }
    }

    /** Same messages as {@link ProtocolJson#read(String, Class)}: what is wrong, never the input. */
    private static String describe(JsonProcessingException e) {
        String path = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? m.getPath().get(m.getPath().size() - 1).getFieldName()
                : null;
        return path == null ? "malformed JSON payload" : "field '" + path + "' has the wrong type";
    }

    /** Thrown, without a stack trace, while writing a record that holds a byte array. */
    private static final class HasBinary extends JsonProcessingException {
        HasBinary() {
            super("binary value");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** A value in an org.json tree that its parser does not produce; the text path handles it. */
    private static final class UnexpectedValue extends IOException {
        UnexpectedValue() {
            super("unexpected value type");
        }
    }
}
