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

    public static ErrorReply of(String requestId, String event, ErrorInfo error) {
        return new ErrorReply(requestId, event, error, Timestamps.now());
    }
}
