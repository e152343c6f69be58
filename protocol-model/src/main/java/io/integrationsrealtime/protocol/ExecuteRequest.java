package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code integration:execute}: run {@code endpoint} of an integration with free-form params.
 * Checked by {@link RequestRules#check(ExecuteRequest)}.
 *
 * @param projectId     the project, 24 lowercase hex characters
 * @param integrationId the integration, 24 lowercase hex characters, belonging to that project
 * @param endpoint      the endpoint to run, matching {@link RequestRules#ENDPOINT}, e.g.
 *                      {@code getUserTweets}
 * @param params        the endpoint's parameters: a free-form JSON object, deep unmodifiable
 *                      copy; never {@code null} (missing reads as empty)
 * @param requestData   further free-form request data, same rules as {@code params}
 * @param requestId     the client's correlation id, or {@code null}; also the idempotency key: the
 *                      same principal repeating it within the server's window gets the first
 *                      outcome without a second run
 * @param traceparent   optional W3C Trace Context {@code traceparent} of the client's span, e.g.
 *                      {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}, or
 *                      {@code null}: the server's span continues that trace (see
 *                      {@link RequestRules#isTraceparent}; a malformed one is ignored)
 * @param tracestate    optional W3C Trace Context {@code tracestate} sent with it, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecuteRequest(
        @JsonProperty("projectId") String projectId,
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("requestData") Map<String, Object> requestData,
        @JsonProperty("requestId") String requestId,
        @JsonProperty("traceparent") String traceparent,
        @JsonProperty("tracestate") String tracestate) implements Request {

    /**
     * Creates a request, copying the maps deeply.
     *
     * @param projectId     the project
     * @param integrationId the integration
     * @param endpoint      the endpoint to run
     * @param params        free-form JSON object (maps, lists, strings, numbers, booleans,
     *                      nulls); {@code null} becomes empty
     * @param requestData   free-form JSON object; {@code null} becomes empty
     * @param requestId     the correlation id, or {@code null}
     * @param traceparent   the W3C {@code traceparent}, or {@code null}
     * @param tracestate    the W3C {@code tracestate}, or {@code null}
     */
    public ExecuteRequest {
        params = JsonObjects.copyOf(params);
        requestData = JsonObjects.copyOf(requestData);
    }

    /**
     * Creates a request without trace context, copying the maps deeply.
     *
     * @param projectId     the project
     * @param integrationId the integration
     * @param endpoint      the endpoint to run
     * @param params        free-form JSON object; {@code null} becomes empty
     * @param requestData   free-form JSON object; {@code null} becomes empty
     * @param requestId     the correlation id, or {@code null}
     */
    public ExecuteRequest(String projectId, String integrationId, String endpoint, Map<String, Object> params,
                          Map<String, Object> requestData, String requestId) {
        this(projectId, integrationId, endpoint, params, requestData, requestId, null, null);
    }

    /**
     * The same request with another correlation id.
     *
     * @param newRequestId the id, or {@code null}
     * @return a copy with {@code requestId} replaced
     */
    public ExecuteRequest withRequestId(String newRequestId) {
        return new ExecuteRequest(projectId, integrationId, endpoint, params, requestData, newRequestId,
                traceparent, tracestate);
    }

    /**
     * The same request carrying another W3C trace context.
     *
     * @param newTraceparent the {@code traceparent}, or {@code null}
     * @param newTracestate  the {@code tracestate}, or {@code null}
     * @return a copy with both replaced
     */
    public ExecuteRequest withTraceContext(String newTraceparent, String newTracestate) {
        return new ExecuteRequest(projectId, integrationId, endpoint, params, requestData, requestId,
                newTraceparent, newTracestate);
    }
}
