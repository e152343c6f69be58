package io.integrationsrealtime.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.util.RawValue;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.integrationsrealtime.server.internal.engine.Placeholders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Byte arrays in what the server sends. A result with {@code byte[]} values goes out as a binary
 * Socket.IO packet (each array an attachment, which clients turn back into bytes), never as
 * base64 text; the idempotency store keeps such an outcome as a JSON array, the payload with its
 * placeholders first and then each attachment in base64, and a retry gets the bytes back.
 * Room events (webhooks, usage) are written once as JSON for every recipient and refuse binary.
 */
final class BinaryPayloads {

    /** ProtocolJson's mapper, writing byte arrays as placeholders collected per thread. */
    private static final ObjectMapper PLACEHOLDERS = ProtocolJson.mapper().copy().registerModule(BinaryPlaceholders.module());

    private BinaryPayloads() {
    }

    /**
     * An outcome written once for the ack and the idempotency store: a {@link RawValue} of its
     * JSON, or, when it holds byte arrays, an {@link Outcome} that goes out as a binary packet.
     *
     * @throws RuntimeException when the payload cannot be written as JSON
     */
    static RawValue writtenOnce(Object payload) {
        List<byte[]> attachments = BinaryPlaceholders.clear();
        String json;
        try {
            json = PLACEHOLDERS.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (attachments.isEmpty()) {
            return new RawValue(json);
        }
        return new Outcome(stored(json, attachments), payload);
    }

    /** A stored outcome as it is to be sent again: the bytes of a binary one restored. */
    static Object restore(Object stored) {
        JsonNode array = null;
        if (stored instanceof JsonNode tree) {
            array = tree;
        } else if (stored instanceof RawValue raw && raw.rawValue() instanceof String text && text.startsWith("[")) {
            try {
                array = ProtocolJson.mapper().readTree(text);
            } catch (JsonProcessingException e) {
                return stored;
            }
        }
        if (array == null || !array.isArray() || array.size() < 2 || !array.get(0).isObject()) {
            return stored;
        }
        List<byte[]> attachments = new ArrayList<>(array.size() - 1);
        for (int i = 1; i < array.size(); i++) {
            attachments.add(Base64.getDecoder().decode(array.get(i).asText()));
        }
        JsonNode payload = Placeholders.fillTree(array.get(0).deepCopy(), attachments);
        try {
            return new Outcome(array.toString(), ProtocolJson.mapper().treeToValue(payload, Map.class));
        } catch (JsonProcessingException e) {
            return stored;
        }
    }

    /** Whether a value (maps and lists of it included) holds a byte array. */
    static boolean contains(Object value) {
        if (value instanceof byte[]) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            for (Object item : map.values()) {
                if (contains(item)) {
                    return true;
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (contains(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code [json, "base64", ...]}: the stored form of a binary outcome. */
    private static String stored(String json, List<byte[]> attachments) {
        StringBuilder out = new StringBuilder(json.length() + 32).append('[').append(json);
        for (byte[] attachment : attachments) {
            out.append(",\"").append(Base64.getEncoder().encodeToString(attachment)).append('"');
        }
        return out.append(']').toString();
    }

    /**
     * A binary outcome: its stored form as the raw value (what an idempotency store keeps), and the
     * payload itself, which any Jackson-based JSON support writes with its binary attachments.
     */
    static final class Outcome extends RawValue {

        private final Object payload;

        Outcome(String storedForm, Object payload) {
            super(storedForm);
            this.payload = payload;
        }

        @Override
        public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
            provider.defaultSerializeValue(payload, generator);
        }

        @Override
        public void serializeWithType(JsonGenerator generator, SerializerProvider provider, TypeSerializer types)
                throws IOException {
            serialize(generator, provider);
        }
    }
}
