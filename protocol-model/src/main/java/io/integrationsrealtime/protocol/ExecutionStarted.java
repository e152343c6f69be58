package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;

/**
 * {@code integration:execution:started} and {@code integration:test:started}. {@code executionId}
 * (server-made) pairs it with the later completed/failed event; {@code requestId} is present only
 * on events sent to the caller of the request; {@code seq} is the event's position in the room's
 * sequence (room copies only).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionStarted(
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("executionId") String executionId,
        @JsonProperty("requestId") String requestId,
        @JsonProperty("timestamp")
        @JsonSerialize(using = Timestamps.Serializer.class)
        @JsonDeserialize(using = Timestamps.Deserializer.class)
        Instant timestamp,
        @JsonProperty("seq") Long seq) {

    public ExecutionStarted(String integrationId, String endpoint, String executionId, String requestId, Instant timestamp) {
        this(integrationId, endpoint, executionId, requestId, timestamp, null);
    }

    /** The same event without the caller's requestId, as the others in the room see it. */
    public ExecutionStarted forOthers() {
        return new ExecutionStarted(integrationId, endpoint, executionId, null, timestamp, null);
    }

    /** This event with its position in the room's sequence. */
    public ExecutionStarted withSeq(long newSeq) {
        return new ExecutionStarted(integrationId, endpoint, executionId, requestId, timestamp, newSeq);
    }
}
