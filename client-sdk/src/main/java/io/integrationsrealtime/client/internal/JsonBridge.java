package io.integrationsrealtime.client.internal;

import io.integrationsrealtime.protocol.ProtocolJson;
import org.json.JSONObject;

/**
 * The only place where protocol records meet org.json, the JSON model of socket.io-client-java.
 * It goes through JSON text with {@link ProtocolJson}, so the wire form is exactly the one the
 * records' annotations define (timestamps, omitted nulls) on both sides.
 */
public final class JsonBridge {

    private JsonBridge() {
    }

    /**
     * A record as the JSONObject to emit. socket.io-client-java would send any other object as
     * its {@code toString()}, which the server cannot decode.
     *
     * @throws IllegalArgumentException when the value cannot be written as a JSON object
     */
    public static JSONObject toJson(Object record) {
        String text;
        try {
            text = ProtocolJson.write(record);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("payload is not JSON-serialisable: " + e.getMessage(), e);
        }
        return new JSONObject(text);
    }

    /**
     * A received argument as a record.
     *
     * @throws IllegalArgumentException when the argument is not a JSON object of that shape
     */
    public static <T> T fromJson(Object argument, Class<T> type) {
        if (!(argument instanceof JSONObject json)) {
            throw new IllegalArgumentException("expected a JSON object, got "
                    + (argument == null ? "nothing" : argument.getClass().getSimpleName()));
        }
        return ProtocolJson.read(json.toString(), type);
    }

    /** Whether an outcome payload reports a failure: it has a top-level {@code error} field. */
    public static boolean isFailure(JSONObject outcome) {
        return outcome.has("error") && !outcome.isNull("error");
    }
}
