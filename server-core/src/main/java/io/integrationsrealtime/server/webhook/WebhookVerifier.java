package io.integrationsrealtime.server.webhook;

import io.integrationsrealtime.server.webhook.SignatureScheme.SignedRequest;
import io.integrationsrealtime.server.webhook.WebhookVerificationException.Reason;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Verifies a provider webhook before the host mirrors it with
 * {@code IntegrationsServer.publishWebhook}: HMAC-SHA256 over the raw body, constant-time
 * comparison, and a timestamp tolerance in both directions. Pure and immutable: no I/O, no state,
 * safe to share across threads. Pair it with a {@link WebhookDeduplicator} to mirror retried
 * deliveries once.
 *
 * <pre>{@code
 * WebhookVerifier stripe = WebhookVerifier.stripe().secret(System.getenv("STRIPE_WEBHOOK_SECRET")).build();
 * WebhookVerifier standard = WebhookVerifier.standardWebhooks().secret("whsec_...").build();
 *
 * VerifiedWebhook hook = standard.verify(request::getHeader, rawBodyBytes); // or verify(headerMap, rawBodyBytes)
 * }</pre>
 *
 * <p>Pass the body exactly as received, before any JSON parsing: a re-serialized body has
 * different bytes and will not verify.
 */
public final class WebhookVerifier {

    /** How far the signed timestamp may be from now, either way, unless {@link Builder#tolerance} says otherwise. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final SignatureScheme scheme;
    private final List<byte[]> keys;
    private final Duration tolerance;
    private final Clock clock;

    private WebhookVerifier(Builder builder) {
        this.scheme = builder.scheme;
        this.keys = List.copyOf(builder.keys);
        this.tolerance = builder.tolerance;
        this.clock = builder.clock;
    }

    /**
     * Stripe-style signatures: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]},
     * signing {@code t + "." + body} with the secret's UTF-8 bytes (e.g. {@code whsec_...} used as is).
     *
     * @return a builder; add at least one {@link Builder#secret}
     */
    public static Builder stripe() {
        return new Builder(new StripeScheme());
    }

    /**
     * Standard Webhooks (standardwebhooks.com): {@code webhook-id}, {@code webhook-timestamp} and
     * {@code webhook-signature: v1,<base64> [v1,<base64>...]}, signing {@code id + "." + timestamp
     * + "." + body} with the key base64-encoded in a {@code whsec_<base64>} secret.
     *
     * @return a builder; add at least one {@link Builder#secret}
     */
    public static Builder standardWebhooks() {
        return new Builder(new StandardWebhooksScheme());
    }

    /**
     * Verifies a webhook whose headers are in a map; header names match ignoring case, so
     * {@code stripe-signature} and {@code Webhook-Id} are found.
     *
     * @param headers one value per header name, as received
     * @param rawBody the body bytes exactly as received
     * @return the verified webhook, with its id (Standard Webhooks) and signed timestamp
     * @throws WebhookVerificationException when a header is missing or malformed, no signature
     *                                      matches, or the timestamp is outside the tolerance
     */
    public VerifiedWebhook verify(Map<String, String> headers, byte[] rawBody) throws WebhookVerificationException {
        Objects.requireNonNull(headers, "headers");
        return verify(name -> valueIgnoringCase(headers, name), rawBody);
    }

