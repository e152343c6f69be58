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
 *
 * @param active    whether the integration is active ({@code isActive} on the wire); reported
 *                  only: the host's backend refuses runs of an inactive one
 *                  ({@code INTEGRATION_INACTIVE})
 * @param usage     the host's usage counters, a free-form JSON object (e.g.
 *                  {@code {"requests": 42}}); deep unmodifiable copy, never {@code null}
 * @param rateLimit the third-party API's rate limit as last seen, or {@code null} when unknown
 * @param lastUsed  when the integration was last used, or {@code null} if never
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

    /**
     * Creates a status, copying {@code usage} deeply.
     *
     * @param active    whether the integration is active
     * @param usage     free-form JSON object; {@code null} becomes empty
     * @param rateLimit the rate limit, or {@code null}
     * @param lastUsed  the last use, or {@code null}
     */
    public IntegrationStatus {
        usage = JsonObjects.copyOf(usage);
    }
}
