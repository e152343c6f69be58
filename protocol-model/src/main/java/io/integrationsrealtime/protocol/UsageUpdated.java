package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Map;

/** {@code integration:usage:updated}: the integration's usage counters, pushed to its room. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageUpdated(
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("usage") Map<String, Object> usage,
        @JsonProperty("timestamp")
        @JsonSerialize(using = Timestamps.Serializer.class)
        @JsonDeserialize(using = Timestamps.Deserializer.class)
        Instant timestamp,
        @JsonProperty("seq") Long seq) {

    public UsageUpdated {
        usage = JsonObjects.copyOf(usage);
    }

    public UsageUpdated(String integrationId, Map<String, Object> usage, Instant timestamp) {
        this(integrationId, usage, timestamp, null);
    }

    /** This push with its position in the room's sequence. */
    public UsageUpdated withSeq(long newSeq) {
        return new UsageUpdated(integrationId, usage, timestamp, newSeq);
    }
}