    /**
     * Verifies a webhook through the host's header lookup, e.g. Servlet {@code request::getHeader},
     * JDK {@code exchange.getRequestHeaders()::getFirst} or Netty {@code request.headers()::get}.
     * The lookup must ignore case (those do) and return {@code null} for an absent header.
     *
     * @param header  returns a header's value by name, or {@code null}
     * @param rawBody the body bytes exactly as received
     * @return the verified webhook, with its id (Standard Webhooks) and signed timestamp
     * @throws WebhookVerificationException when a header is missing or malformed, no signature
     *                                      matches, or the timestamp is outside the tolerance
     */
    public VerifiedWebhook verify(Function<String, String> header, byte[] rawBody)
            throws WebhookVerificationException {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(rawBody, "rawBody");
        SignedRequest request = scheme.read(header);
        if (!anySignatureMatches(request, rawBody)) {
            throw new WebhookVerificationException(Reason.NO_MATCHING_SIGNATURE,
                    "no signature matches the body under any configured secret");
        }
        // Checked after the signature so this reason is only ever reported for authentic (but stale) requests.
        requireWithinTolerance(request.timestamp());
        return new VerifiedWebhook(request.id(), request.timestamp(), rawBody);
    }

    /**
     * How far the signed timestamp may be from now, either way.
     *
     * @return the tolerance this verifier was built with
     */
    public Duration tolerance() {
        return tolerance;
    }

    private boolean anySignatureMatches(SignedRequest request, byte[] rawBody) {
        for (byte[] key : keys) {
            byte[] expected = HmacSha256.of(key, request.signedPrefix(), rawBody);
            for (byte[] candidate : request.signatures()) {
                if (MessageDigest.isEqual(expected, candidate)) { // constant time: no early exit on the first differing byte
                    return true;
                }
            }
        }
        return false;
    }

    private void requireWithinTolerance(Instant signedAt) throws WebhookVerificationException {
        Duration skew = Duration.between(clock.instant(), signedAt);
        if (skew.abs().compareTo(tolerance) > 0) {
            String direction = skew.isNegative() ? " old" : " in the future";
            throw new WebhookVerificationException(Reason.TIMESTAMP_OUTSIDE_TOLERANCE, "timestamp is "
                    + skew.abs().toSeconds() + " s" + direction + ", tolerance is " + tolerance.toSeconds() + " s");
        }
    }

    private static String valueIgnoringCase(Map<String, String> headers, String name) {
        String exact = headers.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (name.equalsIgnoreCase(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Configures a {@link WebhookVerifier}; start from {@link #stripe()} or {@link #standardWebhooks()}. */
    public static final class Builder {

        private final SignatureScheme scheme;
        private final List<byte[]> keys = new ArrayList<>();
        private Duration tolerance = DEFAULT_TOLERANCE;
        private Clock clock = Clock.systemUTC();

        private Builder(SignatureScheme scheme) {
            this.scheme = scheme;
        }

        /**
         * Adds a secret. Call again to accept several during a rotation: a webhook passes if any
         * secret verifies it.
         *
         * @param secret the provider's signing secret; never logged or put in a message
         * @return this builder
         * @throws IllegalArgumentException if the secret is empty or, for Standard Webhooks, not
         *                                  {@code whsec_<base64>} (the prefix may be omitted)
         */
        public Builder secret(String secret) {
            keys.add(scheme.key(Objects.requireNonNull(secret, "secret")));
            return this;
        }

        /**
         * How far the signed timestamp may be from now, either way; default
         * {@link WebhookVerifier#DEFAULT_TOLERANCE}. Keep the deduplicator's retention at least
         * twice this.
         *
         * @param tolerance positive
         * @return this builder
         * @throws IllegalArgumentException if {@code tolerance} is zero or negative
         */
        public Builder tolerance(Duration tolerance) {
            Objects.requireNonNull(tolerance, "tolerance");
            if (tolerance.isNegative() || tolerance.isZero()) {
                throw new IllegalArgumentException("tolerance must be positive");
            }
            this.tolerance = tolerance;
            return this;
        }

        /**
         * The clock "now" is read from; for tests. Default: the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * An immutable verifier, safe to share across threads.
         *
         * @return the verifier
         * @throws IllegalStateException if no secret was added
         */
        public WebhookVerifier build() {
            if (keys.isEmpty()) {
                throw new IllegalStateException("at least one secret is required");
            }
            return new WebhookVerifier(this);
        }
    }
}
