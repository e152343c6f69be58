package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;

/**
 * A refused request (it never ran): the ack payload when the request carried an ack, otherwise
 * the {@code integration:error} event to the caller. {@code event} names the refused request.
 *
 * @param requestId the refused request's {@code requestId} when it carried a well-formed one;
 *                  otherwise {@code null}, or an id the server made up
 * @param event     the refused request's event, e.g. {@code integration:execute}; for
 *                  {@code UNKNOWN_EVENT} the unknown name as sent (at most 100 characters);
 *                  {@code null} when the payload was not JSON
 * @param error     why it was refused
 * @param timestamp when the server refused it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorReply(
        @JsonProperty("requestId") String requestId,
        @JsonProperty("event") String event,
        @JsonProperty("error") ErrorInfo error,
        @JsonProperty("timestamp")
        @JsonSerialize(using = Timestamps.Serializer.class)
        @JsonDeserialize(using = Timestamps.Deserializer.class)
        Instant timestamp) {

    /**
     * A refusal stamped with the current time.
     *
     * @param requestId the refused request's id, or {@code null}
     * @param event     the refused request's event, or {@code null}
     * @param error     why it was refused
     * @return the reply
     */
    public static ErrorReply of(String requestId, String event, ErrorInfo error) {
        return new ErrorReply(requestId, event, error, Timestamps.now());
    }
}
