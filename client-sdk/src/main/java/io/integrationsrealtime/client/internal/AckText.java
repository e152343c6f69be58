package io.integrationsrealtime.client.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.integrationsrealtime.protocol.ProtocolJson;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A successful ack bound from its packet text without a JSON tree; see {@link #decodeSuccess}. */
final class AckText {

    /** Readers of the success types, by type (few: the protocol's answers). */
    private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();
    private static final JsonFactory JSON = ProtocolJson.mapper().getFactory();

    private AckText() {
    }

    /**
     * The success read straight from an ack's text, without a tree, when the text is plainly one:
     * {@code chars[start..]} is a JSON array of exactly one object with no non-null top-level
     * {@code error}, no duplicate keys, nothing after the array, and it binds to
     * {@code successType}. Otherwise null, and the caller reads it as a tree
     * ({@link AckOutcome#decode}), which decides failures and malformed input as before.
     *
     * <p>Why: building a {@code JsonNode} tree of every ack and binding the record from it was the
     * largest part of the client's own CPU per request (docs/benchmarks-sdk.md). Two passes over
     * the text (a scan of the top-level keys, then binding) cost less than one tree.
     */
    static <T> AckOutcome<T> decodeSuccess(char[] chars, int start, Class<T> successType) {
        int length = chars.length - start;
        try {
            try (JsonParser scan = JSON.createParser(chars, start, length)) {
                scan.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
                if (scan.nextToken() != JsonToken.START_ARRAY || scan.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                while (scan.nextToken() == JsonToken.FIELD_NAME) {
                    String name = scan.currentName();
                    if (scan.nextToken() != JsonToken.VALUE_NULL && "error".equals(name)) {
                        return null;  // a failure: read as a tree
                    }
                    scan.skipChildren();
                }
                if (scan.nextToken() != JsonToken.END_ARRAY || scan.nextToken() != null) {
                    return null;
                }
            }
            try (JsonParser bind = JSON.createParser(chars, start, length)) {
                bind.nextToken();
                bind.nextToken();
                return new AckOutcome.Success<>(readerFor(successType).readValue(bind));
            }
        } catch (Exception notPlain) {  // IOException, a binding failure, a parser constraint exceeded
            return null;
        }
    }

    private static ObjectReader readerFor(Class<?> type) {
        ObjectReader reader = READERS.get(type);
        if (reader == null) {
            // The record is bound inside the arguments array: the array's end follows it.
            reader = ProtocolJson.mapper().readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            READERS.put(type, reader);
        }
        return reader;
    }

}
