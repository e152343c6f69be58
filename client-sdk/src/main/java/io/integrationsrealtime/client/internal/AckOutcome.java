package io.integrationsrealtime.client.internal;

import io.integrationsrealtime.client.IntegrationException;
import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import org.json.JSONObject;

/**
 * The decoded single argument of a request's ack: the success payload, or the failure. A payload
 * with a top-level {@code error} is a failure, either a refusal ({@code ErrorReply}) or a failed
 * run ({@code ExecutionFailed}, which also has an {@code executionId}); both become an
 * {@link IntegrationException}.
 */
public sealed interface AckOutcome<T> {

    record Success<T>(T value) implements AckOutcome<T> {
    }

    record Failure<T>(IntegrationException error) implements AckOutcome<T> {
    }

    /** Decodes the ack arguments; never throws (a malformed ack is a failure with code INTERNAL). */
    static <T> AckOutcome<T> decode(Object[] args, Class<T> successType, String requestId) {
        Object first = args == null || args.length == 0 ? null : args[0];
        if (!(first instanceof JSONObject json)) {
            return malformed(requestId, "the acknowledgement carried no JSON object");
        }
        try {
            if (JsonBridge.isFailure(json)) {
                return new Failure<>(failureOf(json, requestId));
            }
            return new Success<>(JsonBridge.fromJson(json, successType));
        } catch (RuntimeException e) {  // IllegalArgumentException from the mapper, JSONException from org.json
            return malformed(requestId, "the acknowledgement could not be read: " + e.getMessage());
        }
    }

    private static IntegrationException failureOf(JSONObject json, String requestId) {
        JSONObject errorObject = json.optJSONObject("error");
        if (errorObject == null) {
            throw new IllegalArgumentException("field 'error' is not an object");
        }
        ErrorInfo error = JsonBridge.fromJson(errorObject, ErrorInfo.class);
        String echoedRequestId = json.optString("requestId", null);
        String executionId = json.optString("executionId", null);
        return new IntegrationException(error, echoedRequestId != null ? echoedRequestId : requestId, executionId);
    }

    private static <T> AckOutcome<T> malformed(String requestId, String message) {
        return new Failure<>(new IntegrationException(ErrorCode.INTERNAL, message, requestId));
    }
}
