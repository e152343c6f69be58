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
 *
 * <p>An execution's started event goes to the others in the room only; a test's also goes to its
 * caller.
 *
 * @param integrationId the integration that runs
 * @param endpoint      the endpoint that runs; {@code healthCheck} for a test
 * @param executionId   the server's id of the run
 * @param requestId     the caller's correlation id, on the caller's copy only
 * @param timestamp     when the run started
 * @param seq           the event's position in the room's sequence, on room copies (live and
 *                      replayed); {@code null} on the caller's own copy
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

    /**
     * The caller's copy: no sequence number.
     *
     * @param integrationId the integration that runs
     * @param endpoint      the endpoint that runs
     * @param executionId   the server's id of the run
     * @param requestId     the caller's correlation id
     * @param timestamp     when the run started
     */
    public ExecutionStarted(String integrationId, String endpoint, String executionId, String requestId, Instant timestamp) {
        this(integrationId, endpoint, executionId, requestId, timestamp, null);
    }

    /**
     * The copy for the others in the room.
     *
     * @return the same event without the caller's requestId and without sequence number
     */
    public ExecutionStarted forOthers() {
        return new ExecutionStarted(integrationId, endpoint, executionId, null, timestamp, null);
    }

    /**
     * This event with its position in the room's sequence.
     *
     * @param newSeq the room's sequence number for it
     * @return a copy with {@code seq} set
     */
    public ExecutionStarted withSeq(long newSeq) {
        return new ExecutionStarted(integrationId, endpoint, executionId, requestId, timestamp, newSeq);
    }
}
