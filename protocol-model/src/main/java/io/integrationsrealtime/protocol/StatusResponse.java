package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;

/**
 * {@code integration:status:response}, to the caller of {@code integration:status} (or in its ack).
 *
 * @param integrationId the integration
 * @param status        what the host's backend reported
 * @param requestId     the request's correlation id (the client's, or one the server made up)
 * @param timestamp     when the server answered
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusResponse(
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("status") IntegrationStatus status,
        @JsonProperty("requestId") String requestId,
        @JsonProperty("timestamp")
        @JsonSerialize(using = Timestamps.Serializer.class)
        @JsonDeserialize(using = Timestamps.Deserializer.class)
        Instant timestamp) {
}
