package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;

/**
 * A snapshot of the third-party API's rate limit, as the host last saw it (e.g. from the
 * provider's {@code x-rate-limit-*} response headers).
 *
 * @param limit     calls allowed per window
 * @param remaining calls left in the current window
 * @param resetAt   when the current window ends and {@code remaining} goes back to {@code limit};
 *                  may be {@code null} when the provider does not say
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateLimit(
        @JsonProperty("limit") long limit,
        @JsonProperty("remaining") long remaining,
        @JsonProperty("resetAt")
        @JsonSerialize(using = Timestamps.Serializer.class)
        @JsonDeserialize(using = Timestamps.Deserializer.class)
        Instant resetAt) {
}
