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

    public ExecutionCompleted(String integrationId, String endpoint, ExecutionResult result, String executionId,
                              String requestId, Instant timestamp) {
        this(integrationId, endpoint, result, executionId, requestId, timestamp, null);
    }

    /** Summary only (no {@code data}) and no requestId. */
    public ExecutionCompleted forOthers() {
        return new ExecutionCompleted(integrationId, endpoint, result.summary(), executionId, null, timestamp, null);
    }

    /** This event with its position in the room's sequence. */
    public ExecutionCompleted withSeq(long newSeq) {
        return new ExecutionCompleted(integrationId, endpoint, result, executionId, requestId, timestamp, newSeq);
    }
}
