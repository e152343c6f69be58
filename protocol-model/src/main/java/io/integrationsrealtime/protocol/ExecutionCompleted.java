package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;

/**
 * {@code integration:execution:completed} and {@code integration:test:completed}. The caller's
 * copy has the full result and its {@code requestId}; {@link #forOthers()} is what the rest of
 * the room sees; room copies carry their {@code seq} in the room's sequence.
 *
 * @param integrationId the integration that ran
 * @param endpoint      the endpoint that ran; {@code healthCheck} for a test
 * @param result        the result: full for the caller, a summary without {@code data} for others
 * @param executionId   the server's id of the run, shared with its started event
 * @param requestId     the caller's correlation id, on the caller's copy only
 * @param timestamp     when the run completed
 * @param seq           the event's position in the room's sequence, on room copies (live and
 *                      replayed); {@code null} on the caller's own copy
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionCompleted(
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("result") ExecutionResult result,
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
     * @param integrationId the integration that ran
     * @param endpoint      the endpoint that ran
     * @param result        the full result
     * @param executionId   the server's id of the run
     * @param requestId     the caller's correlation id
     * @param timestamp     when the run completed
     */
    public ExecutionCompleted(String integrationId, String endpoint, ExecutionResult result, String executionId,
                              String requestId, Instant timestamp) {
        this(integrationId, endpoint, result, executionId, requestId, timestamp, null);
    }

    /**
     * The copy for the others in the room.
     *
     * @return this event with the result's summary only (no {@code data}), no requestId and no
     *         sequence number
     */
    public ExecutionCompleted forOthers() {
        return new ExecutionCompleted(integrationId, endpoint, result.summary(), executionId, null, timestamp, null);
    }

    /**
     * This event with its position in the room's sequence.
     *
     * @param newSeq the room's sequence number for it
     * @return a copy with {@code seq} set
     */
    public ExecutionCompleted withSeq(long newSeq) {
        return new ExecutionCompleted(integrationId, endpoint, result, executionId, requestId, timestamp, newSeq);
    }
}
