package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code integration:test}: run the integration's health check. Checked by
 * {@link RequestRules#check(TestRequest)}.
 *
 * @param projectId     the project, 24 lowercase hex characters
 * @param integrationId the integration, 24 lowercase hex characters, belonging to that project
 * @param endpoint      {@value #HEALTH_CHECK} or {@code null}; any other value is refused with
 *                      {@code INVALID_REQUEST}
 * @param requestId     the client's correlation id, or {@code null}
 * @param traceparent   optional W3C Trace Context {@code traceparent} of the client's span, or
 *                      {@code null}; as in {@link ExecuteRequest}
 * @param tracestate    optional W3C Trace Context {@code tracestate}, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestRequest(
        @JsonProperty("projectId") String projectId,
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("requestId") String requestId,
        @JsonProperty("traceparent") String traceparent,
        @JsonProperty("tracestate") String tracestate) implements Request {

    /** The only endpoint a test runs; also the value assumed when a request omits it. */
    public static final String HEALTH_CHECK = "healthCheck";

    /**
     * A request without trace context.
     *
     * @param projectId     the project
     * @param integrationId the integration
     * @param endpoint      {@value #HEALTH_CHECK} or {@code null}
     * @param requestId     the correlation id, or {@code null}
     */
    public TestRequest(String projectId, String integrationId, String endpoint, String requestId) {
        this(projectId, integrationId, endpoint, requestId, null, null);
    }

    /**
     * A health-check request.
     *
     * @param projectId     the project
     * @param integrationId the integration
     * @param requestId     the correlation id, or {@code null}
     * @return the request, with endpoint {@value #HEALTH_CHECK}
     */
    public static TestRequest of(String projectId, String integrationId, String requestId) {
        return new TestRequest(projectId, integrationId, HEALTH_CHECK, requestId);
    }

    /**
     * The same request with another correlation id.
     *
     * @param newRequestId the id, or {@code null}
     * @return a copy with {@code requestId} replaced
     */
    public TestRequest withRequestId(String newRequestId) {
        return new TestRequest(projectId, integrationId, endpoint, newRequestId, traceparent, tracestate);
    }

    /**
     * The same request carrying another W3C trace context.
     *
     * @param newTraceparent the {@code traceparent}, or {@code null}
     * @param newTracestate  the {@code tracestate}, or {@code null}
     * @return a copy with both replaced
     */
    public TestRequest withTraceContext(String newTraceparent, String newTracestate) {
        return new TestRequest(projectId, integrationId, endpoint, requestId, newTraceparent, newTracestate);
    }
}
