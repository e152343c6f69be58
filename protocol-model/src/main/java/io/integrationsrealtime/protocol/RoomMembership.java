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

    public RoomMembership(String integrationId, String projectId, String room, String requestId) {
        this(integrationId, projectId, room, requestId, null, null, null);
    }
}
