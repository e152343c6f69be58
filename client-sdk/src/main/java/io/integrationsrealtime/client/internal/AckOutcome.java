package io.integrationsrealtime.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.integrationsrealtime.client.IntegrationException;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import org.json.JSONObject;

/**
 * The decoded single argument of a request's ack: the success payload, or the failure. A payload
 * with a top-level {@code error} is a failure, either a refusal ({@code ErrorReply}) or a failed
 * run ({@code ExecutionFailed}, which also has an {@code executionId}); both become an
 * {@link IntegrationException}.
 *
 * <p>The argument is a Jackson {@link JsonNode} when {@link JacksonPacketDecoder} read the ack (the
 * usual case), or an org.json {@link JSONObject} when socket.io-client-java's own decoder did.
 */
public sealed interface AckOutcome<T> {

    record Success<T>(T value) implements AckOutcome<T> {
    }

    record Failure<T>(IntegrationException error) implements AckOutcome<T> {
    }

    /** Decodes the ack arguments; never throws (a malformed ack is a failure with code INTERNAL). */
    static <T> AckOutcome<T> decode(Object[] args, Class<T> successType, String requestId) {
        Object first = args == null || args.length == 0 ? null : args[0];
        try {
            // An org.json ack (the stock decoder's, rare) is read as the tree it would have been.
            JsonNode tree = first instanceof JSONObject json ? JsonBridge.fromJson(json, JsonNode.class)
                    : first instanceof JsonNode node ? node : null;
            if (tree == null || !tree.isObject()) {
                return malformed(requestId, "the acknowledgement carried no JSON object");
            }
            if (JsonBridge.isFailure(tree)) {
                return new Failure<>(failureOf(tree, requestId));
            }
            return new Success<>(JsonBridge.fromJson(tree, successType));
        } catch (RuntimeException e) {  // IllegalArgumentException from the mapper
            return malformed(requestId, "the acknowledgement could not be read: " + e.getMessage());
        }
    }

    private static IntegrationException failureOf(JsonNode json, String requestId) {
        JsonNode errorObject = json.get("error");
        if (!errorObject.isObject()) {
            throw new IllegalArgumentException("field 'error' is not an object");
        }
        ErrorInfo error = JsonBridge.fromJson(errorObject, ErrorInfo.class);
        String echoedRequestId = optString(json, "requestId");
        String executionId = optString(json, "executionId");
        return new IntegrationException(error, echoedRequestId != null ? echoedRequestId : requestId, executionId);
    }

    /** As org.json's {@code optString(key, null)}: null when absent or null, else the value as text. */
    private static String optString(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    private static <T> AckOutcome<T> malformed(String requestId, String message) {
        return new Failure<>(new IntegrationException(ErrorCode.INTERNAL, message, requestId));
    }
}
