package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Map;

/**
 * {@code integration:usage:updated}: the integration's usage counters, pushed to its room when the
 * host publishes them.
 *
 * @param integrationId the integration
 * @param usage         the host's usage counters, a free-form JSON object; deep unmodifiable copy,
 *                      never {@code null}
 * @param timestamp     when the host published them
 * @param seq           the push's position in the room's sequence; set on everything the room
 *                      receives, {@code null} only before publishing
 */
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

    /**
     * Creates a push, copying {@code usage} deeply.
     *
     * @param integrationId the integration
     * @param usage         free-form JSON object; {@code null} becomes empty
     * @param timestamp     when it was published
     * @param seq           the room's sequence number, or {@code null}
     */
    public UsageUpdated {
        usage = JsonObjects.copyOf(usage);
    }

    /**
     * A push not yet numbered.
     *
     * @param integrationId the integration
     * @param usage         free-form JSON object
     * @param timestamp     when it was published
     */
    public UsageUpdated(String integrationId, Map<String, Object> usage, Instant timestamp) {
        this(integrationId, usage, timestamp, null);
    }

    /**
     * This push with its position in the room's sequence.
     *
     * @param newSeq the room's sequence number for it
     * @return a copy with {@code seq} set
     */
    public UsageUpdated withSeq(long newSeq) {
        return new UsageUpdated(integrationId, usage, timestamp, newSeq);
    }
}
