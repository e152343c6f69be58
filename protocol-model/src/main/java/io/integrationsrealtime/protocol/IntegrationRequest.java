package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The request of join, leave, status, webhook subscribe and webhook unsubscribe: which
 * integration, in which project. {@code requestId} is optional; when given it is echoed on the
 * caller's reply. {@code lastSeq} (join and webhook subscribe only, optional) is the last room
 * sequence number the client saw: the server replays what came after it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntegrationRequest(
        @JsonProperty("projectId") String projectId,
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("requestId") String requestId,
        @JsonProperty("lastSeq") Long lastSeq)
        implements Request {

    public IntegrationRequest(String projectId, String integrationId, String requestId) {
        this(projectId, integrationId, requestId, null);
    }

    public IntegrationRequest withRequestId(String newRequestId) {
        return new IntegrationRequest(projectId, integrationId, newRequestId, lastSeq);
    }

    /** Join or subscribe again after a disconnect: replay the room's events after {@code seq}. */
    public IntegrationRequest withLastSeq(Long seq) {
        return new IntegrationRequest(projectId, integrationId, requestId, seq);
    }
}
