package io.integrationsrealtime.server.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A webhook whose signature and timestamp checked out.
 *
 * @param id        the {@code webhook-id} header for Standard Webhooks; {@code null} for Stripe-style
 *                  webhooks, whose id (e.g. {@code evt_...}) is inside the JSON body
 * @param timestamp the signed timestamp
 * @param body      the raw body exactly as verified (a copy; the accessor returns a copy too)
 */
public record VerifiedWebhook(String id, Instant timestamp, byte[] body) {

    public VerifiedWebhook {
        Objects.requireNonNull(timestamp, "timestamp");
        body = Objects.requireNonNull(body, "body").clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8, ready for a JSON parser. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    // Records compare arrays by identity; a verified webhook is a value, so compare the bytes.
    @Override
    public boolean equals(Object other) {
        return other instanceof VerifiedWebhook that && Objects.equals(id, that.id)
                && timestamp.equals(that.timestamp) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, timestamp, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "VerifiedWebhook[id=" + id + ", timestamp=" + timestamp + ", body=" + body.length + " bytes]";
    }
}
