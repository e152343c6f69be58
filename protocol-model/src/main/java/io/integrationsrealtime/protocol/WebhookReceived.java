package io.integrationsrealtime.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Map;

/**
 * {@code integration:webhook:received}: an inbound webhook, mirrored to subscribers only.
 *
 * @param integrationId the integration the webhook belongs to
 * @param event         the provider's event type, e.g. {@code stripe.invoice.paid}
 * @param data          the webhook's JSON object body; deep unmodifiable copy, never {@code null}
 * @param timestamp     when the host published it
 * @param seq           its position in the webhook mirror's own sequence (not the integration
 *                      room's); set on everything subscribers receive
 */
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

    /**
     * Creates a webhook event, copying {@code data} deeply.
     *
     * @param integrationId the integration
     * @param event         the provider's event type
     * @param data          free-form JSON object; {@code null} becomes empty
     * @param timestamp     when it was published
     * @param seq           the mirror's sequence number, or {@code null}
     */
    public WebhookReceived {
        data = JsonObjects.copyOf(data);
    }

    /**
     * A webhook event not yet numbered.
     *
     * @param integrationId the integration
     * @param event         the provider's event type
     * @param data          free-form JSON object
     * @param timestamp     when it was published
     */
    public WebhookReceived(String integrationId, String event, Map<String, Object> data, Instant timestamp) {
        this(integrationId, event, data, timestamp, null);
    }

    /**
     * This webhook with its position in the webhook mirror's sequence.
     *
     * @param newSeq the mirror's sequence number for it
     * @return a copy with {@code seq} set
     */
    public WebhookReceived withSeq(long newSeq) {
        return new WebhookReceived(integrationId, event, data, timestamp, newSeq);
    }
}
