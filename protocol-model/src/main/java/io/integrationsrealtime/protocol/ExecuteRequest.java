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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecuteRequest(
        @JsonProperty("projectId") String projectId,
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("requestData") Map<String, Object> requestData,
        @JsonProperty("requestId") String requestId) implements Request {

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
     */
    public ExecuteRequest {
        params = JsonObjects.copyOf(params);
        requestData = JsonObjects.copyOf(requestData);
    }

    /**
     * The same request with another correlation id.
     *
     * @param newRequestId the id, or {@code null}
     * @return a copy with {@code requestId} replaced
     */
    public ExecuteRequest withRequestId(String newRequestId) {
        return new ExecuteRequest(projectId, integrationId, endpoint, params, requestData, newRequestId);
    }
}
