package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** {@code integration:execute}: run {@code endpoint} of an integration with free-form params. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecuteRequest(
        String projectId,
        String integrationId,
        String endpoint,
        Map<String, Object> params,
        Map<String, Object> requestData,
        String requestId) implements Request {

    public ExecuteRequest {
        params = JsonObjects.copyOf(params);
        requestData = JsonObjects.copyOf(requestData);
    }

    public ExecuteRequest withRequestId(String newRequestId) {
        return new ExecuteRequest(projectId, integrationId, endpoint, params, requestData, newRequestId);
    }
}
