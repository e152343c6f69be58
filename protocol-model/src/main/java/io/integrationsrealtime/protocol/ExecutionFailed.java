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
 * (A request refused before it ran gets an {@link ErrorReply} instead.)
 *
 * @param integrationId the integration that ran
 * @param endpoint      the endpoint that ran; {@code healthCheck} for a test
 * @param error         what failed: the host's {@code IntegrationFailure} as written,
 *                      {@code TIMEOUT} at the server's deadline, {@code INTERNAL} for any other
 *                      exception; {@code details} on the caller's copy only
 * @param executionId   the server's id of the run, shared with its started event
 * @param requestId     the caller's correlation id, on the caller's copy only
 * @param timestamp     when the run failed
 * @param seq           the event's position in the room's sequence, on room copies (live and
 *                      replayed); {@code null} on the caller's own copy
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

    /**
     * The caller's copy: no sequence number.
     *
     * @param integrationId the integration that ran
     * @param endpoint      the endpoint that ran
     * @param error         what failed, with details
     * @param executionId   the server's id of the run
     * @param requestId     the caller's correlation id
     * @param timestamp     when the run failed
     */
    public ExecutionFailed(String integrationId, String endpoint, ErrorInfo error, String executionId,
                           String requestId, Instant timestamp) {
        this(integrationId, endpoint, error, executionId, requestId, timestamp, null);
    }

    /**
     * The copy for the others in the room.
     *
     * @return this event without the error's {@code details}, without requestId and without
     *         sequence number
     */
    public ExecutionFailed forOthers() {
        return new ExecutionFailed(integrationId, endpoint, error.withoutDetails(), executionId, null, timestamp, null);
    }

    /**
     * This event with its position in the room's sequence.
     *
     * @param newSeq the room's sequence number for it
     * @return a copy with {@code seq} set
     */
    public ExecutionFailed withSeq(long newSeq) {
        return new ExecutionFailed(integrationId, endpoint, error, executionId, requestId, timestamp, newSeq);
    }
}
