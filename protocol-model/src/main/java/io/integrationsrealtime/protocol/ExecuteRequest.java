package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code integration:execute}: run {@code endpoint} of an integration with free-form params. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecuteRequest(
        @JsonProperty("projectId") String projectId,
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("requestData") Map<String, Object> requestData,
        @JsonProperty("requestId") String requestId) implements Request {

    public ExecuteRequest {
        params = JsonObjects.copyOf(params);
        requestData = JsonObjects.copyOf(requestData);
    }

    public ExecuteRequest withRequestId(String newRequestId) {
        return new ExecuteRequest(projectId, integrationId, endpoint, params, requestData, newRequestId);
    }
}
