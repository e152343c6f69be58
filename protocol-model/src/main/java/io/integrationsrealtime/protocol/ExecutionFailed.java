package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;

/**
 * {@code integration:execution:failed} and {@code integration:test:failed}: the endpoint ran and
 * did not succeed. The caller's copy has the error's {@code details}; others see code and message.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionFailed(
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("error") ErrorInfo error,
        @JsonProperty("executionId") String executionId,
        @JsonProperty("requestId") String requestId,
        @JsonProperty("timestamp")
        @JsonSerialize(using = Timestamps.Serializer.class)
        @JsonDeserialize(using = Timestamps.Deserializer.class)
        Instant timestamp,
        @JsonProperty("seq") Long seq) {

    public ExecutionFailed(String integrationId, String endpoint, ErrorInfo error, String executionId,
                           String requestId, Instant timestamp) {
        this(integrationId, endpoint, error, executionId, requestId, timestamp, null);
    }

    public ExecutionFailed forOthers() {
        return new ExecutionFailed(integrationId, endpoint, error.withoutDetails(), executionId, null, timestamp, null);
    }

    /** This event with its position in the room's sequence. */
    public ExecutionFailed withSeq(long newSeq) {
        return new ExecutionFailed(integrationId, endpoint, error, executionId, requestId, timestamp, newSeq);
    }
}
