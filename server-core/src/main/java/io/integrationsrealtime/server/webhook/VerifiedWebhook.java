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

    /**
     * Made by {@link WebhookVerifier}; public for tests of the host's own handling.
     *
     * @param id        the webhook id, or {@code null}
     * @param timestamp the signed timestamp; required
     * @param body      the raw body; required, copied
     * @throws NullPointerException if {@code timestamp} or {@code body} is null
     */
    public VerifiedWebhook {
        Objects.requireNonNull(timestamp, "timestamp");
        body = Objects.requireNonNull(body, "body").clone();
    }

    /**
     * The raw body, exactly as verified.
     *
     * @return a fresh copy on each call
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body decoded as UTF-8, ready for a JSON parser.
     *
     * @return the text; malformed UTF-8 sequences become U+FFFD
     */
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
