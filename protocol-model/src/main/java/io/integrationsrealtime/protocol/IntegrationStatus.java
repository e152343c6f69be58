package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Map;

/**
 * {@code status} of {@code integration:status:response}. {@code rateLimit} and {@code lastUsed}
 * are always written, as {@code null} when unknown or never used.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntegrationStatus(
        @JsonProperty("isActive") boolean active,
        @JsonProperty("usage") Map<String, Object> usage,
        @JsonProperty("rateLimit")
        @JsonInclude(JsonInclude.Include.ALWAYS)
        RateLimit rateLimit,
        @JsonProperty("lastUsed")
        @JsonInclude(JsonInclude.Include.ALWAYS)
        @JsonSerialize(using = Timestamps.Serializer.class)
        @JsonDeserialize(using = Timestamps.Deserializer.class)
        Instant lastUsed) {

    public IntegrationStatus {
        usage = JsonObjects.copyOf(usage);
    }
}
