package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;

/**
 * {@code integration:execution:completed} and {@code integration:test:completed}. The caller's
 * copy has the full result and its {@code requestId}; {@link #forOthers()} is what the rest of
 * the room sees.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionCompleted(
        String integrationId,
        String endpoint,
        ExecutionResult result,
        String executionId,
        String requestId,
        @JsonSerialize(using = Timestamps.Serializer.class)
        @JsonDeserialize(using = Timestamps.Deserializer.class)
        Instant timestamp) {

    /** Summary only (no {@code data}) and no requestId. */
    public ExecutionCompleted forOthers() {
        return new ExecutionCompleted(integrationId, endpoint, result.summary(), executionId, null, timestamp);
    }
}
