package io.integrationsrealtime.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.integrationsrealtime.client.IntegrationException;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import org.json.JSONObject;

/**
 * Turns the argument of socket.io's {@code connect_error} into an {@link IntegrationException}.
 * A server that refuses the connection sends a JSON object; its code may sit at the top level
 * ({@code {"message":..,"code":..}}), under {@code data} (the Socket.IO v4 convention) or under
 * {@code error} (the protocol's error object). Anything else (an exception from the transport,
 * a timeout) is a plain connection failure.
 *
 * <p>CONNECT_ERROR packets are decoded by socket.io-client-java's own decoder (see
 * {@link JacksonPacketDecoder}), so the refusal is an org.json object; a Jackson object is read the
 * same way, should one ever arrive.
 */
public final class ConnectErrors {

    private ConnectErrors() {
    }

    /** Whether the argument is the server's refusal (the socket will not retry by itself). */
    public static boolean isServerRefusal(Object argument) {
        return argument instanceof JSONObject || argument instanceof JsonNode node && node.isObject();
    }

    public static IntegrationException toException(Object argument) {
        if (argument instanceof JsonNode node && node.isObject()) {
            argument = new JSONObject(node.toString());  // rare and small: not worth a second reader
        }
        if (argument instanceof JSONObject json) {
            JSONObject nested = json.optJSONObject("error");
            if (nested == null) {
                nested = json.optJSONObject("data");
            }
            String code = text(json, "code", nested == null ? null : text(nested, "code", null));
            String message = text(json, "message", nested == null ? null : text(nested, "message", null));
            ErrorCode parsed = ErrorCode.fromWire(code);
            if (parsed == ErrorCode.UNAUTHENTICATED) {
                return new IntegrationException(ErrorInfo.of(ErrorCode.UNAUTHENTICATED,
                        message == null ? "the server rejected the credentials" : message), null, null);
            }
            String text = "the server refused the connection" + (message == null ? "" : ": " + message)
                    + (code == null ? "" : " (" + code + ")");
            return new IntegrationException(ErrorCode.DISCONNECTED, text, null);
        }
        String detail = argument instanceof Throwable t && t.getMessage() != null ? ": " + t.getMessage() : "";
        return new IntegrationException(ErrorCode.DISCONNECTED, "could not connect" + detail, null);
    }

    /**
     * The field as text, or {@code fallback} when it is absent or JSON null. Not {@code optString}
     * alone: for a JSON null Android's org.json gives the text "null", the org.json jar the fallback.
     */
    private static String text(JSONObject json, String key, String fallback) {
        return json.isNull(key) ? fallback : json.optString(key, fallback);
    }
}
