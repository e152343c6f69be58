package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The caller's reply to join ({@code integration:joined}), leave ({@code integration:left}),
 * webhook subscribe and unsubscribe: which room the socket is now in, or no longer in.
 *
 * <p>On join and subscribe, {@code seq} is the room's latest sequence number; when the request
 * carried {@code lastSeq}, {@code replayed} says how many missed events follow this reply, and
 * {@code gap} is true when some were too old to replay (refresh with status).
 *
 * @param integrationId the integration
 * @param projectId     its project
 * @param room          the room: {@code integration:<id>}, or {@code integration:<id>:webhooks}
 *                      for the webhook mirror (see {@link Rooms})
 * @param requestId     the request's correlation id (the client's, or one the server made up)
 * @param seq           on join and subscribe: the room's latest sequence number, 0 if it has none
 *                      yet; {@code null} on leave and unsubscribe
 * @param replayed      how many missed events were sent before this reply; only when the request
 *                      carried {@code lastSeq}, else {@code null}
 * @param gap           whether some missed events were no longer in the log; only when the request
 *                      carried {@code lastSeq}, else {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoomMembership(
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("projectId") String projectId,
        @JsonProperty("room") String room,
        @JsonProperty("requestId") String requestId,
        @JsonProperty("seq") Long seq,
        @JsonProperty("replayed") Integer replayed,
        @JsonProperty("gap") Boolean gap) {

    /**
     * A reply without sequence information, as for leave and unsubscribe.
     *
     * @param integrationId the integration
     * @param projectId     its project
     * @param room          the room
     * @param requestId     the request's correlation id
     */
    public RoomMembership(String integrationId, String projectId, String room, String requestId) {
        this(integrationId, projectId, room, requestId, null, null, null);
    }
}
