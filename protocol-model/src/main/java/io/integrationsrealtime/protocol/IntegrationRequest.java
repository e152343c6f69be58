package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The request of join, leave, status, webhook subscribe and webhook unsubscribe: which
 * integration, in which project. {@code requestId} is optional; when given it is echoed on the
 * caller's reply. {@code lastSeq} (join and webhook subscribe only, optional) is the last room
 * sequence number the client saw: the server replays what came after it.
 *
 * @param projectId     the project, 24 lowercase hex characters
 * @param integrationId the integration, 24 lowercase hex characters, belonging to that project
 * @param requestId     the client's correlation id, or {@code null}
 * @param lastSeq       the last sequence number seen of the room (join) or of the webhook mirror
 *                      (subscribe), or {@code null} on a first join; a JSON integer on the wire
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntegrationRequest(
        @JsonProperty("projectId") String projectId,
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("requestId") String requestId,
        @JsonProperty("lastSeq") Long lastSeq)
        implements Request {

    /**
     * A request without {@code lastSeq}: no replay.
     *
     * @param projectId     the project
     * @param integrationId the integration
     * @param requestId     the correlation id, or {@code null}
     */
    public IntegrationRequest(String projectId, String integrationId, String requestId) {
        this(projectId, integrationId, requestId, null);
    }

    /**
     * The same request with another correlation id.
     *
     * @param newRequestId the id, or {@code null}
     * @return a copy with {@code requestId} replaced
     */
    public IntegrationRequest withRequestId(String newRequestId) {
        return new IntegrationRequest(projectId, integrationId, newRequestId, lastSeq);
    }

    /**
     * Join or subscribe again after a disconnect: replay the room's events after {@code seq}.
     *
     * @param seq the last sequence number seen, or {@code null} for no replay
     * @return a copy with {@code lastSeq} replaced
     */
    public IntegrationRequest withLastSeq(Long seq) {
        return new IntegrationRequest(projectId, integrationId, requestId, seq);
    }
}
