package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code integration:test}: run the integration's health check. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestRequest(
        @JsonProperty("projectId") String projectId,
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("requestId") String requestId) implements Request {

    /** The only endpoint a test runs; also the value assumed when a request omits it. */
    public static final String HEALTH_CHECK = "healthCheck";

    public static TestRequest of(String projectId, String integrationId, String requestId) {
        return new TestRequest(projectId, integrationId, HEALTH_CHECK, requestId);
    }

    public TestRequest withRequestId(String newRequestId) {
        return new TestRequest(projectId, integrationId, endpoint, newRequestId);
    }
}
