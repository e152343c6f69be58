package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The request of join, leave, status, webhook subscribe and webhook unsubscribe: which
 * integration, in which project. {@code requestId} is optional; when given it is echoed on the
 * caller's reply.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntegrationRequest(String projectId, String integrationId, String requestId) implements Request {

    public IntegrationRequest withRequestId(String newRequestId) {
        return new IntegrationRequest(projectId, integrationId, newRequestId);
    }
}
