package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Map;

/** {@code integration:webhook:received}: an inbound webhook, mirrored to subscribers only. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookReceived(
        @JsonProperty("integrationId") String integrationId,
        @JsonProperty("event") String event,
        @JsonProperty("data") Map<String, Object> data,
        @JsonProperty("timestamp")
        @JsonSerialize(using = Timestamps.Serializer.class)
        @JsonDeserialize(using = Timestamps.Deserializer.class)
        Instant timestamp,
        @JsonProperty("seq") Long seq) {

    public WebhookReceived {
        data = JsonObjects.copyOf(data);
    }

    public WebhookReceived(String integrationId, String event, Map<String, Object> data, Instant timestamp) {
        this(integrationId, event, data, timestamp, null);
    }

    /** This webhook with its position in the webhook mirror's sequence. */
    public WebhookReceived withSeq(long newSeq) {
        return new WebhookReceived(integrationId, event, data, timestamp, newSeq);
    }
}
