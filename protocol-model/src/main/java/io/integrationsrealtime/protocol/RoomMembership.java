package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The caller's reply to join ({@code integration:joined}), leave ({@code integration:left}),
 * webhook subscribe and unsubscribe: which room the socket is now in, or no longer in.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoomMembership(String integrationId, String projectId, String room, String requestId) {
}
