package io.integrationsrealtime.server.webhook;

import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Signs webhooks the way providers do, for tests, demos and {@code curl} examples. Hosts receiving
 * real webhooks only need {@link WebhookVerifier}.
 */
public final class WebhookSigner {

    private WebhookSigner() {
    }

    /**
     * The {@code Stripe-Signature} header value, {@code t=<unix seconds>,v1=<lowercase hex>}, for
     * this body at this time.
     *
     * @param secret    the endpoint's signing secret, used as UTF-8 bytes (e.g. {@code whsec_...})
     * @param timestamp the signing time; whole seconds are signed
     * @param body      the exact body bytes that will be sent
     * @return the header value
     * @throws IllegalArgumentException if the secret is empty
     */
    public static String stripeSignatureHeader(String secret, Instant timestamp, byte[] body) {
        String t = Long.toString(timestamp.getEpochSecond());
        byte[] signature = HmacSha256.of(new StripeScheme().key(secret), SignatureScheme.utf8(t + "."), body);
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(signature);
    }

    /**
     * The three Standard Webhooks headers ({@code webhook-id}, {@code webhook-timestamp},
     * {@code webhook-signature: v1,<base64>}) for this body at this time.
     *
     * @param secret    {@code whsec_<base64 key>} (the prefix may be omitted)
     * @param id        the delivery id, e.g. {@code msg_...}; required
     * @param timestamp the signing time; whole seconds are signed
     * @param body      the exact body bytes that will be sent
     * @return an unmodifiable map in that order
     * @throws IllegalArgumentException if the secret is not base64, or empty
     */
    public static Map<String, String> standardWebhooksHeaders(String secret, String id, Instant timestamp,
                                                              byte[] body) {
        Objects.requireNonNull(id, "id");
        String t = Long.toString(timestamp.getEpochSecond());
        byte[] signature = HmacSha256.of(new StandardWebhooksScheme().key(secret),
                SignatureScheme.utf8(id + "." + t + "."), body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(StandardWebhooksScheme.ID_HEADER, id);
        headers.put(StandardWebhooksScheme.TIMESTAMP_HEADER, t);
        headers.put(StandardWebhooksScheme.SIGNATURE_HEADER, "v1," + Base64.getEncoder().encodeToString(signature));
        return Collections.unmodifiableMap(headers);
    }
}
